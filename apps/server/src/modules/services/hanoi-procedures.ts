import type { Agency, FormField, FormSection, HandlingStep, Text } from './model.js';
import { WARD_COMMITTEE, WARD_POLICE, type NewProcedure } from './procedures.js';

/**
 * The demo catalogue: common Hà Nội procedures as the National Database on Administrative Procedures
 * lists them (codes, time limits, fees, legal basis), each with its e-form.
 *
 * What is checked and what is not. The codes 1.001193 (birth), 1.000894 (marriage), 1.000656
 * (death), 2.000815 (certified copy from the original), 2.000635 (copy of a civil-status extract),
 * 1.001612 (business household) and 3.000182 / 2.002492 (lower-secondary / primary enrolment) are
 * the codes other public systems use for these procedures; we could not read the National Database
 * itself. For the residence confirmation and the construction permit we found no code we trust, so
 * they carry local codes ("HN.…") until the city confirms theirs. Amounts marked "to be checked"
 * below are the figures we believe Hà Nội charges, not read from the city's resolution. School
 * catchments and places are illustrative: the real ones are set each year by the wards' plans.
 *
 * Since 1/7/2025 Hà Nội has two tiers (city, commune/ward). Commune-level dossiers are received by the
 * branches of the city's Public Administration Service Centre and handled by the ward's People's
 * Committee: in these procedures `agency: 'ubnd-phuong-xa'` stands for the applicant's ward's committee,
 * resolved from the form's ward field (`agencyByWard`; see procedures.ts `agencyFor`/`stepAgency`).
 */

const t = (vi: string, en: string): Text => ({ vi, en });

// --- agencies ---------------------------------------------------------------------------------------

export const CENTRE = 'trung-tam-phvhcc';
// Stand-ins for the applicant's ward's committee and police, resolved when a dossier is filed.
export { WARD_COMMITTEE, WARD_POLICE };

export const HANOI_AGENCIES: readonly Agency[] = [
  {
    code: CENTRE,
    name: t('Trung tâm Phục vụ hành chính công thành phố Hà Nội', 'Hanoi Public Administration Service Centre'),
    level: 'city',
  },
  { code: 'so-tu-phap', name: t('Sở Tư pháp Hà Nội', 'Hanoi Department of Justice'), level: 'city' },
  // The same code as the citizen reports' department (modules/reports CITY_DEPARTMENTS).
  { code: 'so-xay-dung', name: t('Sở Xây dựng Hà Nội', 'Hanoi Department of Construction'), level: 'city' },
  {
    code: 'so-giao-duc-dao-tao',
    name: t('Sở Giáo dục và Đào tạo Hà Nội', 'Hanoi Department of Education and Training'),
    level: 'city',
  },
  { code: 'so-tai-chinh', name: t('Sở Tài chính Hà Nội', 'Hanoi Department of Finance'), level: 'city' },
  { code: 'cong-an-tp', name: t('Công an thành phố Hà Nội', 'Hanoi Police'), level: 'city' },
  {
    code: WARD_COMMITTEE,
    name: t(
      'Ủy ban nhân dân phường, xã nơi người nộp hồ sơ chọn (theo trường phường/xã của tờ khai)',
      "The People's Committee of the applicant's ward or commune (the form's ward)",
    ),
    level: 'commune',
  },
  {
    code: WARD_POLICE,
    name: t(
      'Công an phường, xã nơi cư trú (theo trường phường/xã của tờ khai)',
      "The police of the applicant's ward or commune (the form's ward)",
    ),
    level: 'commune',
  },
];

// --- pieces of forms ----------------------------------------------------------------------------

const text = (id: string, label: Text, more: Partial<FormField> = {}): FormField => ({
  id,
  label,
  type: 'text',
  maxLength: 200,
  ...more,
});
const personName = (id: string, label: Text, required = true, more: Partial<FormField> = {}): FormField =>
  text(id, label, { required, maxLength: 100, personal: 'name', ...more });
const birthDate = (id: string, label: Text, required = true): FormField => ({
  id,
  label,
  type: 'date',
  required,
  max: 'today',
  min: '1900-01-01',
  personal: 'birth-date',
});
const idNumber = (id: string, label: Text, required = true, more: Partial<FormField> = {}): FormField => ({
  id,
  label,
  type: 'id-number',
  required,
  personal: 'national-id',
  ...more,
  help: t(
    'Số định danh cá nhân (12 số) hoặc CMND cũ (9 số).',
    'Personal ID number (12 digits) or old ID card (9 digits).',
  ),
});
const address = (id: string, label: Text, required = true): FormField =>
  text(id, label, { required, maxLength: 300, personal: 'address' });
const ward = (id: string, label: Text): FormField => ({ id, label, type: 'ward', required: true });
const options = (...list: [value: string, vi: string, en: string][]) =>
  list.map(([value, vi, en]) => ({ value, label: t(vi, en) }));
const SEX = options(['nam', 'Nam', 'Male'], ['nu', 'Nữ', 'Female']);

/** Who applies, how to reach them and the ward whose committee handles the dossier. */
function requesterSection(wardLabel: Text, relationship?: FormField): FormSection {
  return {
    id: 'requester',
    title: t('Người yêu cầu', 'Applicant'),
    fields: [
      // The requester is the applicant: their particulars come from here when the filer leaves them out
      // (an officer at the counter leaving out the phone still files a dossier its applicant can follow).
      personName('requesterName', t('Họ, chữ đệm và tên', 'Full name'), true, { requester: true, applicant: 'name' }),
      idNumber('requesterIdNumber', t('Số định danh cá nhân', 'Personal ID number'), true, {
        requester: true,
        applicant: 'idNumber',
      }),
      {
        id: 'requesterPhone',
        label: t('Số điện thoại', 'Phone'),
        type: 'phone',
        required: true,
        personal: 'phone',
        applicant: 'phone',
      },
      { id: 'requesterEmail', label: t('Thư điện tử', 'E-mail'), type: 'email', personal: 'email', applicant: 'email' },
      { ...address('requesterAddress', t('Nơi cư trú', 'Address')), applicant: 'address' },
      ward('residenceWard', wardLabel),
      ...(relationship ? [relationship] : []),
    ],
  };
}

const declaration: FormSection = {
  id: 'declaration',
  title: t('Cam đoan', 'Declaration'),
  fields: [
    {
      id: 'truthful',
      label: t(
        'Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.',
        'I declare that the above is true and I am answerable before the law for this declaration.',
      ),
      type: 'checkbox',
      required: true,
    },
  ],
};

/** Received at the centre's branch, handled and signed by the ward's committee, returned by the branch. */
function wardSteps(handleDays: number, signDays: number, returnDays = 0): HandlingStep[] {
  return [
    { code: 'receive', name: t('Tiếp nhận, kiểm tra hồ sơ', 'Receive and check the dossier'), agency: CENTRE, days: 0 },
    {
      code: 'handle',
      name: t('Công chức chuyên môn xem xét, giải quyết', 'The officer in charge examines and decides'),
      agency: WARD_COMMITTEE,
      days: handleDays,
    },
    {
      code: 'sign',
      name: t('Lãnh đạo UBND phường, xã ký kết quả', "The ward committee's leader signs the result"),
      agency: WARD_COMMITTEE,
      days: signDays,
    },
    { code: 'return', name: t('Trả kết quả', 'Return the result'), agency: CENTRE, days: returnDays },
  ];
}

const PDF_IMAGE = ['pdf', 'jpeg', 'png'] as const;

// --- procedures ---------------------------------------------------------------------------------

const HO_TICH = t('Hộ tịch', 'Civil status');

/** Luật Hộ tịch 2014, Art. 11: birth, death (on time) and marriage registrations are free of fee. */
const birthRegistration: NewProcedure = {
  code: '1.001193',
  name: t('Đăng ký khai sinh', 'Birth registration'),
  field: HO_TICH,
  level: 'commune',
  agency: WARD_COMMITTEE,
  agencyByWard: 'residenceWard',
  // The law says "right away" (or the next working day when received after 15:00): one working day.
  steps: wardSteps(0.5, 0.5),
  limitDays: 1,
  fees: [],
  documents: [
    {
      code: 'giay-chung-sinh',
      name: t('Giấy chứng sinh (do cơ sở y tế cấp)', 'Birth notice (from the hospital or clinic)'),
      required: true,
      when: { field: 'birthPlaceKind', equals: 'co-so-y-te' },
      accept: PDF_IMAGE,
    },
    {
      code: 'xac-nhan-nguoi-lam-chung',
      name: t(
        'Văn bản xác nhận của người làm chứng (hoặc giấy cam đoan về việc sinh)',
        "A witness's written confirmation of the birth (or a sworn statement)",
      ),
      required: true,
      when: { field: 'birthPlaceKind', equals: 'noi-khac' },
      accept: PDF_IMAGE,
    },
    {
      code: 'van-ban-uy-quyen',
      name: t('Văn bản ủy quyền (được chứng thực)', 'Authorisation (certified)'),
      required: true,
      when: { field: 'relationship', equals: 'nguoi-khac' },
      accept: PDF_IMAGE,
    },
  ],
  result: {
    kind: 'certificate',
    name: t('Giấy khai sinh', 'Birth certificate'),
    electronic: true,
    // The certificate is the child's; the parent (or another) only files for it.
    subject: {
      label: t('Người được khai sinh', 'The child'),
      nameField: 'childName',
      birthDateField: 'childBirthDate',
      applicantLabel: t('Người đi đăng ký khai sinh', 'Registered by'),
    },
  },
  onlineLevel: 'full',
  applicants: ['citizen'],
  legalBasis: [
    'Luật Hộ tịch số 60/2014/QH13',
    'Nghị định số 123/2015/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch',
    'Thông tư số 04/2020/TT-BTP',
    'Nghị định số 63/2024/NĐ-CP (liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi)',
  ],
  form: {
    sections: [
      requesterSection(
        t(
          'Phường, xã đăng ký khai sinh (nơi cư trú của cha hoặc mẹ)',
          'Ward of registration (where the father or mother lives)',
        ),
        {
          id: 'relationship',
          label: t('Quan hệ với người được khai sinh', 'Relationship to the child'),
          type: 'select',
          required: true,
          options: options(
            ['me', 'Mẹ', 'Mother'],
            ['cha', 'Cha', 'Father'],
            ['ong-ba', 'Ông, bà', 'Grandparent'],
            ['nguoi-khac', 'Người khác (được ủy quyền)', 'Someone else (authorised)'],
          ),
        },
      ),
      {
        id: 'child',
        title: t('Người được khai sinh', 'The child'),
        fields: [
          personName('childName', t('Họ, chữ đệm và tên', 'Full name')),
          birthDate('childBirthDate', t('Ngày, tháng, năm sinh', 'Date of birth')),
          { id: 'childSex', label: t('Giới tính', 'Sex'), type: 'radio', required: true, options: SEX },
          text('childEthnicity', t('Dân tộc', 'Ethnicity'), { required: true, maxLength: 50 }),
          {
            id: 'birthPlaceKind',
            label: t('Nơi sinh', 'Place of birth'),
            type: 'radio',
            required: true,
            options: options(
              ['co-so-y-te', 'Tại cơ sở y tế', 'In a hospital or clinic'],
              ['noi-khac', 'Ngoài cơ sở y tế', 'Elsewhere'],
            ),
          },
          text('birthFacility', t('Tên cơ sở y tế', 'Hospital or clinic'), {
            required: true,
            when: { field: 'birthPlaceKind', equals: 'co-so-y-te' },
          }),
          {
            ...address('birthPlaceAddress', t('Địa chỉ nơi sinh', 'Address of the place of birth')),
            when: { field: 'birthPlaceKind', equals: 'noi-khac' },
          },
        ],
      },
      {
        id: 'mother',
        title: t('Thông tin người mẹ', "The mother's details"),
        fields: [
          personName('motherName', t('Họ, chữ đệm và tên người mẹ', "Mother's full name")),
          birthDate('motherBirthDate', t('Ngày sinh của mẹ', "Mother's date of birth")),
          idNumber('motherIdNumber', t('Số định danh cá nhân của mẹ', "Mother's personal ID number")),
          {
            id: 'fatherDeclared',
            label: t('Khai thông tin người cha', "Declare the father's details"),
            type: 'checkbox',
            help: t(
              'Bỏ trống nếu chưa xác định được cha (phần khai về cha trong Sổ hộ tịch để trống).',
              "Leave it unticked when the father is not established (the register's father entry stays blank).",
            ),
          },
        ],
      },
      {
        id: 'father',
        title: t('Thông tin người cha', "The father's details"),
        when: { field: 'fatherDeclared', equals: true },
        fields: [
          personName('fatherName', t('Họ, chữ đệm và tên người cha', "Father's full name")),
          birthDate('fatherBirthDate', t('Ngày sinh của cha', "Father's date of birth")),
          idNumber('fatherIdNumber', t('Số định danh cá nhân của cha', "Father's personal ID number")),
        ],
      },
      declaration,
    ],
  },
  published: true,
};

const marriageRegistration: NewProcedure = {
  code: '1.000894',
  name: t('Đăng ký kết hôn', 'Marriage registration'),
  field: HO_TICH,
  level: 'commune',
  agency: WARD_COMMITTEE,
  agencyByWard: 'residenceWard',
  // "Right away"; when the conditions must be verified the law allows up to 5 working days (not modelled:
  // the officer extends with form 04 then).
  steps: wardSteps(0.5, 0.5),
  limitDays: 1,
  fees: [],
  documents: [
    {
      code: 'xac-nhan-tinh-trang-hon-nhan',
      name: t(
        'Giấy xác nhận tình trạng hôn nhân (khi người kia cư trú ở phường, xã khác)',
        'Certificate of marital status (when the other party lives in another ward)',
      ),
      required: true,
      when: { field: 'partnerSameWard', equals: false },
      accept: PDF_IMAGE,
    },
    {
      code: 'ban-an-ly-hon',
      name: t(
        'Bản án, quyết định ly hôn có hiệu lực (nếu đã từng kết hôn)',
        'Final divorce judgment or decision (if married before)',
      ),
      required: true,
      when: { field: 'previouslyMarried', equals: true },
      accept: PDF_IMAGE,
    },
  ],
  result: { kind: 'certificate', name: t('Giấy chứng nhận kết hôn', 'Marriage certificate'), electronic: false },
  // Both parties sign the register in person: partial.
  onlineLevel: 'partial',
  applicants: ['citizen'],
  legalBasis: [
    'Luật Hôn nhân và gia đình số 52/2014/QH13',
    'Luật Hộ tịch số 60/2014/QH13',
    'Nghị định số 123/2015/NĐ-CP',
    'Thông tư số 04/2020/TT-BTP',
  ],
  form: {
    sections: [
      requesterSection(t('Phường, xã đăng ký kết hôn', 'Ward of registration')),
      {
        id: 'partner',
        title: t('Người kết hôn cùng', 'The other party'),
        fields: [
          personName('partnerName', t('Họ, chữ đệm và tên', 'Full name')),
          birthDate('partnerBirthDate', t('Ngày sinh', 'Date of birth')),
          idNumber('partnerIdNumber', t('Số định danh cá nhân', 'Personal ID number')),
          {
            id: 'partnerSameWard',
            label: t('Người kia cũng cư trú tại phường, xã đăng ký', 'The other party lives in the same ward'),
            type: 'checkbox',
          },
          {
            id: 'previouslyMarried',
            label: t('Một trong hai người đã từng kết hôn', 'Either party has been married before'),
            type: 'checkbox',
          },
        ],
      },
      declaration,
    ],
  },
  published: true,
};

const deathRegistration: NewProcedure = {
  code: '1.000656',
  name: t('Đăng ký khai tử', 'Death registration'),
  field: HO_TICH,
  level: 'commune',
  agency: WARD_COMMITTEE,
  agencyByWard: 'residenceWard',
  // "Right away"; up to 3 working days when it must be verified (extended with form 04 then).
  steps: wardSteps(0.5, 0.5),
  limitDays: 1,
  fees: [],
  documents: [
    {
      code: 'giay-bao-tu',
      name: t('Giấy báo tử hoặc giấy tờ thay giấy báo tử', 'Death notice, or a document in its place'),
      required: true,
      accept: PDF_IMAGE,
    },
  ],
  result: {
    kind: 'certificate',
    name: t('Trích lục khai tử', 'Death registration extract'),
    electronic: true,
    subject: {
      label: t('Người chết', 'The deceased'),
      nameField: 'deceasedName',
      birthDateField: 'deceasedBirthDate',
      applicantLabel: t('Người đi khai tử', 'Registered by'),
    },
  },
  onlineLevel: 'full',
  applicants: ['citizen', 'organisation'],
  legalBasis: [
    'Luật Hộ tịch số 60/2014/QH13',
    'Nghị định số 123/2015/NĐ-CP',
    'Nghị định số 63/2024/NĐ-CP (liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng)',
  ],
  form: {
    sections: [
      requesterSection(
        t(
          'Phường, xã đăng ký khai tử (nơi cư trú cuối cùng của người chết)',
          'Ward of registration (last residence of the deceased)',
        ),
        {
          id: 'relationship',
          label: t('Quan hệ với người chết', 'Relationship to the deceased'),
          type: 'text',
          required: true,
          maxLength: 100,
        },
      ),
      {
        id: 'deceased',
        title: t('Người chết', 'The deceased'),
        fields: [
          personName('deceasedName', t('Họ, chữ đệm và tên', 'Full name')),
          birthDate('deceasedBirthDate', t('Ngày sinh', 'Date of birth')),
          idNumber('deceasedIdNumber', t('Số định danh cá nhân', 'Personal ID number'), false),
          { id: 'deathDate', label: t('Ngày chết', 'Date of death'), type: 'date', required: true, max: 'today' },
          text('deathPlace', t('Nơi chết', 'Place of death'), { required: true, maxLength: 300 }),
          text('deathCause', t('Nguyên nhân chết', 'Cause of death'), { maxLength: 300 }),
        ],
      },
      declaration,
    ],
  },
  published: true,
};

const certifiedCopies: NewProcedure = {
  code: '2.000815',
  name: t(
    'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp',
    'Certified copy from the original of a document issued by a Vietnamese authority',
  ),
  field: t('Chứng thực', 'Certification'),
  level: 'commune',
  agency: WARD_COMMITTEE,
  // Any ward's committee certifies copies, wherever one lives: the applicant picks where to collect them.
  agencyByWard: 'residenceWard',
  steps: wardSteps(0.5, 0.5),
  limitDays: 1,
  fees: [
    {
      // Circular 226/2016/TT-BTC: 2,000 đồng a page for the first two pages of a copy, 1,000 from the
      // third, at most 200,000 đồng a copy; so the form asks the original's pages and the copies.
      code: 'phi-chung-thuc',
      name: t(
        'Phí chứng thực bản sao (2.000 đồng/trang cho trang 1–2, 1.000 đồng/trang từ trang 3, tối đa 200.000 đồng/bản)',
        'Certification fee (2,000 đồng a page for pages 1–2, 1,000 from page 3, at most 200,000 đồng a copy)',
      ),
      amountVnd: 0,
      byCount: {
        field: 'originalPages',
        rates: [
          { from: 1, amountVnd: 2000 },
          { from: 3, amountVnd: 1000 },
        ],
      },
      unitCapVnd: 200_000,
      perField: 'copies',
    },
  ],
  documents: [
    {
      code: 'ban-chinh',
      name: t('Bản chụp bản chính giấy tờ cần chứng thực', 'A scan of the original to be certified'),
      required: true,
      accept: PDF_IMAGE,
    },
  ],
  result: { kind: 'copy', name: t('Bản sao được chứng thực', 'Certified copy'), electronic: true },
  // The original is shown to the officer (or the certified e-copy is made from an electronic original).
  onlineLevel: 'partial',
  applicants: ['citizen', 'business', 'organisation'],
  legalBasis: [
    'Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký',
    'Thông tư số 01/2020/TT-BTP',
    'Thông tư số 226/2016/TT-BTC quy định mức thu phí chứng thực',
  ],
  form: {
    sections: [
      requesterSection(t('Phường, xã nhận bản sao', 'Ward where you collect the copies')),
      {
        id: 'copies',
        title: t('Giấy tờ cần chứng thực', 'The document to certify'),
        fields: [
          text('documentName', t('Tên giấy tờ, văn bản', 'Name of the document'), { required: true }),
          text('issuedBy', t('Cơ quan cấp', 'Issued by'), { required: true }),
          {
            id: 'originalPages',
            label: t('Số trang của bản chính', 'Pages of the original'),
            type: 'number',
            integer: true,
            required: true,
            min: 1,
            max: 2000,
            help: t('Mỗi bản sao có số trang bằng bản chính.', 'Each copy has as many pages as the original.'),
          },
          {
            id: 'copies',
            label: t('Số bản sao cần chứng thực', 'Copies to certify'),
            type: 'number',
            integer: true,
            required: true,
            min: 1,
            max: 50,
          },
        ],
      },
    ],
  },
  published: true,
};

const civilStatusCopy: NewProcedure = {
  code: '2.000635',
  name: t(
    'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh',
    'Copy of a civil-status extract or birth certificate',
  ),
  field: HO_TICH,
  level: 'commune',
  agency: WARD_COMMITTEE,
  agencyByWard: 'residenceWard',
  steps: wardSteps(0.5, 0.5),
  limitDays: 1,
  // Circular 281/2016/TT-BTC: 8,000 đồng a copy (the amount other portals show; to be checked).
  fees: [
    {
      code: 'phi-ban-sao',
      name: t('Phí cấp bản sao trích lục (8.000 đồng/bản)', 'Fee for a copy of the extract (8,000 đồng each)'),
      amountVnd: 8000,
      perField: 'copies',
    },
  ],
  documents: [
    {
      code: 'van-ban-uy-quyen',
      name: t('Văn bản ủy quyền (khi xin cho người khác)', 'Authorisation (when asking for someone else)'),
      required: true,
      when: { field: 'forSelf', equals: false },
      accept: PDF_IMAGE,
    },
  ],
  result: { kind: 'copy', name: t('Bản sao trích lục hộ tịch', 'Copy of the civil-status extract'), electronic: true },
  onlineLevel: 'full',
  applicants: ['citizen'],
  legalBasis: ['Luật Hộ tịch số 60/2014/QH13', 'Nghị định số 123/2015/NĐ-CP', 'Thông tư số 281/2016/TT-BTC'],
  form: {
    sections: [
      requesterSection(t('Phường, xã nơi đã đăng ký hộ tịch', 'Ward where the event was registered')),
      {
        id: 'record',
        title: t('Giấy tờ hộ tịch cần cấp bản sao', 'The record to copy'),
        fields: [
          {
            id: 'recordKind',
            label: t('Loại giấy tờ', 'Kind of record'),
            type: 'select',
            required: true,
            options: options(
              ['khai-sinh', 'Giấy khai sinh / trích lục khai sinh', 'Birth certificate or extract'],
              ['ket-hon', 'Giấy chứng nhận kết hôn / trích lục kết hôn', 'Marriage certificate or extract'],
              ['khai-tu', 'Trích lục khai tử', 'Death extract'],
            ),
          },
          // Asked for oneself, the record is the requester's own.
          personName('recordPerson', t('Họ tên người được cấp giấy tờ', 'Name on the record'), true, {
            requester: { field: 'forSelf', equals: true },
          }),
          { id: 'registeredOn', label: t('Ngày đăng ký', 'Date registered'), type: 'date', max: 'today' },
          {
            id: 'forSelf',
            label: t('Tôi xin bản sao giấy tờ của chính mình', 'The record is my own'),
            type: 'checkbox',
          },
          {
            id: 'copies',
            label: t('Số bản sao', 'Copies'),
            type: 'number',
            integer: true,
            required: true,
            min: 1,
            max: 20,
          },
        ],
      },
    ],
  },
  published: true,
};

const businessHousehold: NewProcedure = {
  code: '1.001612',
  name: t('Đăng ký thành lập hộ kinh doanh', 'Business household registration'),
  field: t('Thành lập và hoạt động của hộ kinh doanh', 'Business households'),
  level: 'commune',
  agency: WARD_COMMITTEE,
  agencyByWard: 'businessWard',
  steps: [
    {
      code: 'receive',
      name: t('Tiếp nhận, kiểm tra hồ sơ', 'Receive and check the dossier'),
      agency: CENTRE,
      days: 0.5,
    },
    {
      code: 'handle',
      name: t('Phòng Kinh tế xem xét, ghi vào hệ thống đăng ký', 'The economic office examines and registers'),
      agency: WARD_COMMITTEE,
      days: 2,
    },
    { code: 'sign', name: t('Ký Giấy chứng nhận', 'Sign the certificate'), agency: WARD_COMMITTEE, days: 0.5 },
  ],
  limitDays: 3,
  fees: [
    {
      // Hà Nội's registration fee as we understand it (to be checked against the city's resolution).
      code: 'le-phi-dang-ky',
      name: t('Lệ phí đăng ký hộ kinh doanh', 'Registration fee'),
      amountVnd: 100_000,
    },
  ],
  documents: [
    {
      code: 'bien-ban-hop-thanh-vien',
      name: t(
        'Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh',
        "Minutes of the family members' meeting on setting up the business",
      ),
      required: true,
      when: { field: 'familyBusiness', equals: true },
      accept: PDF_IMAGE,
    },
    {
      code: 'hop-dong-thue',
      name: t('Hợp đồng thuê, mượn địa điểm kinh doanh', 'Lease or loan of the business premises'),
      required: false,
      when: { field: 'premisesOwned', equals: false },
      accept: PDF_IMAGE,
    },
  ],
  result: {
    kind: 'certificate',
    name: t('Giấy chứng nhận đăng ký hộ kinh doanh', 'Business household registration certificate'),
    electronic: true,
  },
  onlineLevel: 'full',
  applicants: ['citizen'],
  legalBasis: [
    'Luật Doanh nghiệp số 59/2020/QH14',
    'Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp (thay Nghị định 01/2021/NĐ-CP)',
  ],
  form: {
    sections: [
      requesterSection(t('Phường, xã nơi cư trú của chủ hộ', 'Ward where the owner lives')),
      {
        id: 'business',
        title: t('Hộ kinh doanh', 'The business'),
        fields: [
          text('businessName', t('Tên hộ kinh doanh', 'Business name'), { required: true, maxLength: 150 }),
          ward('businessWard', t('Phường, xã đặt địa điểm kinh doanh', 'Ward of the premises')),
          text('businessAddress', t('Địa chỉ địa điểm kinh doanh', 'Address of the premises'), {
            required: true,
            maxLength: 300,
          }),
          {
            id: 'activities',
            label: t('Ngành, nghề kinh doanh', 'Business activities'),
            type: 'textarea',
            required: true,
            maxLength: 2000,
          },
          {
            id: 'capitalVnd',
            label: t('Vốn kinh doanh (đồng)', 'Capital (đồng)'),
            type: 'number',
            required: true,
            min: 0,
          },
          {
            id: 'employees',
            label: t('Số lao động', 'Employees'),
            type: 'number',
            integer: true,
            min: 0,
            max: 10_000,
          },
          {
            id: 'familyBusiness',
            label: t('Các thành viên hộ gia đình cùng đăng ký', 'Family members register it together'),
            type: 'checkbox',
          },
          {
            id: 'premisesOwned',
            label: t('Địa điểm kinh doanh thuộc sở hữu của chủ hộ', 'The owner owns the premises'),
            type: 'checkbox',
          },
        ],
      },
      declaration,
    ],
  },
  published: true,
};

const constructionPermit: NewProcedure = {
  // No National Database code we trust (the permits were re-listed in 2025): a local code.
  code: 'HN.XD.GPXD-NO',
  name: t('Cấp giấy phép xây dựng đối với nhà ở riêng lẻ', 'Construction permit for a private house'),
  field: t('Hoạt động xây dựng', 'Construction'),
  level: 'commune',
  agency: WARD_COMMITTEE,
  agencyByWard: 'plotWard',
  steps: [
    {
      code: 'receive',
      name: t('Tiếp nhận, kiểm tra hồ sơ', 'Receive and check the dossier'),
      agency: CENTRE,
      days: 0.5,
    },
    {
      code: 'appraise',
      name: t(
        'Phòng Kinh tế, Hạ tầng và Đô thị thẩm định, kiểm tra thực địa',
        'The urban office appraises the design and inspects the site',
      ),
      agency: WARD_COMMITTEE,
      days: 12.5,
    },
    {
      code: 'sign',
      name: t('Chủ tịch UBND phường, xã ký giấy phép', 'The chairperson signs the permit'),
      agency: WARD_COMMITTEE,
      days: 1.5,
    },
    { code: 'return', name: t('Trả kết quả', 'Return the result'), agency: CENTRE, days: 0.5 },
  ],
  // Law on Construction Art. 102 (as amended in 2020): 15 days for a private house.
  limitDays: 15,
  fees: [
    {
      // Hà Nội's fee as we understand it (to be checked against the city's resolution).
      code: 'le-phi-gpxd',
      name: t('Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ', 'Permit fee for a private house'),
      amountVnd: 75_000,
    },
  ],
  documents: [
    {
      code: 'giay-to-dat',
      name: t('Giấy tờ chứng minh quyền sử dụng đất', 'Proof of the right to use the land'),
      required: true,
      accept: PDF_IMAGE,
    },
    {
      code: 'ban-ve-thiet-ke',
      name: t(
        'Bản vẽ thiết kế (mặt bằng, mặt cắt, mặt đứng, móng, đấu nối)',
        'Design drawings (plans, sections, elevations, foundations, connections)',
      ),
      required: true,
      accept: ['pdf'],
    },
    {
      code: 'anh-hien-trang',
      name: t('Ảnh chụp hiện trạng công trình cần cải tạo', 'Photographs of the building as it is'),
      required: true,
      when: { field: 'workKind', equals: 'cai-tao' },
      accept: ['jpeg', 'png', 'pdf'],
    },
    {
      code: 'cam-ket-an-toan',
      name: t('Cam kết bảo đảm an toàn cho công trình liền kề', 'Undertaking to keep the neighbouring buildings safe'),
      required: true,
      when: { field: 'hasBasement', equals: true },
      accept: PDF_IMAGE,
    },
  ],
  result: { kind: 'permit', name: t('Giấy phép xây dựng', 'Construction permit'), electronic: true },
  onlineLevel: 'full',
  applicants: ['citizen'],
  legalBasis: [
    'Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14',
    'Nghị định số 175/2024/NĐ-CP quy định chi tiết Luật Xây dựng về quản lý hoạt động xây dựng',
  ],
  form: {
    sections: [
      requesterSection(t('Phường, xã nơi cư trú của chủ đầu tư', 'Ward where the owner lives')),
      {
        id: 'plot',
        title: t('Thửa đất và công trình', 'The plot and the building'),
        fields: [
          ward('plotWard', t('Phường, xã nơi có thửa đất', 'Ward of the plot')),
          text('plotAddress', t('Địa chỉ thửa đất', 'Address of the plot'), { required: true, maxLength: 300 }),
          text('landCertificateNumber', t('Số Giấy chứng nhận quyền sử dụng đất', 'Land-use certificate number'), {
            required: true,
            maxLength: 50,
          }),
          {
            id: 'workKind',
            label: t('Loại công việc', 'Kind of work'),
            type: 'radio',
            required: true,
            options: options(
              ['xay-moi', 'Xây dựng mới', 'New building'],
              ['cai-tao', 'Sửa chữa, cải tạo', 'Renovation'],
            ),
          },
          {
            id: 'plotAreaM2',
            label: t('Diện tích thửa đất (m²)', 'Plot area (m²)'),
            type: 'number',
            required: true,
            min: 1,
            max: 100_000,
          },
          {
            id: 'floorAreaM2',
            label: t('Tổng diện tích sàn (m²)', 'Total floor area (m²)'),
            type: 'number',
            required: true,
            min: 1,
            max: 100_000,
          },
          {
            id: 'floors',
            label: t('Số tầng', 'Floors'),
            type: 'number',
            integer: true,
            required: true,
            min: 1,
            max: 50,
          },
          { id: 'hasBasement', label: t('Có tầng hầm', 'With a basement'), type: 'checkbox' },
          text('designer', t('Đơn vị, cá nhân thiết kế', 'Designer'), { maxLength: 200 }),
        ],
      },
      declaration,
    ],
  },
  published: true,
};

const residenceConfirmation: NewProcedure = {
  // No National Database code we trust for the police's procedure: a local code.
  code: 'HN.CA.XNCT',
  name: t('Xác nhận thông tin về cư trú', 'Confirmation of residence information'),
  field: t('Đăng ký, quản lý cư trú', 'Residence registration'),
  level: 'commune',
  // The police, not the ward committee: the police of the ward the form names (the law lets a citizen
  // ask any ward's police; the form's ward is the one they ask).
  agency: WARD_POLICE,
  agencyByWard: 'residenceWard',
  steps: [
    { code: 'receive', name: t('Tiếp nhận yêu cầu', 'Receive the request'), agency: WARD_POLICE, days: 0 },
    {
      code: 'confirm',
      name: t(
        'Tra cứu Cơ sở dữ liệu về cư trú, cấp xác nhận (mẫu CT07)',
        'Look up the residence database and confirm (form CT07)',
      ),
      agency: WARD_POLICE,
      days: 0.5,
    },
  ],
  // The National Public Service Portal shows half a working day when the data is in the population
  // database; up to 3 working days when it must be verified (the officer extends with form 04 then).
  limitDays: 0.5,
  fees: [],
  documents: [],
  result: {
    kind: 'confirmation',
    name: t('Xác nhận thông tin về cư trú (mẫu CT07)', 'Confirmation of residence information (form CT07)'),
    electronic: true,
  },
  onlineLevel: 'full',
  applicants: ['citizen'],
  legalBasis: [
    'Luật Cư trú số 68/2020/QH14',
    'Nghị định số 154/2024/NĐ-CP quy định chi tiết Luật Cư trú',
    'Thông tư số 55/2021/TT-BCA, sửa đổi bởi Thông tư số 66/2023/TT-BCA',
  ],
  form: {
    sections: [
      requesterSection(t('Phường, xã nơi cư trú', 'Ward of residence')),
      {
        id: 'request',
        title: t('Nội dung đề nghị xác nhận', 'What to confirm'),
        fields: [
          {
            id: 'purpose',
            label: t('Mục đích sử dụng', 'Purpose'),
            type: 'textarea',
            required: true,
            maxLength: 500,
          },
          {
            id: 'includeHousehold',
            label: t('Xác nhận cả thông tin các thành viên hộ gia đình', "Include the household members' details"),
            type: 'checkbox',
          },
        ],
      },
    ],
  },
  published: true,
};

// --- school enrolment -------------------------------------------------------------------------------

/** Wards of the old Hoàn Kiếm and Ba Đình districts (official codes, modules/city). */
const W = { hoanKiem: '00070', cuaNam: '00082', baDinh: '00004', ngocHa: '00008', giangVo: '00025' };

function enrolment(grade: 1 | 6): NewProcedure {
  // Real schools of Hoàn Kiếm and Ba Đình; their catchment wards and places are illustrative.
  const schools =
    grade === 1
      ? [
          {
            code: 'th-trang-an',
            name: t('Trường Tiểu học Tràng An', 'Tràng An Primary School'),
            wards: [W.hoanKiem],
            places: 140,
          },
          {
            code: 'th-dien-bien',
            name: t('Trường Tiểu học Điện Biên', 'Điện Biên Primary School'),
            wards: [W.cuaNam],
            places: 105,
          },
          {
            code: 'th-quang-trung',
            name: t('Trường Tiểu học Quang Trung', 'Quang Trung Primary School'),
            wards: [W.cuaNam, W.hoanKiem],
            places: 105,
          },
          {
            code: 'th-ngoc-ha',
            name: t('Trường Tiểu học Ngọc Hà', 'Ngọc Hà Primary School'),
            wards: [W.ngocHa],
            places: 175,
          },
          {
            code: 'th-kim-dong',
            name: t('Trường Tiểu học Kim Đồng', 'Kim Đồng Primary School'),
            wards: [W.giangVo, W.baDinh],
            places: 140,
          },
        ]
      : [
          {
            code: 'thcs-trung-vuong',
            name: t('Trường THCS Trưng Vương', 'Trưng Vương Lower Secondary School'),
            wards: [W.hoanKiem, W.cuaNam],
            places: 360,
          },
          {
            code: 'thcs-ngo-si-lien',
            name: t('Trường THCS Ngô Sĩ Liên', 'Ngô Sĩ Liên Lower Secondary School'),
            wards: [W.cuaNam],
            places: 270,
          },
          {
            code: 'thcs-phan-chu-trinh',
            name: t('Trường THCS Phan Chu Trinh', 'Phan Chu Trinh Lower Secondary School'),
            wards: [W.ngocHa, W.baDinh],
            places: 315,
          },
          {
            code: 'thcs-giang-vo',
            name: t('Trường THCS Giảng Võ', 'Giảng Võ Lower Secondary School'),
            wards: [W.giangVo],
            places: 315,
          },
        ];
  const primary = grade === 1;
  // The age of entry: 6 in the calendar year of the 2026–2027 school year for grade 1; 11 for grade 6
  // (those in the year's plan; a child who was held back or skipped asks the ward).
  const born = primary ? '2020' : '2015';
  return {
    // Codes used by other provinces' portals: 2.002492 (primary), 3.000182 (lower secondary).
    code: primary ? '2.002492' : '3.000182',
    name: primary
      ? t('Tuyển sinh tiểu học (vào lớp 1)', 'Primary school admission (grade 1)')
      : t('Tuyển sinh trung học cơ sở (vào lớp 6)', 'Lower secondary school admission (grade 6)'),
    field: primary ? t('Giáo dục tiểu học', 'Primary education') : t('Giáo dục trung học', 'Secondary education'),
    level: 'commune',
    agency: WARD_COMMITTEE,
    agencyByWard: 'residenceWard',
    steps: [
      {
        code: 'receive',
        name: t('Nhà trường tiếp nhận hồ sơ trực tuyến', 'The school receives the application'),
        agency: WARD_COMMITTEE,
        days: 2,
      },
      {
        code: 'allocate',
        name: t('Xét tuyển theo tuyến tuyển sinh và chỉ tiêu', 'Admission by catchment and places'),
        agency: WARD_COMMITTEE,
        days: 7,
      },
      {
        code: 'approve',
        name: t('UBND phường, xã phê duyệt danh sách trúng tuyển', 'The ward committee approves the admitted list'),
        agency: WARD_COMMITTEE,
        days: 1,
      },
    ],
    // Admission follows the city's yearly timetable rather than a time limit in law: 10 working days is
    // this catalogue's figure for following a dossier, not a legal one.
    limitDays: 10,
    fees: [],
    documents: [
      {
        code: 'giay-khai-sinh',
        name: t('Bản sao giấy khai sinh', 'Copy of the birth certificate'),
        required: true,
        accept: PDF_IMAGE,
      },
      ...(primary
        ? []
        : [
            {
              code: 'hoan-thanh-tieu-hoc',
              name: t(
                'Học bạ hoặc giấy xác nhận hoàn thành chương trình tiểu học',
                'School record, or confirmation of having completed primary school',
              ),
              required: true,
              accept: PDF_IMAGE,
            },
          ]),
      {
        code: 'giay-to-uu-tien',
        name: t('Giấy tờ chứng minh diện ưu tiên', 'Proof of the priority claimed'),
        required: true,
        when: { field: 'priority', equals: true },
        accept: PDF_IMAGE,
      },
    ],
    result: {
      kind: 'admission',
      name: t('Thông báo trúng tuyển', 'Notice of admission'),
      electronic: true,
      subject: {
        label: t('Học sinh', 'The pupil'),
        nameField: 'studentName',
        birthDateField: 'studentBirthDate',
        applicantLabel: t('Cha, mẹ hoặc người giám hộ', 'Parent or guardian'),
      },
    },
    onlineLevel: 'full',
    applicants: ['citizen'],
    legalBasis: [
      'Luật Giáo dục số 43/2019/QH14',
      primary
        ? 'Thông tư số 28/2020/TT-BGDĐT ban hành Điều lệ trường tiểu học'
        : 'Thông tư số 30/2024/TT-BGDĐT ban hành Quy chế tuyển sinh trung học cơ sở và trung học phổ thông',
      'Kế hoạch tuyển sinh hằng năm của UBND thành phố Hà Nội',
    ],
    allocation: { schoolField: 'school', wardField: 'residenceWard', pupilField: 'studentIdNumber', schools },
    form: {
      sections: [
        {
          id: 'student',
          title: t('Học sinh', 'The pupil'),
          fields: [
            personName('studentName', t('Họ, chữ đệm và tên học sinh', "Pupil's full name")),
            {
              ...birthDate('studentBirthDate', t('Ngày sinh', 'Date of birth')),
              min: `${born}-01-01`,
              max: `${born}-12-31`,
            },
            idNumber('studentIdNumber', t('Số định danh cá nhân của học sinh', "Pupil's personal ID number")),
            { id: 'studentSex', label: t('Giới tính', 'Sex'), type: 'radio', required: true, options: SEX },
            ...(primary
              ? []
              : [text('primarySchool', t('Trường tiểu học đã học', 'Primary school attended'), { required: true })]),
          ],
        },
        {
          id: 'residence',
          title: t('Nơi cư trú và nguyện vọng', 'Residence and choice of school'),
          fields: [
            ward('residenceWard', t('Phường, xã nơi cư trú', 'Ward of residence')),
            { ...address('residenceAddress', t('Địa chỉ nơi cư trú', 'Address')), applicant: 'address' },
            {
              id: 'school',
              label: t('Trường đăng ký (đúng tuyến)', 'School (in your catchment)'),
              type: 'select',
              required: true,
              options: schools.map((s) => ({ value: s.code, label: s.name })),
            },
            { id: 'priority', label: t('Thuộc diện ưu tiên', 'Claims a priority'), type: 'checkbox' },
            {
              id: 'priorityKind',
              label: t('Diện ưu tiên', 'Priority'),
              type: 'select',
              required: true,
              when: { field: 'priority', equals: true },
              options: options(
                ['con-liet-si', 'Con liệt sĩ, thương binh', 'Child of a war martyr or invalid'],
                ['khuyet-tat', 'Học sinh khuyết tật', 'Pupil with a disability'],
                ['khac', 'Diện ưu tiên khác theo kế hoạch', "Another priority in the year's plan"],
              ),
            },
          ],
        },
        {
          id: 'parent',
          title: t('Cha, mẹ hoặc người giám hộ', 'Parent or guardian'),
          fields: [
            // The parent (or guardian) files: the pupil comes first in the form, but is not the applicant.
            personName('parentName', t('Họ và tên', 'Full name'), true, { requester: true, applicant: 'name' }),
            idNumber('parentIdNumber', t('Số định danh cá nhân', 'Personal ID number'), true, {
              requester: true,
              applicant: 'idNumber',
            }),
            {
              id: 'parentPhone',
              label: t('Số điện thoại', 'Phone'),
              type: 'phone',
              required: true,
              personal: 'phone',
              applicant: 'phone',
            },
            {
              id: 'parentEmail',
              label: t('Thư điện tử', 'E-mail'),
              type: 'email',
              personal: 'email',
              applicant: 'email',
            },
          ],
        },
        declaration,
      ],
    },
    published: true,
  };
}

export const HANOI_PROCEDURES: readonly NewProcedure[] = [
  birthRegistration,
  marriageRegistration,
  deathRegistration,
  certifiedCopies,
  civilStatusCopy,
  businessHousehold,
  constructionPermit,
  residenceConfirmation,
  enrolment(1),
  enrolment(6),
];
