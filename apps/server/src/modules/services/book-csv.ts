import { csvText } from '../../platform/csv.js';
import { hanoiIso } from '../../platform/hanoi-time.js';
import { STATE_VI, TIMELINESS_VI } from './documents/index.js';
import type { DossierChannel, DossierState, Text, Timeliness } from './model.js';
import type { BookRow } from './service.js';

/**
 * The tracking book (form 07) as CSV, a book an officer reads: the columns, states and channels in
 * Vietnamese (English when the request prefers it), times in Hanoi time with their offset, and both
 * the agency holding each dossier and the one deciding it (the PDF's "cơ quan chủ trì giải quyết").
 * UTF-8 with a BOM, so spreadsheet programs read the Vietnamese marks; the platform's writer keeps
 * text from being read as formulas.
 */

export type BookLanguage = 'vi' | 'en';

const HEADER: Record<BookLanguage, readonly string[]> = {
  vi: [
    'Mã hồ sơ',
    'Mã thủ tục',
    'Cơ quan đang giữ hồ sơ',
    'Cơ quan chủ trì giải quyết',
    'Trạng thái',
    'Kênh nộp',
    'Thời điểm nộp',
    'Thời điểm tiếp nhận',
    'Hẹn trả kết quả',
    'Thời điểm trả kết quả',
    'Đúng hạn',
  ],
  en: [
    'Dossier code',
    'Procedure code',
    'Holding agency',
    'Deciding agency',
    'State',
    'Channel',
    'Submitted at',
    'Received at',
    'Due at',
    'Returned at',
    'Timeliness',
  ],
};

const STATE_EN: Record<DossierState, string> = {
  submitted: 'Awaiting receipt',
  received: 'Received',
  processing: 'Processing',
  supplement: 'Awaiting supplement',
  'result-ready': 'Result ready',
  returned: 'Returned',
  rejected: 'Rejected',
  stopped: 'Stopped',
  withdrawn: 'Withdrawn',
};
const CHANNEL: Record<BookLanguage, Record<DossierChannel, string>> = {
  vi: { online: 'Trực tuyến', counter: 'Tại quầy', post: 'Bưu chính' },
  en: { online: 'Online', counter: 'At the counter', post: 'By post' },
};
const TIMELINESS_EN: Record<Timeliness, string> = { early: 'Early', 'on-time': 'On time', late: 'Late' };

export function bookCsv(
  rows: readonly BookRow[],
  agencyName: (code: string) => Text | undefined,
  language: BookLanguage,
): string {
  const time = (at: string | undefined) => (at === undefined ? undefined : hanoiIso(Date.parse(at)));
  const agency = (code: string) => agencyName(code)?.[language] ?? code;
  return csvText(
    HEADER[language],
    rows.map((r) => [
      r.code,
      r.procedure,
      agency(r.agency),
      agency(r.decidingAgency),
      language === 'vi' ? STATE_VI[r.state] : STATE_EN[r.state],
      CHANNEL[language][r.channel],
      time(r.submittedAt),
      time(r.receivedAt),
      time(r.dueAt),
      time(r.returnedAt),
      r.timeliness && (language === 'vi' ? TIMELINESS_VI[r.timeliness] : TIMELINESS_EN[r.timeliness]),
    ]),
    { bom: true },
  );
}
