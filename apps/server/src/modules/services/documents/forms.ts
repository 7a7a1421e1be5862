/**
 * The papers of a dossier's handling, Circular 03/2025/TT-VPCP Appendix I (forms 01–07), in Vietnamese:
 * each carries the agency and the national motto, the dossier code and a QR code to the tracking page.
 */
import type { FormKind } from '../model.js';
import { PdfWriter } from '../../../platform/pdf/index.js';
import {
  type DossierSheet,
  type SheetEvent,
  EVENT_VI,
  FEE_STATE_VI,
  STATE_VI,
  TIMELINESS_VI,
  dayVi,
  shortTimeVi,
  textVi,
  timeVi,
  timelinessOf,
  vnd,
} from './sheet.js';

/** Each form's name, as Appendix I gives it (STANDARDS §7.2). */
export const FORM_TITLES: Record<FormKind, string> = {
  '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  '04': 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
  '05': 'Thông báo dừng giải quyết hồ sơ',
  '06': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  '07': 'Sổ theo dõi hồ sơ',
};

const DEFAULT_PARENT = 'UBND Thành phố Hà Nội';
const ONE_STOP = 'Bộ phận Một cửa';

/** The events that move a dossier between hands: the lines of the process control sheet. */
const HAND_OFF_KINDS = new Set(['start', 'hand-off', 'result', 'return']);

/**
 * The agency whose paper it is: the one that received (01, and 06 which goes with the dossier from
 * there), the one that asks for more time (04), else the dossier's.
 */
function issuerOf(kind: FormKind, sheet: DossierSheet): string {
  if ((kind === '01' || kind === '06') && sheet.receipt?.agency) return sheet.receipt.agency;
  if (kind === '04' && sheet.extension?.agency) return sheet.extension.agency;
  return textVi(sheet.agency.name);
}

async function begin(
  kind: FormKind,
  sheet: DossierSheet,
  now: Date,
  book?: readonly DossierSheet[],
): Promise<PdfWriter> {
  const landscape = kind === '07';
  const title = FORM_TITLES[kind];
  const issuer = issuerOf(kind, sheet);
  const pdf = await PdfWriter.create({
    title: kind === '07' ? `${title} – ${issuer}` : `${title} – ${sheet.code}`,
    subject: `Mẫu số ${kind}, Phụ lục I, Thông tư 03/2025/TT-VPCP`,
    author: issuer,
    keywords: kind === '07' ? ['thông tư 03/2025', `mẫu ${kind}`] : [sheet.code, `mẫu ${kind}`],
    createdAt: now,
    ...(landscape ? { orientation: 'landscape' as const } : {}),
    footer: kind === '07' ? `Mẫu số ${kind}` : `Mẫu số ${kind} · Mã hồ sơ: ${sheet.code}`,
  });
  // A receipt and an apology are dated the day they were made, whenever they are printed.
  const made = kind === '01' ? sheet.receipt?.at : kind === '04' ? sheet.extension?.at : undefined;
  pdf.mottoHeader({
    parent: sheet.parentBody ?? DEFAULT_PARENT,
    agency: issuer,
    place: 'Hà Nội',
    date: made ? new Date(made) : now,
  });
  pdf.heading(title.toUpperCase());
  if (kind === '07') bookPeriod(pdf, book ?? [sheet], sheet.period);
  pdf.space(2);
  // One QR code per paper, on its first page: the tracking page (of the dossier, or the search for the book).
  pdf.qrBeside(
    sheet.trackingUrl,
    kind === '07'
      ? ['Tra cứu tình trạng hồ sơ: quét mã QR này, hoặc nhập mã hồ sơ tại trang tra cứu của Cổng dịch vụ công.']
      : [
          `Mã hồ sơ: ${sheet.code}`,
          'Quét mã QR này, hoặc nhập mã hồ sơ tại trang tra cứu của Cổng dịch vụ công, để theo dõi tình trạng hồ sơ.',
        ],
  );
  pdf.space(2);
  return pdf;
}

function applicantLines(pdf: PdfWriter, sheet: DossierSheet): void {
  const a = sheet.applicant;
  pdf.keyValue('Ông/Bà (tổ chức)', a.name);
  if (a.idNumber) pdf.keyValue('Số định danh cá nhân', a.idNumber);
  if (a.address) pdf.keyValue('Địa chỉ', a.address);
  const contact = [a.phone && `điện thoại ${a.phone}`, a.email && `thư điện tử ${a.email}`].filter(Boolean).join('; ');
  if (contact) pdf.keyValue('Liên hệ', contact);
  pdf.keyValue('Nội dung yêu cầu giải quyết', `${textVi(sheet.procedure.name)} (mã thủ tục ${sheet.procedure.code})`);
}

const lastEvent = (sheet: DossierSheet, kind: string) => sheet.events.filter((e) => e.kind === kind).at(-1);

/** Form 01 says what was true at receipt: the documents received then, the appointment made then. */
function receipt(pdf: PdfWriter, sheet: DossierSheet): void {
  const r = sheet.receipt;
  const agency = issuerOf('01', sheet);
  const receivedAt = r?.at ?? sheet.receivedAt;
  const dueAt = r ? r.dueAt : sheet.dueAt;
  const fee = r ? r.fee : sheet.fee;
  pdf.paragraph(`${ONE_STOP} – ${agency} đã tiếp nhận hồ sơ của:`);
  applicantLines(pdf, sheet);
  pdf.paragraph('1. Thành phần hồ sơ nộp gồm:', { weight: 'bold' });
  pdf.table(
    [
      { header: 'STT', share: 1.1, align: 'center' },
      { header: 'Tên giấy tờ', share: 8 },
      { header: 'Số lượng', share: 2, align: 'center' },
    ],
    (r?.documents ?? sheet.documents).map((d, i) => [String(i + 1), textVi(d.name), String(d.count)]),
  );
  pdf.paragraph('2. Số lượng hồ sơ: 01 bộ.');
  if (sheet.limitDays !== undefined)
    pdf.paragraph(
      `3. Thời gian giải quyết hồ sơ theo quy định là: ${String(sheet.limitDays).replace('.', ',')} ngày làm việc.`,
    );
  if (receivedAt) pdf.paragraph(`4. Thời gian nhận hồ sơ: ${timeVi(receivedAt)}.`);
  if (dueAt) pdf.paragraph(`5. Thời gian trả kết quả giải quyết hồ sơ: ${timeVi(dueAt)}.`, { weight: 'bold' });
  if (fee)
    pdf.paragraph(
      fee.state === 'none'
        ? `6. Phí, lệ phí: ${FEE_STATE_VI.none}.`
        : `6. Phí, lệ phí: ${vnd(fee.totalVnd)} (${FEE_STATE_VI[fee.state]}).`,
    );
  pdf.paragraph(
    `Kết quả được trả tại ${ONE_STOP} – ${agency} hoặc trên Cổng dịch vụ công; tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc mã QR ở đầu giấy này.`,
  );
  pdf.signatures([
    { title: 'Người nộp hồ sơ', note: '(Ký và ghi rõ họ tên)', name: sheet.applicant.name },
    {
      title: 'Người tiếp nhận hồ sơ',
      note: '(Ký và ghi rõ họ tên)',
      name: r?.by ?? lastEvent(sheet, 'receive')?.by ?? '',
    },
  ]);
}

function supplementRequest(pdf: PdfWriter, sheet: DossierSheet): void {
  // The one-stop that received it (the city's centre, often), not the office asking for more.
  const receiver = sheet.receipt?.agency ?? textVi(sheet.agency.name);
  pdf.paragraph(
    `${ONE_STOP} – ${receiver} đã tiếp nhận hồ sơ${sheet.receivedAt ? ` ngày ${dayVi(sheet.receivedAt)}` : ''} của:`,
  );
  applicantLines(pdf, sheet);
  pdf.paragraph(
    'Sau khi xem xét, đối chiếu với quy định của thủ tục hành chính, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
  );
  if (sheet.supplement?.length) pdf.bullets(sheet.supplement);
  if (sheet.reason) pdf.keyValue('Lý do', sheet.reason);
  pdf.paragraph(
    'Thời gian giải quyết hồ sơ tạm dừng từ ngày có phiếu này đến khi Ông/Bà nộp đủ hồ sơ bổ sung. Ông/Bà nộp bổ sung trên Cổng dịch vụ công (mục Hồ sơ của tôi) hoặc tại Bộ phận Một cửa; khi có vướng mắc, xin liên hệ Bộ phận Một cửa để được hướng dẫn.',
  );
  pdf.signatures([
    { title: 'Người hướng dẫn', note: '(Ký và ghi rõ họ tên)', name: lastEvent(sheet, 'request-supplement')?.by ?? '' },
  ]);
}

function refusal(pdf: PdfWriter, sheet: DossierSheet): void {
  const agency = textVi(sheet.agency.name);
  pdf.paragraph(`${ONE_STOP} – ${agency} đã nhận hồ sơ của:`);
  applicantLines(pdf, sheet);
  pdf.paragraph(
    `Sau khi nghiên cứu, đối chiếu với các quy định hiện hành, ${ONE_STOP} – ${agency} từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`,
  );
  if (sheet.reason) pdf.paragraph(sheet.reason, { weight: 'bold', indent: 14 });
  pdf.paragraph('Xin thông báo để Ông/Bà biết và thực hiện./.');
  pdf.signatures([
    { title: 'Người tiếp nhận hồ sơ', note: '(Ký và ghi rõ họ tên)', name: lastEvent(sheet, 'reject')?.by ?? '' },
  ]);
}

/**
 * Form 04: the agency that cannot keep the appointment apologises, says why, and names the old
 * appointment and the new one; its head signs.
 */
function apology(pdf: PdfWriter, sheet: DossierSheet): void {
  const agency = issuerOf('04', sheet);
  const x = sheet.extension;
  const received = sheet.receipt?.at ?? sheet.receivedAt;
  const receiver = sheet.receipt?.agency ?? textVi(sheet.agency.name);
  pdf.paragraph(`Kính gửi: Ông/Bà ${sheet.applicant.name}`, { weight: 'bold', align: 'center' });
  pdf.paragraph(
    `${received ? `Ngày ${dayVi(received)}, ` : ''}${ONE_STOP} – ${receiver} tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết thủ tục ${textVi(sheet.procedure.name)}, mã hồ sơ ${sheet.code}; hồ sơ đang do ${agency} giải quyết.`,
  );
  const previous = x?.previousDueAt ?? sheet.receipt?.dueAt;
  if (previous) pdf.keyValue('Thời hạn trả kết quả đã hẹn', timeVi(previous));
  pdf.paragraph(`Tuy nhiên, ${agency} không thể trả kết quả giải quyết hồ sơ của Ông/Bà đúng hạn đã hẹn. Lý do:`);
  if (x?.reason) pdf.paragraph(x.reason, { weight: 'bold', indent: 14 });
  // A dossier extended more than once has a letter for each: it says which one it is.
  if (x && (x.number > 1 || (sheet.extensions?.length ?? 0) > 1)) pdf.keyValue('Lần gia hạn', `Lần ${x.number}`);
  if (x?.days !== undefined) pdf.keyValue('Thời gian gia hạn', `${x.days} ngày làm việc`);
  pdf.paragraph(
    `Sự chậm trễ này gây phiền hà cho Ông/Bà. ${agency} xin lỗi Ông/Bà và hẹn trả kết quả giải quyết hồ sơ vào thời gian mới như sau:`,
  );
  if (x) pdf.keyValue('Thời hạn trả kết quả mới', timeVi(x.newDueAt));
  pdf.paragraph(
    `${agency} cam kết trả kết quả giải quyết hồ sơ cho Ông/Bà trong thời hạn nêu trên. Xin trân trọng cảm ơn./.`,
  );
  const officer = x?.by ?? lastEvent(sheet, 'extend')?.by;
  if (officer) pdf.paragraph(`Công chức đề nghị gia hạn: ${officer}.`, { size: 9.5, color: 'grey' });
  // The head of the asking agency signs (by hand or digitally): no officer's name under the title.
  pdf.signatures([{ title: ['Thủ trưởng', agency], note: '(Ký, ghi rõ họ tên và đóng dấu)' }]);
}

/** Form 05: the agency handling the dossier stops, says why; its head signs (as on form 04). */
function stopNotice(pdf: PdfWriter, sheet: DossierSheet): void {
  const agency = textVi(sheet.agency.name);
  const received = sheet.receipt?.at ?? sheet.receivedAt;
  const receiver = sheet.receipt?.agency ?? agency;
  pdf.paragraph(`Kính gửi: Ông/Bà ${sheet.applicant.name}`, { weight: 'bold', align: 'center' });
  pdf.paragraph(
    `${received ? `Ngày ${dayVi(received)}, ` : ''}${ONE_STOP} – ${receiver} tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết thủ tục ${textVi(sheet.procedure.name)}, mã hồ sơ ${sheet.code}; hồ sơ đang do ${agency} giải quyết.`,
  );
  pdf.paragraph(`Trong quá trình giải quyết, ${agency} thông báo dừng giải quyết hồ sơ của Ông/Bà với lý do:`);
  if (sheet.reason) pdf.paragraph(sheet.reason, { weight: 'bold', indent: 14 });
  pdf.paragraph(
    'Ông/Bà liên hệ Bộ phận Một cửa để nhận lại hồ sơ và được hướng dẫn; phí, lệ phí đã nộp (nếu có) được xử lý theo quy định. Xin thông báo để Ông/Bà biết./.',
  );
  const officer = lastEvent(sheet, 'stop')?.by;
  if (officer) pdf.paragraph(`Công chức đề nghị dừng giải quyết: ${officer}.`, { size: 9.5, color: 'grey' });
  pdf.signatures([{ title: ['Thủ trưởng', agency], note: '(Ký, ghi rõ họ tên và đóng dấu)' }]);
}

/** "Trung tâm … – Trần Văn Bình": an agency and its officer, in words. */
const party = (agency: string | undefined, officer: string | undefined) =>
  [agency, officer].filter((x): x is string => Boolean(x)).join(' – ');

/** A hand-off's line of form 06: who handed it to whom, when, and against which due time. */
function handOffLine(sheet: DossierSheet, e: SheetEvent, i: number): string[] {
  const applicant = `Người nộp hồ sơ: ${sheet.applicant.name}`;
  const to = e.kind === 'return' ? applicant : party(e.toAgency, e.toOfficer);
  const judged = e.timeliness ?? (e.dueAt ? timelinessOf(e.at, e.dueAt) : undefined);
  return [
    String(i + 1),
    party(e.fromAgency, e.by),
    to || '—',
    shortTimeVi(e.at),
    e.dueAt ? shortTimeVi(e.dueAt) : '—',
    judged ? TIMELINESS_VI[judged] : '—',
    [EVENT_VI[e.kind], e.note].filter(Boolean).join(': '),
  ];
}

function controlSheet(pdf: PdfWriter, sheet: DossierSheet): void {
  const receivedAt = sheet.receipt?.at ?? sheet.receivedAt;
  const firstDue = sheet.receipt?.dueAt ?? sheet.dueAt;
  pdf.keyValue('Kèm theo hồ sơ của', sheet.applicant.name);
  pdf.keyValue('Thủ tục', `${textVi(sheet.procedure.name)} (mã ${sheet.procedure.code})`);
  if (receivedAt)
    pdf.keyValue(
      'Tiếp nhận hồ sơ',
      [timeVi(receivedAt), party(sheet.receipt?.agency, sheet.receipt?.by)].filter(Boolean).join(', '),
    );
  if (firstDue) pdf.keyValue('Hẹn trả kết quả', timeVi(firstDue));
  if (sheet.extension) pdf.keyValue('Gia hạn đến', timeVi(sheet.extension.newDueAt));
  // A move between agencies the system made (a ward stand-in given its ward's agency) is a hand-off too.
  const lines = sheet.events.filter((e) => HAND_OFF_KINDS.has(e.kind) || (e.kind === 'note' && e.toAgency));
  pdf.table(
    [
      { header: 'STT', share: 0.9, align: 'center' },
      { header: 'Bên giao (cơ quan – người giao)', share: 3.6 },
      { header: 'Bên nhận (cơ quan – người nhận)', share: 3.6 },
      { header: 'Thời gian giao, nhận', share: 2.2 },
      { header: 'Hạn của bước', share: 2.2 },
      { header: 'Kết quả (trước hạn / đúng hạn / quá hạn)', share: 2.1 },
      { header: 'Ghi chú', share: 2.6 },
    ],
    lines.map((e, i) => handOffLine(sheet, e, i)),
    8.5,
  );
  if (sheet.returnedAt) {
    const due = sheet.extension?.newDueAt ?? sheet.dueAt;
    const judged = sheet.timeliness ?? (due ? timelinessOf(sheet.returnedAt, due) : undefined);
    pdf.keyValue(
      'Kết quả trả cho người nộp',
      [timeVi(sheet.returnedAt), judged && TIMELINESS_VI[judged]].filter(Boolean).join(' – '),
    );
  }
}

/** "01/12/2026": the last day a period takes in (its end is not included). */
const lastDayOf = (to: string) => dayVi(new Date(Date.parse(to) - 1).toISOString());

/** The book's period under its title: the one asked for (else the first and last days of its dossiers). */
function bookPeriod(pdf: PdfWriter, book: readonly DossierSheet[], period?: DossierSheet['period']): void {
  const received = book
    .map((d) => d.receivedAt ?? d.submittedAt)
    .filter((x): x is string => x !== undefined)
    .sort();
  const from = period ? dayVi(period.from) : received[0] && dayVi(received[0]);
  const to = period ? lastDayOf(period.to) : received.at(-1) && dayVi(received.at(-1)!);
  if (from && to) pdf.paragraph(`Từ ngày ${from} đến ngày ${to} · ${book.length} hồ sơ`, { align: 'center' });
}

function trackingBook(pdf: PdfWriter, book: readonly DossierSheet[]): void {
  pdf.table(
    [
      { header: 'STT', share: 0.9, align: 'center' },
      { header: 'Mã hồ sơ', share: 3.4 },
      { header: 'Tên thủ tục hành chính', share: 3 },
      { header: 'Số lượng (bộ)', share: 1.1, align: 'center' },
      { header: 'Tên cá nhân, tổ chức', share: 2.3 },
      { header: 'Địa chỉ, số điện thoại', share: 2.6 },
      { header: 'Cơ quan chủ trì giải quyết', share: 2.3 },
      { header: 'Nhận hồ sơ', share: 1.9 },
      { header: 'Hẹn trả kết quả', share: 1.9 },
      { header: 'Trả kết quả', share: 1.9 },
      { header: 'Ghi chú', share: 2.1 },
    ],
    book.map((d, i) => [
      String(i + 1),
      d.code,
      textVi(d.procedure.name),
      '01',
      d.applicant.name,
      [d.applicant.address, d.applicant.phone].filter(Boolean).join('; '),
      textVi((d.decidingAgency ?? d.agency).name),
      d.receivedAt ? dayVi(d.receivedAt) : '',
      d.extension ? `${dayVi(d.extension.newDueAt)} (gia hạn)` : d.dueAt ? dayVi(d.dueAt) : '',
      d.returnedAt ? dayVi(d.returnedAt) : '',
      [d.state && STATE_VI[d.state], d.timeliness && TIMELINESS_VI[d.timeliness]].filter(Boolean).join(', '),
    ]),
    8,
  );
}

/**
 * One of the forms 01–07 of a dossier, as a PDF. Form 07 is the tracking book: `book` lists its dossiers
 * (default: this one) and `sheet` gives the agency whose book it is and the QR code's link.
 */
export async function renderForm(
  kind: FormKind,
  sheet: DossierSheet,
  book?: readonly DossierSheet[],
  now: Date = new Date(),
): Promise<Uint8Array> {
  const pdf = await begin(kind, sheet, now, book);
  switch (kind) {
    case '01':
      receipt(pdf, sheet);
      break;
    case '02':
      supplementRequest(pdf, sheet);
      break;
    case '03':
      refusal(pdf, sheet);
      break;
    case '04':
      apology(pdf, sheet);
      break;
    case '05':
      stopNotice(pdf, sheet);
      break;
    case '06':
      controlSheet(pdf, sheet);
      break;
    case '07':
      trackingBook(pdf, book ?? [sheet]);
      break;
  }
  return pdf.save();
}
