/**
 * The papers of a dossier's handling, Circular 03/2025/TT-VPCP Appendix I (forms 01–07), in Vietnamese:
 * each carries the agency and the national motto, the dossier code and a QR code to the tracking page.
 */
import type { FormKind } from '../model.js';
import { PdfWriter } from '../../../platform/pdf/index.js';
import {
  type DossierSheet,
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
const NOT_GIVEN = '…';

/** The events that move a dossier between hands: the lines of the process control sheet. */
const HAND_OFF_KINDS = new Set(['receive', 'start', 'hand-off', 'result', 'return']);

async function begin(kind: FormKind, sheet: DossierSheet, now: Date, landscape = false): Promise<PdfWriter> {
  const title = FORM_TITLES[kind];
  const pdf = await PdfWriter.create({
    title: kind === '07' ? `${title} – ${textVi(sheet.agency.name)}` : `${title} – ${sheet.code}`,
    subject: `Mẫu số ${kind}, Phụ lục I, Thông tư 03/2025/TT-VPCP`,
    author: textVi(sheet.agency.name),
    keywords: kind === '07' ? ['thông tư 03/2025', `mẫu ${kind}`] : [sheet.code, `mẫu ${kind}`],
    createdAt: now,
    ...(landscape ? { orientation: 'landscape' as const } : {}),
    footer: kind === '07' ? `Mẫu số ${kind}` : `Mẫu số ${kind} · Mã hồ sơ: ${sheet.code}`,
  });
  pdf.mottoHeader({
    parent: sheet.parentBody ?? DEFAULT_PARENT,
    agency: textVi(sheet.agency.name),
    place: 'Hà Nội',
    date: now,
  });
  pdf.heading(title.toUpperCase());
  if (kind !== '07') pdf.paragraph(`Mã hồ sơ: ${sheet.code}`, { align: 'center', weight: 'bold', size: 10.5 });
  pdf.space(4);
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

function trackingQr(pdf: PdfWriter, sheet: DossierSheet): void {
  pdf.qrCode(sheet.trackingUrl, { caption: `Quét mã để tra cứu hồ sơ ${sheet.code}` });
}

const lastEvent = (sheet: DossierSheet, kind: string) => sheet.events.filter((e) => e.kind === kind).at(-1);

function receipt(pdf: PdfWriter, sheet: DossierSheet): void {
  const agency = textVi(sheet.agency.name);
  pdf.paragraph(`${ONE_STOP} – ${agency} đã tiếp nhận hồ sơ của:`);
  applicantLines(pdf, sheet);
  pdf.paragraph('1. Thành phần hồ sơ nộp gồm:', { weight: 'bold' });
  pdf.table(
    [
      { header: 'STT', share: 1.1, align: 'center' },
      { header: 'Tên giấy tờ', share: 8 },
      { header: 'Số lượng', share: 2, align: 'center' },
    ],
    sheet.documents.map((d, i) => [String(i + 1), textVi(d.name), String(d.count)]),
  );
  pdf.paragraph('2. Số lượng hồ sơ: 01 bộ.');
  if (sheet.limitDays !== undefined)
    pdf.paragraph(`3. Thời gian giải quyết hồ sơ theo quy định là: ${sheet.limitDays} ngày làm việc.`);
  pdf.paragraph(`4. Thời gian nhận hồ sơ: ${sheet.receivedAt ? timeVi(sheet.receivedAt) : NOT_GIVEN}.`);
  pdf.paragraph(`5. Thời gian trả kết quả giải quyết hồ sơ: ${sheet.dueAt ? timeVi(sheet.dueAt) : NOT_GIVEN}.`, {
    weight: 'bold',
  });
  if (sheet.fee)
    pdf.paragraph(
      sheet.fee.state === 'none'
        ? `6. Phí, lệ phí: ${FEE_STATE_VI.none}.`
        : `6. Phí, lệ phí: ${vnd(sheet.fee.totalVnd)} (${FEE_STATE_VI[sheet.fee.state]}).`,
    );
  pdf.paragraph(
    `Kết quả được trả tại ${ONE_STOP} – ${agency} hoặc trên Cổng dịch vụ công; tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc mã QR dưới đây.`,
  );
  trackingQr(pdf, sheet);
  pdf.signatures([
    { title: 'Người nộp hồ sơ', note: '(Ký và ghi rõ họ tên)', name: sheet.applicant.name },
    { title: 'Người tiếp nhận hồ sơ', note: '(Ký và ghi rõ họ tên)', name: lastEvent(sheet, 'receive')?.by ?? '' },
  ]);
}

function supplementRequest(pdf: PdfWriter, sheet: DossierSheet): void {
  const agency = textVi(sheet.agency.name);
  pdf.paragraph(
    `${ONE_STOP} – ${agency} đã tiếp nhận hồ sơ${sheet.receivedAt ? ` ngày ${dayVi(sheet.receivedAt)}` : ''} của:`,
  );
  applicantLines(pdf, sheet);
  pdf.paragraph(
    'Sau khi xem xét, đối chiếu với quy định của thủ tục hành chính, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
  );
  pdf.bullets(sheet.supplement?.length ? sheet.supplement : [NOT_GIVEN]);
  if (sheet.reason) pdf.keyValue('Lý do', sheet.reason);
  pdf.paragraph(
    'Thời gian giải quyết hồ sơ tạm dừng từ ngày có phiếu này đến khi Ông/Bà nộp đủ hồ sơ bổ sung. Ông/Bà nộp bổ sung trên Cổng dịch vụ công (mục Hồ sơ của tôi) hoặc tại Bộ phận Một cửa; khi có vướng mắc, xin liên hệ Bộ phận Một cửa để được hướng dẫn.',
  );
  trackingQr(pdf, sheet);
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
  pdf.paragraph(sheet.reason ?? NOT_GIVEN, { weight: 'bold', indent: 14 });
  pdf.paragraph('Xin thông báo để Ông/Bà biết và thực hiện./.');
  trackingQr(pdf, sheet);
  pdf.signatures([
    { title: 'Người tiếp nhận hồ sơ', note: '(Ký và ghi rõ họ tên)', name: lastEvent(sheet, 'reject')?.by ?? '' },
  ]);
}

function apology(pdf: PdfWriter, sheet: DossierSheet): void {
  const agency = textVi(sheet.agency.name);
  pdf.paragraph(`Kính gửi: Ông/Bà ${sheet.applicant.name}`, { weight: 'bold', align: 'center' });
  pdf.paragraph(
    `${sheet.receivedAt ? `Ngày ${dayVi(sheet.receivedAt)}, ` : ''}${agency} tiếp nhận giải quyết hồ sơ của Ông/Bà đề nghị giải quyết thủ tục ${textVi(sheet.procedure.name)}, mã hồ sơ ${sheet.code}. Thời hạn trả kết quả giải quyết hồ sơ theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả là ${sheet.dueAt ? timeVi(sheet.dueAt) : NOT_GIVEN}.`,
  );
  pdf.paragraph(`Tuy nhiên, đến nay ${agency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng hạn. Lý do:`);
  pdf.paragraph(sheet.extension?.reason ?? NOT_GIVEN, { weight: 'bold', indent: 14 });
  pdf.paragraph(
    `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${agency} xin lỗi Ông/Bà và đề nghị được gia hạn thời gian trả kết quả giải quyết hồ sơ đến: ${sheet.extension ? timeVi(sheet.extension.newDueAt) : NOT_GIVEN}.`,
  );
  pdf.paragraph(
    `${agency} cam kết trả kết quả giải quyết hồ sơ cho Ông/Bà trong thời hạn nêu trên. Xin trân trọng cảm ơn./.`,
  );
  trackingQr(pdf, sheet);
  pdf.signatures([
    {
      title: `Thủ trưởng ${agency}`,
      note: '(Ký, ghi rõ họ tên và đóng dấu)',
      name: lastEvent(sheet, 'extend')?.by ?? '',
    },
  ]);
}

function stopNotice(pdf: PdfWriter, sheet: DossierSheet): void {
  const agency = textVi(sheet.agency.name);
  pdf.paragraph(`Kính gửi: Ông/Bà ${sheet.applicant.name}`, { weight: 'bold', align: 'center' });
  pdf.paragraph(
    `${sheet.receivedAt ? `Ngày ${dayVi(sheet.receivedAt)}, ` : ''}${agency} tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết thủ tục ${textVi(sheet.procedure.name)}, mã hồ sơ ${sheet.code}.`,
  );
  pdf.paragraph(`Trong quá trình giải quyết, ${agency} thông báo dừng giải quyết hồ sơ của Ông/Bà với lý do:`);
  pdf.paragraph(sheet.reason ?? NOT_GIVEN, { weight: 'bold', indent: 14 });
  pdf.paragraph(
    'Ông/Bà liên hệ Bộ phận Một cửa để nhận lại hồ sơ và được hướng dẫn; phí, lệ phí đã nộp (nếu có) được xử lý theo quy định. Xin thông báo để Ông/Bà biết./.',
  );
  trackingQr(pdf, sheet);
  pdf.signatures([
    {
      title: `Thủ trưởng ${agency}`,
      note: '(Ký, ghi rõ họ tên và đóng dấu)',
      name: lastEvent(sheet, 'stop')?.by ?? '',
    },
  ]);
}

function controlSheet(pdf: PdfWriter, sheet: DossierSheet): void {
  pdf.keyValue('Kèm theo hồ sơ của', sheet.applicant.name);
  pdf.keyValue('Thủ tục', `${textVi(sheet.procedure.name)} (mã ${sheet.procedure.code})`);
  pdf.keyValue('Ngày nhận hồ sơ', sheet.receivedAt ? timeVi(sheet.receivedAt) : NOT_GIVEN);
  pdf.keyValue('Ngày hẹn trả kết quả', sheet.dueAt ? timeVi(sheet.dueAt) : NOT_GIVEN);
  if (sheet.extension) pdf.keyValue('Gia hạn đến', timeVi(sheet.extension.newDueAt));
  const lines = sheet.events.filter((e) => HAND_OFF_KINDS.has(e.kind) || e.toAgency !== undefined);
  pdf.table(
    [
      { header: 'STT', share: 1.1, align: 'center' },
      { header: 'Bên giao (cơ quan, người giao)', share: 4 },
      { header: 'Bên nhận (cơ quan)', share: 3.4 },
      { header: 'Thời gian giao, nhận', share: 2.4 },
      { header: 'Kết quả (trước hạn / đúng hạn / quá hạn)', share: 2.2 },
      { header: 'Ghi chú', share: 2.6 },
    ],
    lines.map((e, i) => [
      String(i + 1),
      `${EVENT_VI[e.kind] ?? e.kind}: ${e.fromAgency ?? textVi(sheet.agency.name)} – ${e.by}`,
      e.toAgency ?? (e.kind === 'return' ? sheet.applicant.name : NOT_GIVEN),
      shortTimeVi(e.at),
      e.dueAt ? TIMELINESS_VI[timelinessOf(e.at, e.dueAt)] : '—',
      e.note ?? '',
    ]),
  );
  if (sheet.returnedAt && sheet.dueAt) {
    const due = sheet.extension?.newDueAt ?? sheet.dueAt;
    pdf.keyValue(
      'Kết quả trả cho người nộp',
      `${timeVi(sheet.returnedAt)} – ${TIMELINESS_VI[sheet.timeliness ?? timelinessOf(sheet.returnedAt, due)]}`,
    );
  }
  trackingQr(pdf, sheet);
}

function trackingBook(pdf: PdfWriter, sheet: DossierSheet, book: readonly DossierSheet[]): void {
  const received = book
    .map((d) => d.receivedAt ?? d.submittedAt)
    .filter((x): x is string => x !== undefined)
    .sort();
  if (received.length > 0)
    pdf.paragraph(`Từ ngày ${dayVi(received[0]!)} đến ngày ${dayVi(received.at(-1)!)} · ${book.length} hồ sơ`, {
      align: 'center',
    });
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
      textVi(d.agency.name),
      d.receivedAt ? dayVi(d.receivedAt) : '',
      d.extension ? `${dayVi(d.extension.newDueAt)} (gia hạn)` : d.dueAt ? dayVi(d.dueAt) : '',
      d.returnedAt ? dayVi(d.returnedAt) : '',
      [d.state && STATE_VI[d.state], d.timeliness && TIMELINESS_VI[d.timeliness]].filter(Boolean).join(', '),
    ]),
    8,
  );
  pdf.qrCode(sheet.trackingUrl, { size: 70, caption: 'Tra cứu hồ sơ' });
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
  const pdf = await begin(kind, sheet, now, kind === '07');
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
      trackingBook(pdf, sheet, book ?? [sheet]);
      break;
  }
  return pdf.save();
}
