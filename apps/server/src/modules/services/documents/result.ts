/**
 * The electronic result of a dossier (a certificate, a permit, a confirmation …) as a PDF ready to be
 * signed by the agency: the header, the result's title and text, whom it is for, and a QR code to the
 * tracking page where anyone can check it.
 */
import { PdfWriter } from '../../../platform/pdf/index.js';
import { type DossierSheet, dateVi, dayVi, textVi } from './sheet.js';

export interface DossierResult {
  readonly title: string;
  /** Paragraphs, in order. */
  readonly body: readonly string[];
  /** Who signs for the agency, as the procedure's step says it ("Chủ tịch"); unset: its head. */
  readonly signerTitle?: string | undefined;
}

export async function renderResult(
  sheet: DossierSheet,
  result: DossierResult,
  now: Date = new Date(),
): Promise<Uint8Array> {
  const agency = textVi(sheet.agency.name);
  const pdf = await PdfWriter.create({
    title: `${result.title} – ${sheet.code}`,
    subject: `Kết quả giải quyết thủ tục ${textVi(sheet.procedure.name)}`,
    author: agency,
    keywords: [sheet.code, sheet.procedure.code, 'kết quả điện tử'],
    createdAt: now,
    footer: `Kết quả điện tử · Mã hồ sơ: ${sheet.code}`,
  });
  pdf.mottoHeader({
    parent: sheet.parentBody ?? 'UBND Thành phố Hà Nội',
    agency,
    reference: sheet.code,
    place: 'Hà Nội',
    date: now,
  });
  pdf.heading(result.title.toUpperCase(), { size: 14 });
  pdf.space(4);
  pdf.keyValue('Thủ tục', `${textVi(sheet.procedure.name)} (mã ${sheet.procedure.code})`);
  // A result about someone else (a birth certificate's child) names them; the applicant is who asked.
  const subject = sheet.subject;
  if (subject) {
    pdf.keyValue(subject.label, subject.name);
    if (subject.birthDate) pdf.keyValue('Ngày, tháng, năm sinh', dateVi(subject.birthDate));
    pdf.keyValue(subject.applicantLabel, sheet.applicant.name);
  } else {
    pdf.keyValue('Cấp cho', sheet.applicant.name);
    if (sheet.applicant.idNumber) pdf.keyValue('Số định danh cá nhân', sheet.applicant.idNumber);
    if (sheet.applicant.address) pdf.keyValue('Địa chỉ', sheet.applicant.address);
  }
  if (sheet.receivedAt) pdf.keyValue('Hồ sơ tiếp nhận ngày', dayVi(sheet.receivedAt));
  pdf.space(6);
  for (const paragraph of result.body) pdf.paragraph(paragraph);
  pdf.space(6);
  pdf.signatures([{ title: [result.signerTitle ?? 'Thủ trưởng', agency], note: '(Đã ký số)' }]);
  pdf.paragraph(
    `Văn bản điện tử được ký số bởi ${agency}. Kiểm tra chữ ký trong trình đọc PDF hoặc tại trang tra cứu hồ sơ (mã QR dưới đây); mọi thay đổi sau khi ký làm chữ ký mất hiệu lực.`,
    { size: 9, color: 'grey' },
  );
  pdf.qrCode(sheet.trackingUrl, { caption: `Tra cứu hồ sơ ${sheet.code}`, align: 'left' });
  return pdf.save();
}
