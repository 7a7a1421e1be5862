import type { AppError } from '../errors.js';

/**
 * Problems in the reader's language. English is the default and the language of the code; a caller
 * whose `Accept-Language` prefers Vietnamese gets the `title` and `detail` (and each field's `detail`
 * of a refused request) in Vietnamese, from the catalogue below keyed by the error's stable code. A
 * code without a Vietnamese entry says what its status means, in Vietnamese: never half English.
 */

export type ProblemLanguage = 'en' | 'vi';

/**
 * The language a request prefers among those the server speaks (RFC 9110 §12.5.4 weights); when it
 * names neither, `fallback` (English for problems; Vietnamese for papers officers read, such as the book).
 */
export function problemLanguageOf(
  acceptLanguage: string | string[] | undefined,
  fallback: ProblemLanguage = 'en',
): ProblemLanguage {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  let best: { language: ProblemLanguage; q: number } = { language: fallback, q: 0 };
  for (const part of header.split(',')) {
    const [tag = '', ...options] = part.trim().toLowerCase().split(';');
    const qOption = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
    const q = qOption ? Number(qOption.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = tag.split('-')[0];
    const language = primary === 'vi' ? 'vi' : primary === 'en' ? 'en' : undefined;
    // The first of equal weights wins, as the header lists them in the caller's order.
    if (language && q > best.q) best = { language, q };
  }
  return best.language;
}

/** One refused field of a request, as the schema validator reports it. */
export interface FieldRefusal {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export type ProblemParams = Readonly<Record<string, unknown>>;

/** A parameter as words: numbers and strings as they are, anything else as nothing. */
const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

const VI_TITLES: Readonly<Record<number, string>> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Chưa đăng nhập',
  403: 'Không có quyền',
  404: 'Không tìm thấy',
  405: 'Phương thức không được hỗ trợ',
  406: 'Không có định dạng phù hợp',
  408: 'Hết thời gian chờ yêu cầu',
  409: 'Xung đột',
  411: 'Thiếu độ dài nội dung',
  413: 'Nội dung quá lớn',
  414: 'Đường dẫn quá dài',
  415: 'Kiểu nội dung không được hỗ trợ',
  422: 'Không thể xử lý nội dung',
  429: 'Quá nhiều yêu cầu',
  431: 'Tiêu đề yêu cầu quá lớn',
  500: 'Lỗi máy chủ',
  501: 'Chưa được hỗ trợ',
  502: 'Lỗi cổng kết nối',
  503: 'Dịch vụ tạm thời không khả dụng',
  504: 'Hết thời gian chờ cổng kết nối',
};

/** What a status means, for a code without an entry of its own. */
const VI_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Máy chủ không nhận yêu cầu này: hãy kiểm tra lại dữ liệu đã nhập.',
  401: 'Cần đăng nhập để làm việc này.',
  403: 'Vai trò của bạn không được phép làm việc này.',
  404: 'Không tìm thấy nội dung được yêu cầu.',
  409: 'Yêu cầu xung đột với trạng thái hiện tại.',
  429: 'Quá nhiều yêu cầu: hãy thử lại sau ít phút.',
  500: 'Đã xảy ra lỗi phía máy chủ.',
  503: 'Dịch vụ tạm thời không khả dụng: hãy thử lại sau ít phút.',
};

/**
 * The Vietnamese detail of each code a person can meet in the operations centre, with `{name}` for
 * the error's parameters. A template whose parameter is missing falls back to the status's sentence.
 */
export const VI_PROBLEMS: Readonly<Record<string, string>> = {
  // The emergency centre
  EMERGENCY_INCIDENT_NOT_FOUND: 'Không có sự vụ này.',
  EMERGENCY_UNIT_NOT_FOUND: 'Không có đơn vị này.',
  EMERGENCY_HOSPITAL_NOT_FOUND: 'Không có bệnh viện này.',
  EMERGENCY_UNIT_NOT_AVAILABLE:
    'Đơn vị {callSign} ({status|unitStatus}) không nhận được việc này: chỉ điều được đơn vị sẵn sàng hoặc đang về trạm. Không có gì thay đổi.',
  EMERGENCY_STATUS_CHANGE_REFUSED:
    'Đơn vị {callSign} không thể chuyển từ {from|unitStatus} sang {to|unitStatus}: từ {from|unitStatus} chỉ chuyển được sang {allowed|unitStatus}; chỉ trung tâm mới điều động đơn vị. Không có gì thay đổi.',
  EMERGENCY_INCIDENT_CLOSED: 'Sự vụ số {number} đã kết thúc: không làm thêm được gì trên sự vụ này.',
  EMERGENCY_MOVE_REFUSED: 'Không chuyển được cuộc gọi của sự vụ số {number}: {reasonVi}. Không có gì thay đổi.',
  EMERGENCY_LOCATION_OUTSIDE_CITY: 'Vị trí nằm ngoài địa giới Hà Nội.',
  EMERGENCY_CALL_EMPTY:
    'Cuộc gọi cần số điện thoại, nội dung hoặc địa điểm, và một vị trí hay địa chỉ để điều lực lượng đến.',
  EMERGENCY_ADDRESS_NOT_FOUND: 'Không tìm thấy phố hay phường nào khớp với địa chỉ này.',
  EMERGENCY_TYPE_UNKNOWN: 'Loại sự vụ không có trong danh mục chung.',
  EMERGENCY_CALL_TIME_INVALID: 'Thời điểm nhận cuộc gọi không được ở trong tương lai.',
  EMERGENCY_NO_UNITS: 'Cần chọn ít nhất một đơn vị để điều động.',
  EMERGENCY_NOTE_EMPTY: 'Ghi chú cần có nội dung.',
  EMERGENCY_PERIOD_INVALID:
    'Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước ngày kết thúc, và không quá một năm.',
  EMERGENCY_STATION_UNKNOWN: 'Trạm, đơn vị gốc này không có trong danh sách.',
  EMERGENCY_STATUS_UNKNOWN: 'Trạng thái này không có trong chu trình của đơn vị.',
  EMERGENCY_CALL_SIGN_TAKEN: 'Hô hiệu này đã là của một đơn vị khác.',
  EMERGENCY_TRANSFER_UNACCEPTED:
    'Chuyển giao cần ghi tên người nhận ở cơ quan tiếp nhận, hoặc số tham chiếu của trung tâm tiếp nhận.',
  EMERGENCY_SEARCHES_LIMITED:
    'Đã vượt số lần tìm đường để đề xuất đơn vị trong một phút: hãy thử lại sau số giây trong Retry-After.',
  // Citizen reports
  REPORTS_NOT_FOUND: 'Không tìm thấy phản ánh: hãy kiểm tra mã hoặc đường dẫn theo dõi.',
  REPORTS_STATE: 'Phản ánh {reportId} đang ở trạng thái {state}: không làm được bước này. Không có gì thay đổi.',
  REPORTS_SERVICE_UNKNOWN: 'Lĩnh vực phản ánh không có trong danh mục.',
  REPORTS_ATTRIBUTE_REQUIRED: 'Còn câu hỏi bắt buộc của lĩnh vực này chưa trả lời.',
  REPORTS_ATTRIBUTE_INVALID: 'Câu trả lời không nằm trong các lựa chọn của câu hỏi.',
  REPORTS_LOCATION_REQUIRED: 'Phản ánh cần vị trí: ghim trên bản đồ hoặc toạ độ.',
  REPORTS_LOCATION_OUTSIDE_CITY: 'Vị trí nằm ngoài địa giới Hà Nội: thành phố chỉ nhận phản ánh trong địa bàn.',
  REPORTS_BAD_MEDIA:
    'Ảnh phải là tệp JPEG, PNG hoặc WebP; đường dẫn ảnh phải là liên kết http(s), không quá 2000 ký tự.',
  REPORTS_PHOTO_TOO_LARGE: 'Ảnh quá lớn: tối đa 5 MB.',
  REPORTS_MEDIA_UNKNOWN: 'Có ảnh chưa được tải lên.',
  REPORTS_MEDIA_NOT_FOUND: 'Không có ảnh này.',
  REPORTS_MEDIA_TAKEN:
    'Ảnh này không đính kèm được: chỉ đính kèm ảnh bạn vừa tải lên và chưa thuộc phản ánh nào. Không có gì được lưu.',
  REPORTS_PHOTO_BUDGET:
    'Địa chỉ này đã gửi quá nhiều ảnh trong một giờ: hãy thử lại sau {retryAfter} giây. Ảnh chưa được lưu.',
  REPORTS_PHOTOS_BUSY: 'Máy chủ đang kiểm tra nhiều ảnh cùng lúc: hãy gửi lại sau giây lát.',
  REPORTS_PUSH_SUBSCRIPTION_INVALID:
    'Đăng ký nhận thông báo không hợp lệ: cần đăng ký như trình duyệt tạo ra, với địa chỉ https của một dịch vụ đẩy thông báo mà thành phố được phép gọi tới. Không có gì được lưu.',
  REPORTS_RATE_LIMITED: 'Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn: hãy thử lại sau {retryAfterMinutes} phút.',
  REPORTS_TEXT_REQUIRED: 'Cần nhập nội dung.',
  REPORTS_DEPARTMENT_UNKNOWN: 'Không có cơ quan xử lý này.',
  REPORTS_TRANSFER_SAME: 'Phản ánh đã ở cơ quan này.',
  REPORTS_MERGE_INVALID: 'Chỉ gộp được vào một phản ánh khác đang mở.',
  REPORTS_IMPORT_UNREADABLE: 'Nội dung nhập không phải dữ liệu Open311 (JSON hoặc XML) đọc được.',
  REPORTS_PERIOD_INVALID: 'Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước ngày kết thúc, và không quá một năm.',
  // Online public services and payments
  SERVICES_PROCEDURE_NOT_FOUND: 'Không có thủ tục hành chính này trong danh mục.',
  SERVICES_PROCEDURE_UNPUBLISHED: 'Thủ tục này hiện không nhận hồ sơ trực tuyến.',
  SERVICES_PROCEDURE_INVALID: 'Thủ tục còn lỗi nên chưa được lưu: xem danh sách lỗi.',
  SERVICES_PROCEDURE_EXISTS: 'Mã thủ tục đã có trong danh mục.',
  SERVICES_FORM_INVALID: 'Tờ khai còn trường chưa đúng: xem lỗi bên cạnh từng trường. Hồ sơ chưa được nộp.',
  SERVICES_DOCUMENTS_INVALID: 'Thành phần hồ sơ chưa đủ hoặc chưa đúng: xem các giấy tờ được yêu cầu.',
  SERVICES_DOCUMENT_TOO_COMPLEX:
    'Tệp PDF quá phức tạp để kiểm tra (quá nhiều đối tượng hoặc kiểm tra quá lâu): hãy quét hoặc lưu lại thành tệp đơn giản hơn. Tệp chưa được nhận.',
  SERVICES_DOCUMENT_CHECK_BUSY:
    'Hệ thống đang kiểm tra nhiều tệp cùng lúc: hãy gửi lại sau giây lát. Tệp chưa được nhận.',
  SERVICES_DOCUMENT_INVALID: 'Tệp tải lên không phải PDF, JPEG hay PNG đọc được.',
  SERVICES_DOCUMENT_MISMATCH: 'Nội dung tệp không đúng với tên và loại của nó.',
  SERVICES_DOCUMENT_TOO_LARGE: 'Tệp quá lớn: tối đa 10 MB mỗi tệp.',
  SERVICES_DOCUMENT_INFECTED: 'Tệp có mã độc nên không được nhận.',
  SERVICES_SCAN_UNAVAILABLE: 'Chưa kiểm tra được mã độc của tệp: hãy thử lại sau ít phút.',
  SERVICES_DOCUMENT_NOT_FOUND: 'Không có tệp này.',
  SERVICES_DOSSIER_NOT_FOUND: 'Không tìm thấy hồ sơ: hãy kiểm tra lại mã hồ sơ.',
  SERVICES_STATE: 'Hồ sơ đang ở trạng thái {state}: không làm được bước này. Không có gì thay đổi.',
  SERVICES_NOT_YOURS: 'Hồ sơ này không thuộc cơ quan hoặc tài khoản của bạn. Không có gì thay đổi.',
  SERVICES_FEE_UNPAID:
    'Phí, lệ phí của hồ sơ chưa được nộp: hồ sơ được tiếp nhận (thủ tục toàn trình) và trả kết quả chỉ sau khi đã nộp. Không có gì thay đổi.',
  SERVICES_FEE_NOT_DUE:
    'Hồ sơ này không còn phí, lệ phí phải nộp (không có, đã nộp hoặc đã hủy). Không có gì thay đổi.',
  SERVICES_LAST_STEP: 'Đây là bước cuối của quy trình: hãy lập kết quả thay vì chuyển tiếp.',
  SERVICES_SCHOOL_CATCHMENT: 'Nơi ở đã khai không thuộc địa bàn tuyển sinh của trường đã chọn.',
  SERVICES_SCHOOL_FULL: 'Trường đã chọn đã đủ chỉ tiêu tuyển sinh.',
  SERVICES_APPLICANT_KIND: 'Thủ tục này không dành cho loại người nộp đã khai.',
  SERVICES_APPLICANT_REQUIRED: 'Cần thông tin người nộp hồ sơ.',
  SERVICES_APPLICANT_UNKNOWN:
    'Phiên tra cứu hồ sơ thiếu hoặc đã hết hạn: hãy xác thực lại bằng mã hồ sơ và mã một lần.',
  SERVICES_OTP_INVALID: 'Mã xác thực không đúng hoặc đã hết hạn.',
  SERVICES_ACCESS_RATE_LIMITED: 'Bạn đã thử quá nhiều lần: hãy thử lại sau.',
  SERVICES_RATE_LIMITED: 'Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn: hãy thử lại sau.',
  SERVICES_UPLOAD_BUDGET: 'Địa chỉ này đã tải lên quá nhiều dữ liệu trong một giờ: hãy thử lại sau.',
  SERVICES_RATED: 'Hồ sơ này đã được đánh giá.',
  SERVICES_BOOK_TOO_LARGE:
    'Sổ theo dõi của khoảng thời gian này có {dossiers} hồ sơ; bản PDF chỉ lập cho tối đa {most} hồ sơ: hãy chọn khoảng thời gian ngắn hơn (hoặc một cơ quan), hoặc tải bản CSV.',
  SERVICES_RESULT_NOT_AVAILABLE: 'Hồ sơ chưa có kết quả điện tử để tải về.',
  SERVICES_RECEIPT_NOT_AVAILABLE: 'Hồ sơ chưa có biên lai: lệ phí chưa được thanh toán.',
  SERVICES_FORM_NOT_MADE: 'Mẫu giấy này chưa được lập cho hồ sơ.',
  SERVICES_EXTENSION_NOT_MADE: 'Hồ sơ không có lần gia hạn này: mỗi lần gia hạn có một văn bản xin lỗi (Mẫu 04).',
  SERVICES_AGENCY_UNKNOWN: 'Không có cơ quan này.',
  SERVICES_ACTION_INPUT: 'Thông tin của bước xử lý chưa đủ hoặc chưa đúng.',
  SERVICES_PERIOD_INVALID:
    'Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước ngày kết thúc, cách nhau tối đa một năm, trong các năm 2000–2100.',
  SERVICES_CHANNEL_INVALID: 'Cán bộ nộp hồ sơ thay người dân tại quầy hoặc qua bưu chính, không nộp trực tuyến.',
  SERVICES_CURSOR_INVALID: 'Con trỏ phân trang không hợp lệ.',
  SERVICES_OFFICER_INVALID:
    'Không chuyển được cho người này: phải là cán bộ (hoặc quản trị) đang làm việc tại cơ quan của bước xử lý.',
  SERVICES_SUPPLEMENT_CHANGES:
    'Nội dung bổ sung không được làm thay đổi phí, lệ phí, cơ quan giải quyết hay thông tin nhận dạng người nộp. Hồ sơ chưa thay đổi.',
  SERVICES_APPLICANT_NOT_REQUESTER:
    'Người nộp hồ sơ phải là người yêu cầu ghi trên tờ khai: {fields} không khớp (họ tên như đã ghi, số định danh đúng từng số). Để yêu cầu cho người khác, hãy ghi rõ trên tờ khai và kèm giấy ủy quyền. Hồ sơ chưa được nộp.',
  SERVICES_APPLICANT_NOT_SIGNED_IN:
    'Đã đăng nhập bằng tài khoản định danh, bạn nộp hồ sơ cho chính mình: {fields} phải là họ tên, số định danh của tài khoản đã đăng nhập. Hồ sơ chưa được nộp.',
  SERVICES_PUPIL_ENROLLED:
    'Học sinh này đã có hồ sơ tuyển sinh trong năm học này: hãy theo dõi hồ sơ đó, hoặc rút hồ sơ đó trước khi nộp hồ sơ khác. Hồ sơ chưa được nộp.',
  SERVICES_STEP_SKIPPED:
    'Bước này bỏ qua một bước mà cơ quan quyết định thủ tục phải tự làm (như việc ký của UBND phường, xã): hãy chuyển hồ sơ đến bước đó. Không có gì thay đổi.',
  PAYMENTS_SIGNATURE_INVALID:
    '{reasonVi}: X-Payment-Signature có dạng t=<giây Unix>,v1=<HMAC-SHA256 dạng hex của "<t>.<nội dung gốc>"> với khoá bí mật chung, trong vòng 300 giây. Không có gì được ghi nhận.',
  PAYMENTS_NOT_FOUND: 'Không có khoản thanh toán này.',
  PAYMENTS_OWNED:
    'Khoản thanh toán này do nghiệp vụ đã tạo ra nó hủy (phí của hồ sơ được hủy khi hồ sơ bị rút, từ chối hoặc dừng). Không có gì thay đổi.',
  PAYMENTS_RECEIPT_NOT_FOUND: 'Chưa có biên lai: khoản này chưa được thanh toán.',
  PAYMENTS_COUNTER_RECORDED:
    'Số biên lai này của quyển biên lai đã được ghi cho một khoản thu: mỗi biên lai chỉ cho một khoản. Không có gì thay đổi.',
  PAYMENTS_REFUND_NOT_FOUND: 'Không có khoản hoàn trả nào cho giao dịch này.',
  PAYMENTS_REFUND_STATE: 'Khoản hoàn trả này đã được ghi nhận với một số chứng từ khác. Không có gì thay đổi.',
  PAYMENTS_STATE: 'Khoản thanh toán không ở trạng thái cho phép bước này.',
  PAYMENTS_INTENT_DIFFERS: 'Đã có một khoản chờ thanh toán với số tiền khác cho cùng việc này.',
  PAYMENTS_SETTLEMENT_FAILED: 'Chưa ghi nhận được thanh toán: ngân hàng sẽ gửi lại.',
  PAYMENTS_PERIOD_INVALID: 'Khoảng thời gian đối soát không hợp lệ.',
  PAYMENTS_BODY_INVALID:
    'Xác nhận thanh toán không đọc được (không phải JSON), hoặc thời điểm thanh toán quá xa so với đồng hồ của máy chủ. Không có gì được ghi nhận.',
  PAYMENTS_INVALID:
    'Yêu cầu thanh toán chưa đúng: cần mã mục đích, đối tượng và nội dung thanh toán, và số tiền từ 1 đồng trở lên.',
  // Reading the request
  REFUSED_JSON_KEY:
    'Nội dung gửi lên có khóa __proto__ (hoặc constructor chứa prototype): khóa này bị từ chối vì có thể thay đổi mọi đối tượng. Hãy bỏ hoặc đổi tên khóa đó.',
  MALFORMED_JSON: 'Nội dung gửi lên không phải là JSON hợp lệ.',
  EMPTY_BODY: 'Nội dung gửi lên đang trống.',
  MISSING_CONTENT_TYPE: 'Nội dung được gửi mà không có Content-Type.',
  INVALID_CONTENT_LENGTH: 'Content-Length không khớp với nội dung gửi lên.',
  BAD_REQUEST: 'Máy chủ không đọc được yêu cầu này.',
  MULTIPART_INCOMPLETE: 'Tệp tải lên bị cắt ngang (biểu mẫu multipart chưa kết thúc). Hãy gửi lại.',
  MULTIPART_MALFORMED: 'Không đọc được biểu mẫu multipart đã gửi.',
  MULTIPART_TOO_MANY_FILES: 'Biểu mẫu có nhiều tệp hơn mức cho phép: mỗi lần tải lên một tệp.',
  MULTIPART_TOO_MANY_FIELDS: 'Biểu mẫu có nhiều trường hơn mức cho phép.',
  MULTIPART_TOO_MANY_PARTS: 'Biểu mẫu có nhiều phần hơn mức cho phép.',
  MULTIPART_FILE_TOO_LARGE: 'Một tệp trong biểu mẫu lớn quá mức cho phép.',
  INVALID_TENANT: 'Tên đơn vị (tenant) không hợp lệ.',
  UNSTORABLE_TEXT: 'Dữ liệu chứa ký tự không lưu được (ký tự NUL hoặc nửa cặp UTF-16).',
  INPUT_TOO_DEEP: 'Dữ liệu JSON lồng nhau quá 64 cấp.',
  BAD_URL: 'Đường dẫn không đúng mã hoá phần trăm.',
  UNKNOWN_QUERY_PARAMETER: 'Yêu cầu có tham số truy vấn mà địa chỉ này không nhận.',
  NUMBER_OUT_OF_RANGE: 'Một số trong chuỗi truy vấn lớn quá mức lưu được chính xác.',
  BODY_TOO_LARGE: 'Nội dung gửi lên quá lớn.',
  PATH_TOO_LONG: 'Một đoạn của đường dẫn dài quá 256 ký tự.',
  UNSUPPORTED_MEDIA_TYPE: 'Địa chỉ này không nhận kiểu nội dung đã gửi.',
  HEADERS_TOO_LARGE: 'Dòng yêu cầu và tiêu đề lớn quá 16 KiB.',
  REQUEST_TIMEOUT: 'Yêu cầu không đến kịp thời gian cho phép.',
  METHOD_NOT_ALLOWED: 'Địa chỉ này không nhận phương thức {method}; nó nhận {allow}.',
  NOT_FOUND: 'Không tìm thấy nội dung được yêu cầu.',
  // Accounts
  UNAUTHENTICATED: 'Cần đăng nhập: phiên làm việc thiếu, sai, đã hết hạn hoặc đã bị thu hồi.',
  LOGIN_FAILED: 'Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khoá.',
  FORBIDDEN: 'Vai trò của bạn không được phép làm việc này.',
  PASSWORD_CHANGE_REQUIRED: 'Hãy đổi mật khẩu trước: mật khẩu này do hệ thống tạo và chỉ hiện một lần.',
  PASSWORD_TOO_SHORT: 'Mật khẩu cần ít nhất {minLength} ký tự.',
  PASSWORD_TOO_WEAK:
    'Mật khẩu này quá dễ đoán. Hãy dùng một cụm dài gồm nhiều từ không liên quan, hoặc một mật khẩu được tạo ngẫu nhiên.',
  PASSWORD_CONTAINS_USERNAME: 'Mật khẩu không được trùng hoặc chứa tên đăng nhập.',
  PASSWORD_UNCHANGED: 'Mật khẩu mới trùng với mật khẩu hiện tại.',
  WRONG_PASSWORD: 'Mật khẩu hiện tại không đúng.',
  INVALID_USERNAME: 'Tên đăng nhập cần 3–64 chữ cái, chữ số, dấu “.”, “_” hoặc “-”.',
  USERNAME_TAKEN: 'Đã có tài khoản mang tên đăng nhập này.',
  LAST_ADMIN: 'Không thể xoá, khoá hoặc hạ quyền quản trị viên cuối cùng còn hoạt động.',
  EXTERNAL_ACCOUNT: 'Tài khoản này đăng nhập bằng tài khoản thành phố, không dùng mật khẩu riêng.',
  EXPIRY_IN_PAST: 'Thời hạn của khoá API đã ở trong quá khứ.',
  TENANT_REQUIRED: 'Tài khoản hoặc khoá API mới phải ghi rõ đơn vị (tenant).',
  ALL_TENANTS_ADMIN_ONLY: 'Chỉ tài khoản và khoá có vai trò quản trị mới được dùng cho mọi đơn vị (*).',
  TOO_MANY_ATTEMPTS:
    'Đăng nhập sai quá nhiều lần: hãy thử lại sau {retryAfter} giây, hoặc nhờ quản trị viên mở khoá tài khoản.',
  RATE_LIMITED: 'Quá nhiều yêu cầu: hãy thử lại sau {retryAfter} giây.',
  OIDC_STATE_INVALID: 'Phiên đăng nhập một lần không hợp lệ, đã hết hạn hoặc đã được dùng: hãy đăng nhập lại.',
  OIDC_CODE_INVALID: 'Mã đăng nhập một lần không hợp lệ, đã hết hạn hoặc đã được dùng: hãy đăng nhập lại.',
  OIDC_LOGIN_REFUSED: 'Nhà cung cấp danh tính đã từ chối đăng nhập.',
  OIDC_ID_TOKEN_INVALID: 'Thẻ định danh từ nhà cung cấp danh tính không hợp lệ.',
  OIDC_ACCOUNT_REFUSED: 'Tài khoản thành phố này chưa được cấp vai trò hoặc đơn vị ở đây, hoặc đã bị khoá.',
  OIDC_USERNAME_TAKEN: 'Tên đăng nhập từ nhà cung cấp danh tính trùng với một tài khoản nội bộ.',
  OIDC_PROVIDER_UNAVAILABLE: 'Không liên lạc được với nhà cung cấp danh tính: hãy thử lại sau.',
  // Personal data
  SUBJECT_REQUIRED: 'Hãy xác định người có dữ liệu bằng đúng một trong hai: số điện thoại hoặc số định danh.',
  NOT_AN_ERASURE_REQUEST: 'Yêu cầu này của chủ thể dữ liệu không phải là yêu cầu xoá.',
  REQUEST_CLOSED: 'Yêu cầu này của chủ thể dữ liệu đã được hoàn tất hoặc đã bị từ chối.',
  PERSONAL_DATA_KEY_UNAVAILABLE:
    'Máy chủ này chưa được cấp khoá để mở dữ liệu cá nhân này: hãy báo quản trị viên (PERSONAL_DATA_KEY).',
  // The server
  INTERNAL: 'Đã xảy ra lỗi phía máy chủ. Khi báo lỗi, hãy ghi mã yêu cầu {requestId}.',
  DATABASE_UNAVAILABLE: 'Cơ sở dữ liệu không phản hồi: hãy thử lại sau ít giây.',
  SHUTTING_DOWN: 'Máy chủ này đang dừng: hãy thử lại sau ít giây.',
  QUERY_TIMEOUT: 'Yêu cầu chạy quá thời gian cho phép: hãy hỏi ít dữ liệu hơn.',
  // Alarms
  BAD_ALARM_STATE: 'Trạng thái cảnh báo không hợp lệ.',
  BAD_ALARM_SEVERITY: 'Mức độ cảnh báo phải là nghiêm trọng, cao, trung bình hoặc thấp.',
  ALARM_UNKNOWN_ASSIGNEE: 'Không có người dùng nào mang tên này để giao việc.',
  ALARM_BAD_COMMENT: 'Ghi chú phải dài từ 1 đến 2000 ký tự.',
  ALARM_BAD_SHELVE: 'Tạm gác cần một lý do (1–500 ký tự) và thời gian từ 5 phút đến 12 giờ.',
  ALARM_NOT_SHELVABLE: 'Cảnh báo này đã đóng (đã hết và đã xác nhận) nên không tạm gác được.',
  ALARM_CLEARS_ITSELF: 'Cảnh báo này tự hết khi điều kiện trở lại bình thường: hãy xác nhận nó thay vì xoá.',
  // Public warnings
  WARNING_NOT_IN_FORCE: 'Cảnh báo công cộng này đã bị huỷ hoặc đã hết hạn.',
  WARNING_LIFTS_ITSELF: 'Cảnh báo này sinh ra từ số liệu đo và tự gỡ khi điều kiện chấm dứt: không huỷ bằng tay được.',
  IOT_DEVICE_EXISTS: 'Thiết bị này đã được khai báo trong dịch vụ này.',
  IOT_GROUP_EXISTS: 'Khoá API này đã là khoá của một nhóm thiết bị trong dịch vụ này.',
  IOT_APIKEY_UNAVAILABLE: 'Khoá API này không dùng được cho dịch vụ này.',
  IOT_INVALID_PROVISIONING: 'Máy chủ không nhận khai báo nhóm hoặc thiết bị này.',
  IOT_BUSY: 'Số liệu đến nhanh hơn tốc độ lưu: hãy gửi lại sau giây lát.',
  IOT_STOPPING: 'Máy chủ đang dừng: hãy gửi lại số liệu.',
  IOT_ENTITY_NOT_WRITTEN: 'Không ghi được thực thể của thiết bị vào kho dữ liệu ngữ cảnh.',
  IOT_ENTITY_TYPE_KEPT:
    'Thực thể này thuộc loại do một phân hệ quản lý: gắn thiết bị vào nó cần quyền ghi của phân hệ đó. Chưa khai báo gì.',
  IOT_FUTURE_TIMESTAMP: 'Thời điểm đo ở quá xa trong tương lai so với đồng hồ của máy chủ.',
  IOT_INVALID_JSON: 'Bản tin của thiết bị không phải là JSON hợp lệ.',
  IOT_INVALID_PAYLOAD: 'Bản tin của thiết bị không đúng quy ước đo (đối tượng JSON hoặc UltraLight 2.0).',
  IOT_INVALID_TEXT: 'Bản tin có ký tự không lưu được (ký tự NUL hoặc nửa cặp UTF-16), hoặc không phải UTF-8.',
  IOT_INVALID_TIMESTAMP: 'Thời điểm đo phải theo ISO 8601 có múi giờ, là một ngày có thật từ năm 1970 đến 9999.',
  IOT_NOT_FINITE: 'Bản tin có số không hữu hạn.',
  IOT_NOT_STORABLE: 'Cơ sở dữ liệu không nhận số đo này (các số đo khác của bản tin đã được lưu).',
  IOT_TOO_DEEP: 'JSON của bản tin lồng nhau quá 32 cấp.',
  IOT_TOO_MANY_ATTRIBUTES: 'Bản tin có nhiều thuộc tính hơn mức một thiết bị được gửi một lần.',
  IOT_TOO_MANY_READINGS: 'Bản tin có nhiều số đo hơn mức một thiết bị được gửi một lần.',
  IOT_WRONG_TYPE: 'Một giá trị không đúng kiểu của thuộc tính (số thập phân, thời điểm, điểm toạ độ).',
  IOT_UNKNOWN_APIKEY: 'Khoá API này không phải khoá của nhóm thiết bị nào.',
  IOT_AUTOPROVISION_LIMIT:
    'Thiết bị chưa được khai báo, và nhóm của nó đã tự khai báo đủ số thiết bị mới cho phép trong một giờ: hãy khai báo thiết bị, hoặc gửi lại sau.',
  IOT_TOO_FAST: 'Thiết bị gửi nhanh hơn mức cho phép: hãy chờ rồi gửi lại.',
  IOT_UNKNOWN_DEVICE: 'Thiết bị chưa được khai báo với khoá API này, và nhóm của nó không tự khai báo thiết bị.',
  IOT_TOO_LARGE: 'Bản tin của thiết bị lớn quá mức cho phép.',
  IOT_DEVICE_SECRET:
    'Nhóm của thiết bị này chỉ nhận số liệu kèm mật khẩu riêng của chính thiết bị: mật khẩu thiếu hoặc sai.',
  IOT_ENTITY_KEPT:
    'Thực thể thiết bị này ghi vào nay thuộc loại do một phân hệ quản lý, mà thiết bị không được gắn như loại đó: không được ghi.',
  IOT_ACCOUNT_NOT_PERMITTED:
    'Thiết bị này ghi vào hồ sơ do một phân hệ quản lý: tài khoản chỉ được gửi thay cho nó khi có quyền của phân hệ đó.',
  WARNING_BAD_EXPIRY: 'Cảnh báo phải hết hạn sau thời điểm hiện tại và trong vòng 7 ngày.',
  WARNING_TEXT_NOT_XML:
    'Trường {field} chứa ký tự {character} mà bản tin CAP (XML 1.0) không chứa được: không dùng ký tự điều khiển ngoài tab và xuống dòng.',
  // Air-quality summaries
  BAD_DATE: 'Ngày phải có dạng YYYY-MM-DD, từ năm 1970 trở đi.',
  BAD_DATE_RANGE: 'Khoảng ngày không hợp lệ: ngày kết thúc trước ngày bắt đầu, hoặc khoảng quá dài.',
  BAD_MONTH: 'Tháng phải có dạng YYYY-MM, từ năm 1970 trở đi.',
  BAD_INSTANT: 'Thời điểm phải theo ISO 8601, từ năm 1970 trở đi, ví dụ 2026-03-10T08:00:00Z.',
  TRANSIT_POSITION_INCOMPLETE: 'Cần cả kinh độ (lon) lẫn vĩ độ (lat), hoặc không có cả hai.',
  CITY_AREA_INVALID: 'Vùng bản đồ (bbox) phải là tây,nam,đông,bắc bằng độ, tây < đông, nam < bắc, không quá rộng.',
  CITY_ROADS_RATE_LIMITED:
    'Bạn đã xem quá nhiều vùng bản đồ mới trong thời gian ngắn: hãy thử lại sau {retryAfter} giây.',
  ROAD_POSITION_INVALID: 'Vị trí phải là [kinh độ, vĩ độ] bằng số hữu hạn, trong giới hạn hợp lệ.',
  ROAD_POSITION_OFF_NETWORK: 'Vị trí này nằm ngoài mạng lưới đường hoặc quá xa mọi con đường.',
  ROAD_SEARCH_TIMEOUT: 'Tìm đường mất quá nhiều thời gian nên đã bị dừng: hãy thử lại.',
  ROAD_SEARCH_FAILED: 'Bộ tìm đường vừa dừng (sẽ được khởi động lại) hoặc máy chủ đang tắt: hãy thử lại.',
  // Public transport
  TRANSIT_BAD_AREA: 'Vùng tìm điểm dừng (near, radius hoặc bbox) không đúng dạng.',
  TRANSIT_BAD_SINCE: 'Thời điểm since phải theo ISO 8601.',
  TRANSIT_BAD_TIME: 'Thời điểm from phải theo ISO 8601, và ngày của chuyến phải có dạng YYYYMMDD.',
  TRANSIT_BAD_WINDOW: 'Khoảng giờ phải lớn hơn 0 và không quá 24.',
  TRANSIT_FEED_UNREADABLE: 'Dữ liệu GTFS không phải tệp zip (hay thư mục) các tệp UTF-8, quá lớn, hoặc không tải được.',
  TRANSIT_VEHICLE_FEED_UNDECODABLE:
    'Nội dung gửi lên không phải bản tin GTFS-Realtime (protobuf): không có gì được nhận.',
  TRANSIT_ALERT_WITHDRAWN: 'Thông báo vận hành này đã được rút: không sửa hay xoá được nữa.',
  TRANSIT_ALERT_PUBLISHED:
    'Thông báo vận hành đã đăng không trở lại thành bản nháp và không xoá được: hành khách đã thấy nó, hãy rút thông báo.',
  TRANSIT_ALERT_CHANGED: 'Thông báo vận hành đã được người khác sửa: hãy tải lại bản mới rồi sửa.',
  TRANSIT_VEHICLE_FEED_TOO_LARGE: 'Bản tin vị trí xe có hơn 10.000 phần tử: không có gì được nhận.',
  TRANSIT_ALERT_INVALID:
    'Thông báo vận hành chưa đúng: thời gian hiệu lực kết thúc trước khi bắt đầu, ngắn hơn một phút hoặc nằm ngoài khoảng 2000–2100, hoặc có đối tượng áp dụng không chỉ rõ gì.',
  TRANSIT_ALERT_TOO_MANY:
    'Đơn vị đã có quá nhiều thông báo vận hành đang hiệu lực, sắp hiệu lực hoặc đang soạn: hãy rút hoặc xoá bớt trước.',
  TRANSIT_ALERT_UNKNOWN_ENTITY:
    'Thông báo vận hành nêu tuyến, điểm dừng, chuyến hoặc đơn vị không có trong lịch chạy hiện hành. Không có gì được lưu.',
  TRANSIT_FEED_INVALID: 'Dữ liệu GTFS có lỗi (xem danh sách lỗi theo tệp, dòng, trường): không có gì thay đổi.',
  TRANSIT_VEHICLE_FEED_INVALID:
    'Nguồn vị trí xe chưa đúng (địa chỉ, chu kỳ, phạm vi hoặc tiêu đề), hoặc đơn vị đã có quá nhiều nguồn.',
  TRANSIT_VEHICLE_FEED_REFUSED: 'Địa chỉ nguồn vị trí xe là địa chỉ nội bộ không được phép truy cập.',
  TRANSIT_STOP_TOO_BUSY: 'Điểm dừng này có quá nhiều lượt xe ghé trong lịch chạy: không lập được bảng giờ đến.',
  TRANSIT_BOARDS_BUSY: 'Nhiều bảng giờ đến đang được lập lần đầu: hãy thử lại sau vài giây.',
  // NGSI-LD
  RESOURCE_NOT_FOUND: 'Không tìm thấy thực thể hoặc tài nguyên được yêu cầu.',
  INVALID_REQUEST: 'Yêu cầu NGSI-LD không đúng dạng.',
  BAD_REQUEST_DATA: 'Nội dung yêu cầu NGSI-LD không hợp lệ.',
  ALREADY_EXISTS: 'Thực thể này đã tồn tại.',
  TOO_MANY_RESULTS: 'Kết quả quá nhiều: hãy thu hẹp truy vấn.',
  NGSI_LD_BODY_TOO_LARGE: 'Nội dung gửi lên quá lớn so với giới hạn của API NGSI-LD: hãy gửi ít hơn trong mỗi yêu cầu.',
  NGSI_LD_TOO_MANY_ATTRIBUTES:
    'Thực thể sẽ có quá nhiều thuộc tính so với giới hạn của API NGSI-LD: không có gì được thay đổi.',
  NOT_ACCEPTABLE: 'Tiêu đề Accept yêu cầu một định dạng mà kho dữ liệu ngữ cảnh không cung cấp.',
  OPERATION_NOT_SUPPORTED: 'Kho dữ liệu ngữ cảnh không hỗ trợ thao tác này.',
  NGSI_LD_INTERNAL_ERROR: 'Đã xảy ra lỗi phía máy chủ. Khi báo lỗi, hãy ghi mã yêu cầu {requestId}.',
  LD_CONTEXT_NOT_AVAILABLE:
    'Không lấy được @context từ xa (không được phép, không truy cập được, quá lớn, hoặc không phải context).',
  CONTEXT_PLATFORM_WIDE: 'Chỉ quản trị viên toàn nền tảng mới được xoá @context dùng chung cho mọi đơn vị.',
  CONTEXT_TYPE_OWNED:
    'Loại thực thể này do một phân hệ quản lý theo quy tắc riêng: hãy dùng API của phân hệ đó thay vì API NGSI-LD.',
  NONEXISTENT_TENANT: 'Không có đơn vị (tenant) này.',
  TOO_MANY_STREAMS:
    'Đã mở quá nhiều luồng sự kiện cùng lúc: hãy đóng bớt trang hoặc kết nối, rồi thử lại sau {retryAfter} giây.',
};

const VI_WHERE: Readonly<Record<string, string>> = {
  body: 'Nội dung gửi lên',
  querystring: 'Chuỗi truy vấn',
  params: 'Đường dẫn',
  headers: 'Tiêu đề yêu cầu',
};

const VI_TYPES: Readonly<Record<string, string>> = {
  string: 'chuỗi ký tự',
  number: 'số',
  integer: 'số nguyên',
  boolean: 'giá trị đúng/sai',
  object: 'đối tượng',
  array: 'danh sách',
  null: 'rỗng (null)',
};

/** One refused field in Vietnamese, from the validator's keyword and parameters. */
export function fieldRefusalVi(refusal: FieldRefusal): string {
  const p = refusal.params;
  const limit = text(p['limit']);
  switch (refusal.keyword) {
    case 'required':
      return `thiếu trường bắt buộc “${text(p['missingProperty'])}”`;
    case 'additionalProperties':
      return `không nhận trường “${text(p['additionalProperty'])}”`;
    case 'minLength':
      return `cần ít nhất ${limit} ký tự`;
    case 'maxLength':
      return `dài quá ${limit} ký tự`;
    case 'minimum':
      return `phải từ ${limit} trở lên`;
    case 'maximum':
      return `không được quá ${limit}`;
    case 'exclusiveMinimum':
      return `phải lớn hơn ${limit}`;
    case 'exclusiveMaximum':
      return `phải nhỏ hơn ${limit}`;
    case 'minItems':
      return `cần ít nhất ${limit} phần tử`;
    case 'maxItems':
      return `có quá ${limit} phần tử`;
    case 'minProperties':
      return `cần ít nhất ${limit} trường`;
    case 'maxProperties':
      return `có quá ${limit} trường`;
    case 'type': {
      const types = text(p['type'])
        .split(',')
        .map((t) => VI_TYPES[t] ?? t);
      return `phải là ${types.join(' hoặc ')}`;
    }
    case 'pattern':
      return 'không đúng dạng yêu cầu';
    case 'format':
      return `không đúng định dạng ${text(p['format'])}`.trim();
    case 'enum':
    case 'const':
      return 'không phải là giá trị được phép';
    case 'anyOf':
    case 'oneOf':
      return 'không khớp với dạng nào được phép';
    default:
      return 'không hợp lệ';
  }
}

/** The field a refusal is about, from its JSON pointer (`/area/name` → `area.name`). */
const fieldOf = (refusal: FieldRefusal): string => refusal.instancePath.replace(/^\//, '').replaceAll('/', '.');

/**
 * Words for a parameter's coded values, named in a template as `{name|vocabulary}`: a code a reader
 * would otherwise meet raw ("on_scene"). A list is worded item by item.
 */
const VI_VOCABULARIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  unitStatus: {
    available: 'sẵn sàng',
    dispatched: 'đã điều động',
    en_route: 'đang đến hiện trường',
    on_scene: 'ở hiện trường',
    transporting: 'đang chở bệnh nhân',
    at_hospital: 'ở bệnh viện',
    returning: 'đang về trạm',
    out_of_service: 'ngừng hoạt động',
  },
};

/** A coded value (or a list of them) in Vietnamese words, each quoted; '' when the vocabulary lacks one. */
export const vietnameseWords = (vocabulary: string, value: unknown): string => worded(value, vocabulary);

function worded(value: unknown, vocabulary: string | undefined): string {
  if (vocabulary === undefined) return text(value);
  const words = VI_VOCABULARIES[vocabulary] ?? {};
  const items = Array.isArray(value) ? value : [value];
  const said = items.map((v) => words[text(v)] ?? '');
  // A code the vocabulary does not know makes the template fall back, never half a sentence.
  return said.length === 0 || said.includes('') ? '' : said.map((w) => `“${w}”`).join(', ');
}

function fill(template: string, params: ProblemParams): string | undefined {
  let missing = false;
  const filled = template.replace(/\{(\w+)(?:\|(\w+))?\}/g, (_, name: string, vocabulary?: string) => {
    const value = worded(params[name], vocabulary);
    if (value === '') missing = true;
    return value;
  });
  return missing ? undefined : filled;
}

export interface LocalisedProblem {
  readonly title: string;
  readonly detail: string;
  /** Each field's detail of a refused request, in the order of the problem's `errors`. */
  readonly fieldDetails?: readonly string[];
}

/**
 * The problem's words in Vietnamese. `params` are the error's own (a refused request's fields, the
 * seconds to wait…); the problem's extension members count as parameters too.
 */
export function problemInVietnamese(error: AppError, params: ProblemParams, requestId: string): LocalisedProblem {
  // An API with its own error types (NGSI-LD) keeps its title: clients read it as the type's name.
  const title = error.title ?? VI_TITLES[error.status] ?? 'Lỗi';
  const refusals = params['refusals'] as readonly FieldRefusal[] | undefined;
  if (refusals) {
    const where = VI_WHERE[text(params['in'])] ?? 'Yêu cầu';
    const fieldDetails = refusals.map(fieldRefusalVi);
    const parts = refusals.map((r, i) => {
      const field = fieldOf(r);
      return field ? `${field}: ${fieldDetails[i] ?? ''}` : (fieldDetails[i] ?? '');
    });
    return { title, detail: `${where} không hợp lệ: ${parts.join('; ')}.`, fieldDetails };
  }
  const template = VI_PROBLEMS[error.code];
  const all = { ...error.extra, retryAfter: error.headers['retry-after'], ...params, requestId };
  const detail =
    (template && fill(template, all)) ??
    VI_BY_STATUS[error.status] ??
    VI_BY_STATUS[Math.floor(error.status / 100) * 100] ??
    'Yêu cầu không thực hiện được.';
  return { title, detail };
}
