import { vietnameseWords } from '../../platform/http/problem-language.js';
import { TERMINAL_CLOCK_SLACK_MS, UNIT_TRANSITIONS, type UnitStatus } from './model.js';

/**
 * What a unit's terminal is told when the centre refuses what it reported: a stable code, and the
 * words in Vietnamese and English (a terminal has no language of its own: the crew's screen picks).
 */

/** Why a terminal's report was refused. */
export type TerminalRefusalCode =
  /** The device did not prove itself with a secret of its own: only an API key, its group's or an account's (a gateway). */
  | 'own_secret_required'
  /** Not one of the unit statuses. */
  | 'not_a_status'
  /** "dispatched": only the centre sends a unit, through an incident. */
  | 'centre_dispatches'
  /** A step the unit's lifecycle does not allow from where it is. */
  | 'step_not_allowed'
  /** The unit changed between the read and the write: the terminal may send again. */
  | 'changed_meanwhile'
  /** Stamped long before the unit's last change (queued in a radio gap): it would undo a newer status. */
  | 'out_of_date'
  /** A position outside the city's outline, the one calls are checked against: a bad fix, not the unit. */
  | 'outside_city'
  /** A position farther from the last good one than a unit drives in the time between them. */
  | 'implausible_jump';

export interface TerminalRefusal {
  readonly code: TerminalRefusalCode;
  /** What the terminal reported: a status as sent (cut short), or "position". */
  readonly reported: string;
  readonly at: string;
  /** The English words, as terminals read them before there were codes. */
  readonly reason: string;
  readonly text: { readonly vi: string; readonly en: string };
}

interface About {
  readonly callSign: string;
  readonly from: UnitStatus;
  /** The status reported, or "position". */
  readonly reported: string;
  readonly deviceId: string;
  /** For `out_of_date`: when the report says it was made, and when the unit last changed (ISO 8601). */
  readonly madeAt?: string;
  readonly lastChangeAt?: string;
  /** For a refused position: the point reported, "lat,lon" as the terminal sends it. */
  readonly point?: string;
}

/** Faster than this between two positions, a unit did not drive there: one of them is a bad fix. */
export const MAX_UNIT_SPEED_KMH = 200;

const steps = (from: UnitStatus) => UNIT_TRANSITIONS[from].filter((s) => s !== 'dispatched');

/** The refusal's words in both languages. */
export function refusalText(code: TerminalRefusalCode, about: About): { vi: string; en: string } {
  const { callSign, from, reported, deviceId } = about;
  switch (code) {
    case 'own_secret_required': {
      const position = reported === 'position';
      return {
        // Said of both ways in: the group's API key, or an account's key speaking for the terminal.
        en:
          `Device ${deviceId} did not prove itself with its own secret, only with an API key (its group's or an ` +
          `account's): a unit's ${position ? 'position' : 'status'} is taken only from a terminal with its own ` +
          'secret (a service group with deviceAuth "secret").',
        vi:
          `Thiết bị ${deviceId} không xác thực bằng khóa bí mật riêng, chỉ bằng một khóa API (của nhóm hoặc của một ` +
          `tài khoản): ${position ? 'vị trí' : 'trạng thái'} của đơn vị chỉ được nhận từ thiết bị có khóa bí mật riêng.`,
      };
    }
    case 'not_a_status':
      return {
        en: `"${reported}" is not a unit status.`,
        vi: `"${reported}" không phải là một trạng thái của đơn vị.`,
      };
    case 'centre_dispatches':
      return { en: 'Only the centre dispatches a unit.', vi: 'Chỉ trung tâm mới điều động đơn vị.' };
    case 'step_not_allowed': {
      const open = steps(from);
      const centre = UNIT_TRANSITIONS[from].includes('dispatched');
      return {
        en:
          `Unit ${callSign} cannot go from ${from} to ${reported}: from ${from} ` +
          `${open.length > 0 ? `it may go to ${open.join(', ')}` : 'it may go nowhere else'}` +
          `${centre ? '; only the centre dispatches it' : ''}.`,
        vi:
          `Đơn vị ${callSign} không thể chuyển từ ${vietnameseWords('unitStatus', from)} sang ` +
          `${vietnameseWords('unitStatus', reported) || `"${reported}"`}: ` +
          `${open.length > 0 ? `từ đó chỉ chuyển được sang ${vietnameseWords('unitStatus', open)}` : 'từ đó không chuyển được sang đâu'}` +
          `${centre ? '; chỉ trung tâm mới điều động đơn vị' : ''}.`,
      };
    }
    case 'changed_meanwhile':
      return {
        en: `Unit ${callSign} changed meanwhile: try again.`,
        vi: `Đơn vị ${callSign} vừa thay đổi trạng thái: hãy gửi lại.`,
      };
    case 'outside_city': {
      const at = about.point ?? '?';
      return {
        en:
          `Unit ${callSign}'s position ${at} is outside the city: it was not taken, and the unit stays where it ` +
          "was last placed. Check the terminal's GPS.",
        vi:
          `Vị trí ${at} của đơn vị ${callSign} nằm ngoài thành phố: không được nhận, đơn vị vẫn ở vị trí tốt ` +
          'gần nhất. Hãy kiểm tra GPS của thiết bị.',
      };
    }
    case 'implausible_jump': {
      const at = about.point ?? '?';
      return {
        en:
          `Unit ${callSign}'s position ${at} is farther from its last one than a unit drives in the time between ` +
          `them (over ${MAX_UNIT_SPEED_KMH} km/h): it was not taken, and the unit stays where it was last placed. ` +
          "Check the terminal's GPS.",
        vi:
          `Vị trí ${at} của đơn vị ${callSign} cách vị trí trước quá xa so với thời gian giữa hai lần báo ` +
          `(trên ${MAX_UNIT_SPEED_KMH} km/h): không được nhận, đơn vị vẫn ở vị trí tốt gần nhất. ` +
          'Hãy kiểm tra GPS của thiết bị.',
      };
    }
    case 'out_of_date': {
      const minutes = TERMINAL_CLOCK_SLACK_MS / 60_000;
      const { madeAt = '?', lastChangeAt = '?' } = about;
      return {
        en:
          `Unit ${callSign}'s report "${reported}" was made at ${madeAt}, more than ${minutes} minutes before its ` +
          `last change (to ${from} at ${lastChangeAt}): it is out of date and was not applied. ` +
          "If it still holds, send it again; if it was just sent, check the terminal's clock.",
        vi:
          `Báo cáo ${vietnameseWords('unitStatus', reported) || `"${reported}"`} của đơn vị ${callSign} lập lúc ${madeAt}, ` +
          `sớm hơn ${minutes} phút so với lần đổi trạng thái gần nhất (sang ${vietnameseWords('unitStatus', from)} ` +
          `lúc ${lastChangeAt}): báo cáo đã cũ nên không được áp dụng. Nếu vẫn đúng, hãy gửi lại; nếu vừa gửi, ` +
          'hãy kiểm tra đồng hồ của thiết bị.',
      };
    }
  }
}
