/**
 * Quick answers: the public answers officers give most, in both languages, to start from and edit.
 * The answer is the department's word to the reporter and to everyone who reads the report.
 */
export const QUICK_ANSWERS = [
  {
    key: 'fixed',
    vi: 'Cảm ơn bạn đã phản ánh. Đơn vị đã xử lý xong tại hiện trường. Mời bạn kiểm tra và tiếp tục phản ánh nếu còn tồn tại.',
    en: 'Thank you for your report. The department has fixed the problem on site. Please check, and report again if it remains.',
  },
  {
    key: 'scheduled',
    vi: 'Cảm ơn bạn đã phản ánh. Nội dung đã được đưa vào kế hoạch sửa chữa; đơn vị sẽ thực hiện trong thời gian sớm nhất.',
    en: 'Thank you for your report. The repair has been scheduled and the department will carry it out as soon as possible.',
  },
  {
    key: 'forwarded',
    vi: 'Cảm ơn bạn đã phản ánh. Nội dung thuộc thẩm quyền của cơ quan khác và đã được chuyển đến cơ quan đó để giải quyết.',
    en: 'Thank you for your report. The matter belongs to another body and has been passed to it to resolve.',
  },
  {
    key: 'noProblem',
    vi: 'Cảm ơn bạn đã phản ánh. Đơn vị đã kiểm tra hiện trường và không phát hiện vấn đề như nội dung phản ánh.',
    en: 'Thank you for your report. The department inspected the site and found no problem as described.',
  },
] as const;
