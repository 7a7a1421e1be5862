/** The citizens' page in Vietnamese (the default) and English. */
export type Language = 'vi' | 'en';

type State = 'submitted' | 'received' | 'waiting' | 'resolved' | 'rejected' | 'duplicate';
type EventKind =
  | 'submitted'
  | 'received'
  | 'asked'
  | 'supplemented'
  | 'transferred'
  | 'merged'
  | 'resolved'
  | 'rejected'
  | 'reopened'
  | 'note'
  | 'level'
  | 'overdue';

export interface Words {
  readonly title: string;
  readonly switchTo: string;
  readonly switchLabel: string;
  readonly sections: string;
  readonly report: string;
  readonly mine: string;
  readonly near: string;
  readonly category: string;
  readonly pickCategory: string;
  readonly place: string;
  readonly mapLabel: string;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly useLocation: string;
  readonly locating: string;
  readonly noLocation: string;
  readonly placedAt: (lat: string, lon: string) => string;
  readonly notPlaced: string;
  readonly noPlaceNeeded: string;
  readonly photo: string;
  readonly photoHint: string;
  readonly photoResizing: string;
  readonly photoUploading: string;
  readonly photoReady: (kb: number) => string;
  readonly photoFailed: string;
  readonly removePhoto: string;
  readonly description: string;
  readonly descriptionHint: string;
  /** The description's hint, the button and the missing-text message for a question to the city. */
  readonly questionHint: string;
  readonly submitQuestion: string;
  readonly needQuestion: string;
  readonly contact: string;
  readonly contactPrivate: string;
  readonly email: string;
  readonly phone: string;
  readonly questions: string;
  readonly choose: string;
  readonly submit: string;
  readonly sending: string;
  readonly sent: (id: string) => string;
  readonly followIt: string;
  readonly sentQuestion: (id: string) => string;
  readonly reportAnother: string;
  readonly needCategory: string;
  readonly needPlace: string;
  readonly needDescription: string;
  readonly needAnswer: (question: string) => string;
  readonly duplicates: string;
  readonly duplicatesHint: string;
  readonly mineToo: string;
  readonly following: string;
  readonly notifyMe: string;
  readonly notifyOn: string;
  readonly notifyUnavailable: string;
  readonly noMine: string;
  readonly reported: string;
  readonly followed: string;
  readonly forget: string;
  readonly status: Readonly<Record<State, string>>;
  readonly open: string;
  readonly closed: string;
  readonly event: Readonly<Record<EventKind, string>>;
  readonly timeline: string;
  readonly answer: string;
  readonly asked: string;
  readonly reply: string;
  readonly replySend: string;
  readonly replySent: string;
  readonly due: (when: string) => string;
  readonly agency: string;
  readonly nearHint: string;
  readonly nearNone: string;
  readonly nearHere: string;
  readonly failed: string;
  readonly notFound: string;
  readonly back: string;
  readonly photoOf: string;
  readonly photoOfAnswer: string;
  /** A list shows that a report has photos without loading them (a phone's data is dear). */
  readonly hasPhotos: (n: number) => string;
  /** A photo kept elsewhere (an Open311 media_url): the page's policy shows only its own images. */
  readonly externalPhoto: string;
  readonly mergedInto: string;
  readonly outcomeAt: (id: string) => string;
  readonly distance: (m: number) => string;
  readonly number: (id: string) => string;
}

export const WORDS: Record<Language, Words> = {
  vi: {
    title: 'Phản ánh hiện trường Hà Nội',
    switchTo: 'English',
    switchLabel: 'Switch to English',
    sections: 'Các mục',
    report: 'Phản ánh',
    mine: 'Phản ánh của tôi',
    near: 'Gần tôi',
    category: 'Loại vấn đề',
    pickCategory: '— Chọn loại vấn đề —',
    place: 'Vị trí',
    mapLabel:
      'Bản đồ: kéo bản đồ hoặc chạm vào nơi có vấn đề để đặt ghim ở giữa; phím mũi tên để di chuyển, + và − để phóng to, thu nhỏ',
    zoomIn: 'Phóng to',
    zoomOut: 'Thu nhỏ',
    useLocation: 'Dùng vị trí của tôi',
    locating: 'Đang tìm vị trí của bạn…',
    noLocation: 'Không lấy được vị trí. Hãy kéo bản đồ đến nơi có vấn đề.',
    placedAt: (lat, lon) => `Ghim tại ${lat}, ${lon}`,
    notPlaced: 'Chưa đặt ghim: kéo bản đồ hoặc chạm vào nơi có vấn đề.',
    noPlaceNeeded: 'Câu hỏi gửi thành phố không cần vị trí.',
    photo: 'Ảnh (không bắt buộc)',
    photoHint: 'Chụp hoặc chọn một ảnh; ảnh được thu nhỏ trên máy trước khi gửi.',
    photoResizing: 'Đang thu nhỏ ảnh…',
    photoUploading: 'Đang tải ảnh lên…',
    photoReady: (kb) => `Ảnh đã sẵn sàng (${kb} kB).`,
    photoFailed: 'Không gửi được ảnh. Hãy chọn ảnh khác hoặc gửi không có ảnh.',
    removePhoto: 'Bỏ ảnh',
    description: 'Mô tả',
    descriptionHint: 'Điều gì đang xảy ra, từ khi nào, nguy hiểm đến đâu.',
    questionHint: 'Bạn muốn hỏi hoặc kiến nghị điều gì với Thành phố.',
    submitQuestion: 'Gửi câu hỏi',
    needQuestion: 'Hãy viết câu hỏi của bạn.',
    contact: 'Liên hệ (không bắt buộc)',
    contactPrivate:
      'Thư điện tử và số điện thoại được giữ kín: chỉ cán bộ xử lý thấy, không bao giờ công khai; dùng để báo cho bạn khi có cập nhật.',
    email: 'Thư điện tử',
    phone: 'Số điện thoại',
    questions: 'Thông tin thêm',
    choose: '— Chọn —',
    submit: 'Gửi phản ánh',
    sending: 'Đang gửi…',
    sent: (id) => `Đã gửi phản ánh số ${id}. Cảm ơn bạn!`,
    followIt: 'Theo dõi phản ánh',
    sentQuestion: (id) => `Đã gửi câu hỏi số ${id}. Cảm ơn bạn!`,
    reportAnother: 'Gửi phản ánh khác',
    needCategory: 'Hãy chọn loại vấn đề.',
    needPlace: 'Hãy đặt ghim vào nơi có vấn đề.',
    needDescription: 'Hãy mô tả vấn đề.',
    needAnswer: (q) => `Hãy trả lời: ${q.replace(/ \*$/, '')}`,
    duplicates: 'Có thể đã có người phản ánh',
    duplicatesHint: 'Nếu đúng là vấn đề của bạn, hãy theo dõi phản ánh đó thay vì gửi mới.',
    mineToo: 'Đây cũng là vấn đề của tôi',
    following: 'Đang theo dõi',
    notifyMe: 'Báo cho tôi khi có cập nhật',
    notifyOn: 'Trình duyệt này sẽ báo khi phản ánh có cập nhật.',
    notifyUnavailable: 'Trình duyệt này không nhận được thông báo.',
    noMine: 'Bạn chưa gửi hoặc theo dõi phản ánh nào trên máy này.',
    reported: 'Tôi đã gửi',
    followed: 'Tôi theo dõi',
    forget: 'Bỏ khỏi danh sách',
    status: {
      submitted: 'Đã gửi, chờ tiếp nhận',
      received: 'Đang xử lý',
      waiting: 'Chờ bạn bổ sung thông tin',
      resolved: 'Đã giải quyết',
      rejected: 'Không tiếp nhận',
      duplicate: 'Trùng, đã gộp với phản ánh khác',
    },
    open: 'Đang mở',
    closed: 'Đã đóng',
    event: {
      submitted: 'Phản ánh được gửi',
      received: 'Cơ quan đã tiếp nhận',
      asked: 'Cơ quan đề nghị bổ sung',
      supplemented: 'Đã bổ sung thông tin',
      transferred: 'Chuyển cơ quan khác xử lý',
      merged: 'Gộp với phản ánh trùng',
      resolved: 'Đã giải quyết',
      rejected: 'Không tiếp nhận',
      reopened: 'Mở lại',
      note: 'Ghi chú',
      level: 'Thay đổi mức độ',
      overdue: 'Quá hạn xử lý',
    },
    timeline: 'Diễn biến',
    answer: 'Trả lời của cơ quan',
    asked: 'Cơ quan cần bạn bổ sung',
    reply: 'Trả lời của bạn',
    replySend: 'Gửi bổ sung',
    replySent: 'Đã gửi bổ sung. Thời hạn xử lý tiếp tục được tính.',
    due: (when) => `Hạn giải quyết: ${when}`,
    agency: 'Cơ quan xử lý',
    nearHint: 'Các phản ánh trong vòng 1 km quanh vị trí của bạn hoặc ghim trên bản đồ.',
    nearNone: 'Không có phản ánh nào gần đây.',
    nearHere: 'Xem quanh ghim',
    failed: 'Không tải được. Thử lại sau.',
    notFound: 'Không tìm thấy phản ánh này.',
    back: 'Quay lại',
    photoOf: 'Ảnh của phản ánh',
    photoOfAnswer: 'Ảnh kết quả xử lý',
    hasPhotos: (n) => (n === 1 ? 'Có ảnh' : `Có ${n} ảnh`),
    externalPhoto: 'Ảnh bên ngoài',
    mergedInto: 'Phản ánh này trùng và đã được gộp vào phản ánh',
    outcomeAt: (id) => `Kết quả xử lý tại phản ánh ${id}`,
    distance: (m) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`),
    number: (id) => `Số ${id}`,
  },
  en: {
    title: 'Report a problem in Hanoi',
    switchTo: 'Tiếng Việt',
    switchLabel: 'Chuyển sang tiếng Việt',
    sections: 'Sections',
    report: 'Report',
    mine: 'My reports',
    near: 'Near me',
    category: 'Kind of problem',
    pickCategory: '— Pick a kind of problem —',
    place: 'Place',
    mapLabel:
      'Map: drag it or tap the place of the problem to bring it under the pin in the middle; arrow keys move it, + and − zoom',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    useLocation: 'Use my location',
    locating: 'Finding where you are…',
    noLocation: 'Your location is not available. Drag the map to the place of the problem.',
    placedAt: (lat, lon) => `Pin at ${lat}, ${lon}`,
    notPlaced: 'No pin yet: drag the map or tap the place of the problem.',
    noPlaceNeeded: 'A question to the city needs no place.',
    photo: 'Photo (optional)',
    photoHint: 'Take or choose one photo; it is made smaller on your phone before it is sent.',
    photoResizing: 'Making the photo smaller…',
    photoUploading: 'Sending the photo…',
    photoReady: (kb) => `Photo ready (${kb} kB).`,
    photoFailed: 'The photo could not be sent. Choose another one or report without a photo.',
    removePhoto: 'Remove the photo',
    description: 'Description',
    descriptionHint: 'What is happening, since when, how dangerous it is.',
    questionHint: 'What you would like to ask or propose to the city.',
    submitQuestion: 'Send the question',
    needQuestion: 'Write your question.',
    contact: 'Contact (optional)',
    contactPrivate:
      'Your e-mail and phone number are kept private: only the officers handling it see them, never the public; they are used to tell you of updates.',
    email: 'E-mail',
    phone: 'Phone number',
    questions: 'More details',
    choose: '— Choose —',
    submit: 'Send the report',
    sending: 'Sending…',
    sent: (id) => `Report ${id} sent. Thank you!`,
    followIt: 'Follow the report',
    sentQuestion: (id) => `Question ${id} sent. Thank you!`,
    reportAnother: 'Report something else',
    needCategory: 'Pick the kind of problem.',
    needPlace: 'Put the pin on the place of the problem.',
    needDescription: 'Describe the problem.',
    needAnswer: (q) => `Please answer: ${q.replace(/ \*$/, '')}`,
    duplicates: 'Someone may have reported it already',
    duplicatesHint: 'If it is your problem, follow that report instead of sending a new one.',
    mineToo: 'This is my problem too',
    following: 'Following',
    notifyMe: 'Notify me of updates',
    notifyOn: 'This browser will tell you when the report is updated.',
    notifyUnavailable: 'This browser cannot receive notifications.',
    noMine: 'You have not sent or followed any report on this device.',
    reported: 'Sent by me',
    followed: 'Followed',
    forget: 'Remove from the list',
    status: {
      submitted: 'Sent, waiting to be received',
      received: 'Being handled',
      waiting: 'Waiting for your reply',
      resolved: 'Resolved',
      rejected: 'Not taken up',
      duplicate: 'Duplicate, merged with another report',
    },
    open: 'Open',
    closed: 'Closed',
    event: {
      submitted: 'Report sent',
      received: 'Received by the department',
      asked: 'The department asks for more',
      supplemented: 'More details given',
      transferred: 'Passed to another department',
      merged: 'Merged with a duplicate',
      resolved: 'Resolved',
      rejected: 'Not taken up',
      reopened: 'Reopened',
      note: 'Note',
      level: 'Level changed',
      overdue: 'Overdue',
    },
    timeline: 'What happened',
    answer: "The department's answer",
    asked: 'The department needs more from you',
    reply: 'Your reply',
    replySend: 'Send the reply',
    replySent: 'Reply sent. The time limit runs again.',
    due: (when) => `To be resolved by ${when}`,
    agency: 'Handled by',
    nearHint: 'Reports within 1 km of where you are, or of the pin on the map.',
    nearNone: 'No reports near here.',
    nearHere: 'Show around the pin',
    failed: 'Could not load. Try again later.',
    notFound: 'This report was not found.',
    back: 'Back',
    photoOf: "The report's photo",
    photoOfAnswer: 'Photo of the work done',
    hasPhotos: (n) => (n === 1 ? 'Has a photo' : `Has ${n} photos`),
    externalPhoto: 'External photo',
    mergedInto: 'This report was about the same problem and was merged into report',
    outcomeAt: (id) => `The outcome, at report ${id}`,
    distance: (m) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`),
    number: (id) => `No. ${id}`,
  },
};
