import type { OutboundGuard } from '../../platform/outbound.js';
import { allDepartments, serviceByCode } from './catalogue.js';
import type { PublicReport, ReportEvent } from './model.js';

/**
 * Telling the reporter what became of a report: the words of each update (Vietnamese or English), and
 * the senders that carry them (an e-mail or SMS gateway behind a webhook; the local outbox of the demo
 * and the tests is the service's). A sender sees the reporter's contact: it is personal data, and goes
 * nowhere else (not in logs, not in errors).
 */

export interface ReporterMessage {
  readonly tenant: string;
  readonly reportId: string;
  readonly to: { readonly email?: string; readonly phone?: string };
  readonly language: 'vi' | 'en';
  readonly subject: string;
  readonly text: string;
  /** Where the reporter follows the report (its token's page). */
  readonly link: string;
}

export interface ReporterSender {
  readonly name: string;
  /** Resolves when the gateway has taken the message; rejects with ReporterDeliveryFailed. */
  send(m: ReporterMessage): Promise<void>;
}

/** A message the gateway did not take. The message names the gateway, never the reporter. */
export class ReporterDeliveryFailed extends Error {
  override readonly name = 'ReporterDeliveryFailed';
}

/** The events a reporter is told of; notes, level changes and overdue marks are the staff's. */
export const NOTIFIED_EVENTS: ReadonlySet<ReportEvent['kind']> = new Set<ReportEvent['kind']>([
  'submitted',
  'received',
  'asked',
  'transferred',
  'merged',
  'resolved',
  'rejected',
  'reopened',
]);

/** The steps of a report its duplicates' reporters are told of (the rest are between it and its own reporter). */
export const OUTCOME_EVENTS: ReadonlySet<ReportEvent['kind']> = new Set<ReportEvent['kind']>([
  'resolved',
  'rejected',
  'reopened',
]);

/** Most of a gateway's answer read: enough for its status. */
const ANSWER_LIMIT = 64 * 1024;

/** The gateway's URL as logs may show it: no query (it may hold a key), no credentials. */
const shown = (url: URL) => `${url.origin}${url.pathname}`;

/**
 * A sender that POSTs each message as JSON (the ReporterMessage's fields) to an e-mail or SMS gateway,
 * through the platform's outbound guard: an internal address is reached only when OUTBOUND_ALLOW names it.
 */
export function webhookSender(
  url: string,
  outbound: OutboundGuard,
  options: { readonly timeoutMs?: number; readonly headers?: Readonly<Record<string, string>> } = {},
): ReporterSender {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new Error(`the reporters' webhook "${url}" is not a URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`the reporters' webhook must be an http or https URL, not ${target.protocol}`);
  }
  return {
    name: `webhook ${shown(target)}`,
    async send(m) {
      let status: number;
      try {
        ({ status } = await outbound.request(target.href, {
          method: 'POST',
          headers: { ...options.headers, 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({
            tenant: m.tenant,
            reportId: m.reportId,
            to: m.to,
            language: m.language,
            subject: m.subject,
            text: m.text,
            link: m.link,
          }),
          timeoutMs: options.timeoutMs ?? 10_000,
          maxBytes: ANSWER_LIMIT,
        }));
      } catch (err) {
        throw new ReporterDeliveryFailed(`POST ${shown(target)}: ${(err as Error).message}`);
      }
      if (status < 200 || status > 299) throw new ReporterDeliveryFailed(`POST ${shown(target)}: HTTP ${status}`);
    },
  };
}

/** A sender that keeps what it is given (tests; a demo without a gateway). */
export function memorySender(): ReporterSender & { readonly sent: ReporterMessage[] } {
  const sent: ReporterMessage[] = [];
  return {
    name: 'memory',
    sent,
    async send(m) {
      sent.push(m);
    },
  };
}

let englishNames: Map<string, string> | undefined;

/** A department's name in English, from its Vietnamese name (the public view carries that one). */
function agencyIn(language: 'vi' | 'en', agency: string): string {
  if (language === 'vi') return agency;
  englishNames ??= new Map(allDepartments().map((d) => [d.name.vi, d.name.en]));
  return englishNames.get(agency) ?? agency;
}

/** A time in Hanoi (+07:00, no daylight saving): "17:00 ngày 12/12/2026", "17:00, 12 Dec 2026". */
function hanoiTime(iso: string, language: 'vi' | 'en'): string {
  const t = new Date(Date.parse(iso) + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
  if (language === 'vi') {
    return `${clock} ngày ${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
  }
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][t.getUTCMonth()];
  return `${clock}, ${t.getUTCDate()} ${month} ${t.getUTCFullYear()}`;
}

/**
 * The subject and text telling the reporter of one event of their report, in their language: what
 * happened, the answer, question or reason given, and the link to follow it. Plain text, short
 * enough for an SMS gateway to split into a few parts.
 */
export function messageFor(
  event: Pick<ReportEvent, 'kind' | 'text'>,
  report: PublicReport,
  language: 'vi' | 'en',
  link: string,
): { subject: string; text: string } {
  const vi = language === 'vi';
  const service = serviceByCode(report.serviceCode);
  const question = service?.question ?? false;
  const noun = vi ? (question ? 'Câu hỏi' : 'Phản ánh') : question ? 'Question' : 'Report';
  const serviceName = service ? service.name[language] : report.serviceName;
  const agency = agencyIn(language, report.agencyResponsible);
  const said = event.text?.trim() || report.statusNotes?.trim() || '';
  const id = report.id;
  const into = report.mergedInto ?? '';
  const due = report.expectedAt ? hanoiTime(report.expectedAt, language) : undefined;

  let subject: string;
  const lines: string[] = [];
  const about = `${noun} ${id} (${serviceName})`;
  // Within a sentence the noun is not capitalised.
  const aboutInside = `${noun.toLowerCase()} ${id} (${serviceName})`;
  // A duplicate's reporter is told its target's outcome, which the merge message promised them.
  const joined = report.state === 'duplicate' && into !== '' && event.kind !== 'merged';
  const outcomeOf = vi
    ? `Phản ánh ${into}, nơi ${aboutInside} của anh/chị đã được gộp vào,`
    : `Report ${into}, which your ${aboutInside} was merged into,`;
  switch (event.kind) {
    case 'submitted':
      subject = vi ? `${noun} ${id} đã được gửi` : `${noun} ${id} sent`;
      lines.push(vi ? `${about} đã được gửi đến ${agency}.` : `${about} has been sent to ${agency}.`);
      break;
    case 'received':
      subject = vi ? `${noun} ${id} đã được tiếp nhận` : `${noun} ${id} received`;
      lines.push(vi ? `${about} đã được ${agency} tiếp nhận.` : `${about} has been received by ${agency}.`);
      if (due) lines.push(vi ? `Hạn giải quyết: ${due}.` : `Due by ${due}.`);
      break;
    case 'asked':
      subject = vi ? `${noun} ${id}: cần anh/chị bổ sung thông tin` : `${noun} ${id}: more information needed`;
      lines.push(
        vi
          ? `${agency} cần anh/chị bổ sung thông tin cho ${aboutInside}:`
          : `${agency} needs more from you on ${aboutInside}:`,
        said,
        vi
          ? 'Thời hạn xử lý tạm dừng cho đến khi anh/chị trả lời qua đường dẫn dưới đây.'
          : 'The time limit stands still until you answer through the link below.',
      );
      break;
    case 'transferred':
      subject = vi ? `${noun} ${id} đã được chuyển đơn vị xử lý` : `${noun} ${id} passed to another department`;
      lines.push(vi ? `${about} đã được chuyển đến ${agency}.` : `${about} has been passed to ${agency}.`);
      {
        // The step's text starts with the department it went to, named just above.
        const why = said.startsWith(`${report.agencyResponsible}: `)
          ? said.slice(report.agencyResponsible.length + 2)
          : said;
        if (why) lines.push(vi ? `Lý do: ${why}` : `Why: ${why}`);
      }
      break;
    case 'merged':
      subject = vi ? `${noun} ${id} được gộp vào phản ánh ${into}` : `${noun} ${id} merged into report ${into}`;
      lines.push(
        vi
          ? `${about} trùng với phản ánh ${into} và đã được gộp vào đó; kết quả xử lý sẽ được cập nhật tại phản ánh ${into}.`
          : `${about} is about the same problem as report ${into} and has been merged into it; the outcome will be given there.`,
      );
      break;
    case 'resolved':
      subject = vi
        ? `${noun} ${id} đã được ${question ? 'trả lời' : 'giải quyết'}`
        : `${noun} ${id} ${question ? 'answered' : 'resolved'}`;
      lines.push(
        joined
          ? vi
            ? `${outcomeOf} đã được ${question ? 'trả lời' : 'giải quyết'}.`
            : `${outcomeOf} has been ${question ? 'answered' : 'resolved'}.`
          : vi
            ? `${about} đã được ${agency} ${question ? 'trả lời' : 'giải quyết'}.`
            : `${about} has been ${question ? 'answered' : 'resolved'} by ${agency}.`,
      );
      if (said) lines.push(vi ? `Kết quả: ${said}` : `Answer: ${said}`);
      break;
    case 'rejected':
      subject = vi ? `${noun} ${id} không được xử lý` : `${noun} ${id} declined`;
      lines.push(
        joined
          ? vi
            ? `${outcomeOf} không được xử lý.`
            : `${outcomeOf} has been declined.`
          : vi
            ? `${about} không được ${agency} xử lý.`
            : `${agency} has declined ${aboutInside}.`,
      );
      if (said) lines.push(vi ? `Lý do: ${said}` : `Why: ${said}`);
      break;
    case 'reopened':
      subject = vi ? `${noun} ${id} được mở lại` : `${noun} ${id} reopened`;
      lines.push(
        joined
          ? vi
            ? `${outcomeOf} được mở lại để tiếp tục xử lý.`
            : `${outcomeOf} has been reopened.`
          : vi
            ? `${about} được mở lại để tiếp tục xử lý.`
            : `${about} has been reopened.`,
      );
      break;
    case 'supplemented':
    case 'note':
    case 'level':
    case 'overdue':
      subject = vi ? `${noun} ${id} có cập nhật` : `${noun} ${id} updated`;
      lines.push(vi ? `${about} có cập nhật mới.` : `${about} has been updated.`);
      break;
  }
  lines.push(vi ? `Theo dõi: ${link}` : `Follow it: ${link}`);
  return { subject, text: lines.filter((l) => l !== '').join('\n') };
}
