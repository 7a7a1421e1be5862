import { cityWards } from '../city/index.js';
import type { Department, ReportLevel, ReportService, ServiceAttribute } from './model.js';

/**
 * The services (categories) citizens report under, as Hanoi's two channels divide them: GT247 for
 * traffic safety and damaged roads, iHanoi for the rest of the city's problems and for questions. Each
 * is routed either to one city body or to the People's Committee of the ward the report lies in.
 *
 * Levels and time limits: Decision 1207/QĐ-UBND sets three levels (urgent, normal, complex), receipt
 * within 8 working hours and urgent reports handled within 4 working hours. The deadlines it sets for
 * normal and complex reports were not published where we could read them, so `resolveWorkingDays` are
 * this module's defaults (a city adjusts them here), not the decision's figures.
 */

/** Lower case, Vietnamese marks and đ folded, spaces single: "Ổ gà" → "o ga". */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The city bodies that handle reports (the ward committees are made from the wards). */
export const CITY_DEPARTMENTS: readonly Department[] = [
  {
    id: 'so-xay-dung',
    // Since the city's departments were merged in 2025 it holds the former Department of Transport's duties too.
    name: { vi: 'Sở Xây dựng Hà Nội', en: 'Hanoi Department of Construction' },
    kind: 'city',
  },
  {
    id: 'csgt',
    name: {
      vi: 'Phòng Cảnh sát giao thông, Công an thành phố Hà Nội',
      en: 'Traffic Police Division, Hanoi Police',
    },
    kind: 'city',
  },
  {
    id: 'hapulico',
    name: {
      vi: 'Công ty TNHH MTV Chiếu sáng và Thiết bị đô thị (Hapulico)',
      en: 'Hanoi Public Lighting and Urban Equipment Company (Hapulico)',
    },
    kind: 'city',
  },
  {
    id: 'thoat-nuoc',
    name: { vi: 'Công ty TNHH MTV Thoát nước Hà Nội', en: 'Hanoi Sewerage and Drainage Company' },
    kind: 'city',
  },
  {
    id: 'urenco',
    name: {
      vi: 'Công ty TNHH MTV Môi trường đô thị Hà Nội (URENCO)',
      en: 'Hanoi Urban Environment Company (URENCO)',
    },
    kind: 'city',
  },
  {
    id: 'nuoc-sach',
    name: { vi: 'Công ty TNHH MTV Nước sạch Hà Nội', en: 'Hanoi Water Company (Hawaco)' },
    kind: 'city',
  },
  {
    id: 'cay-xanh',
    name: { vi: 'Công ty TNHH MTV Công viên cây xanh Hà Nội', en: 'Hanoi Parks and Trees Company' },
    kind: 'city',
  },
  {
    id: 'so-nong-nghiep-moi-truong',
    name: { vi: 'Sở Nông nghiệp và Môi trường Hà Nội', en: 'Hanoi Department of Agriculture and Environment' },
    kind: 'city',
  },
  {
    id: 'van-phong-ubnd',
    name: { vi: 'Văn phòng UBND Thành phố Hà Nội', en: "Office of the Hanoi People's Committee" },
    kind: 'city',
  },
];

/** Vietnamese marks dropped, case kept: "Ba Đình" → "Ba Dinh" (how the wards are named in English). */
const unmarked = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/** The People's Committee of a ward or commune: "Phường Ba Đình" → "UBND phường Ba Đình". */
export function wardDepartment(wardCode: string, wardName: string): Department {
  const name = wardName.trim();
  const kind = /^(phường|xã)\s+/iu.exec(name);
  const bare = kind ? name.slice(kind[0].length) : name;
  const isCommune = kind?.[1]?.toLowerCase() === 'xã';
  return {
    id: `ward-${wardCode}`,
    name: {
      vi: kind ? `UBND ${isCommune ? 'xã' : 'phường'} ${bare}` : `UBND phường/xã ${bare}`,
      en: `People's Committee of ${unmarked(bare)} ${kind ? (isCommune ? 'Commune' : 'Ward') : 'Ward/Commune'}`,
    },
    kind: 'ward',
    wardCode,
  };
}

let wardCommittees: readonly Department[] | undefined;

/** The city bodies and the committees of the city's 126 wards and communes. */
export function allDepartments(): Department[] {
  wardCommittees ??= cityWards().map((u) => wardDepartment(u.code, u.name));
  return [...CITY_DEPARTMENTS, ...wardCommittees];
}

type Words = readonly [vi: string, en: string];
type Choice = readonly [key: string, vi: string, en: string];

/** Vietnamese keywords as written and without marks (people type both), then the English ones. */
function keywords(vi: readonly string[], en: readonly string[]): string[] {
  return [...new Set([...vi, ...vi.map(foldVietnamese), ...en])];
}

function choose(
  code: string,
  order: number,
  [vi, en]: Words,
  values: readonly Choice[],
  required = false,
  datatype: 'singlevaluelist' | 'multivaluelist' = 'singlevaluelist',
): ServiceAttribute {
  return {
    code,
    datatype,
    required,
    variable: true,
    order,
    description: { vi, en },
    values: values.map(([key, nameVi, nameEn]) => ({ key, name: { vi: nameVi, en: nameEn } })),
  };
}

const note = (code: string, order: number, [vi, en]: Words): ServiceAttribute => ({
  code,
  datatype: 'text',
  required: false,
  variable: false,
  order,
  description: { vi, en },
});

const YES_NO: readonly Choice[] = [
  ['yes', 'Có', 'Yes'],
  ['no', 'Không', 'No'],
];

const CALL_112 = note('call-112', 1, [
  'Có người bị thương hoặc nguy hiểm đến tính mạng: gọi ngay 112 (cứu nạn), 113 (công an), 115 (cấp cứu).',
  'Someone hurt or in danger: call 112 (rescue), 113 (police) or 115 (ambulance) now.',
]);

interface Spec extends Omit<ReportService, 'keywords' | 'question' | 'level'> {
  readonly level?: ReportLevel;
  readonly question?: boolean;
  readonly words: readonly [vi: readonly string[], en: readonly string[]];
  /** attribute code → the values that make a report urgent (raised whatever the service's level). */
  readonly urgentWhen?: Readonly<Record<string, readonly string[]>>;
}

const GT247 = 'GT247';
const IHANOI = 'iHanoi';
const to = (departmentId: string) => ({ kind: 'department', departmentId }) as const;
const WARD = { kind: 'ward' } as const;

const SPECS: readonly Spec[] = [
  {
    code: 'road-damage',
    name: { vi: 'Hư hỏng mặt đường, cầu, hè', en: 'Damaged road, bridge or pavement' },
    description: {
      vi: 'Ổ gà, lún, nứt, sụt mặt đường; nắp hố ga vỡ hoặc mất; cầu, lan can, hè phố hư hỏng.',
      en: 'Potholes, subsidence, cracks or a collapsed road; broken or missing manhole covers; damaged bridges, railings or pavements.',
    },
    group: GT247,
    words: [
      ['ổ gà', 'ổ voi', 'sụt lún', 'nứt đường', 'hố ga', 'nắp cống', 'lan can cầu', 'hè phố'],
      ['pothole', 'road damage', 'subsidence', 'manhole', 'bridge', 'pavement'],
    ],
    resolveWorkingDays: 10,
    routing: to('so-xay-dung'),
    attributes: [
      choose(
        'size',
        1,
        ['Kích thước chỗ hư hỏng', 'Size of the damage'],
        [
          ['small', 'Nhỏ (dưới 0,5 m)', 'Small (under 0.5 m)'],
          ['medium', 'Vừa (0,5–2 m)', 'Medium (0.5–2 m)'],
          ['large', 'Lớn (trên 2 m)', 'Large (over 2 m)'],
        ],
        true,
      ),
      choose('blocks-traffic', 2, ['Có cản trở giao thông không?', 'Does it block traffic?'], YES_NO, true),
    ],
    urgentWhen: { 'blocks-traffic': ['yes'] },
  },
  {
    code: 'traffic-hazard',
    name: { vi: 'Sự cố, mất an toàn giao thông', en: 'Traffic-safety hazard' },
    description: {
      vi: 'Tai nạn, vật cản, dầu loang trên đường, ùn tắc bất thường, biển báo bị che khuất hoặc mất.',
      en: 'Accidents, obstacles or oil on the road, unusual congestion, hidden or missing road signs.',
    },
    group: GT247,
    words: [
      ['tai nạn', 'vật cản', 'dầu loang', 'ùn tắc', 'biển báo', 'an toàn giao thông'],
      ['accident', 'obstacle', 'oil spill', 'congestion', 'road sign', 'traffic safety'],
    ],
    resolveWorkingDays: 2,
    routing: to('csgt'),
    attributes: [
      CALL_112,
      choose(
        'kind',
        2,
        ['Loại sự cố', 'Kind of hazard'],
        [
          ['accident', 'Tai nạn giao thông', 'Traffic accident'],
          ['obstacle', 'Vật cản trên đường', 'Obstacle on the road'],
          ['oil-spill', 'Dầu, vật liệu rơi vãi', 'Oil or spilt load'],
          ['congestion', 'Ùn tắc kéo dài', 'Lasting congestion'],
          ['sign', 'Biển báo mất, hỏng, bị che', 'Missing, broken or hidden sign'],
          ['other', 'Khác', 'Other'],
        ],
        true,
      ),
    ],
    urgentWhen: { kind: ['accident', 'obstacle', 'oil-spill'] },
  },
  {
    code: 'traffic-light',
    name: { vi: 'Đèn tín hiệu giao thông', en: 'Traffic lights' },
    description: {
      vi: 'Đèn tín hiệu tắt, nhấp nháy sai, đứng một màu, thời gian chưa hợp lý, cột đèn đổ.',
      en: 'Traffic lights off, flashing wrongly, stuck on one colour, badly timed, or a fallen signal pole.',
    },
    group: GT247,
    words: [
      ['đèn tín hiệu', 'đèn giao thông', 'đèn đỏ', 'đèn xanh', 'cột đèn'],
      ['traffic light', 'signal', 'red light'],
    ],
    resolveWorkingDays: 3,
    // The signals are the Department of Construction's since it took over the Department of Transport.
    routing: to('so-xay-dung'),
    attributes: [
      choose(
        'fault',
        1,
        ['Tình trạng đèn', 'What is wrong'],
        [
          ['off', 'Tắt hẳn', 'Off'],
          ['stuck', 'Đứng một màu, nhấp nháy sai', 'Stuck or flashing wrongly'],
          ['timing', 'Thời gian chưa hợp lý', 'Badly timed'],
          ['damaged', 'Cột, đèn hư hỏng, nghiêng đổ', 'Pole or lamp damaged or leaning'],
        ],
        true,
      ),
    ],
    urgentWhen: { fault: ['off', 'damaged'] },
  },
  {
    code: 'sidewalk-encroachment',
    name: { vi: 'Lấn chiếm vỉa hè, lòng đường', en: 'Pavement or roadway encroachment' },
    description: {
      vi: 'Bày bán hàng, trông giữ xe, dựng lều quán, vật liệu xây dựng trên vỉa hè, lòng đường.',
      en: 'Goods, parking, stalls or building materials occupying the pavement or the road.',
    },
    group: GT247,
    words: [
      ['lấn chiếm', 'vỉa hè', 'lòng đường', 'bán hàng rong', 'trông giữ xe', 'quán cóc'],
      ['encroachment', 'sidewalk', 'pavement', 'street vendor', 'illegal parking'],
    ],
    resolveWorkingDays: 5,
    routing: WARD,
    attributes: [
      choose(
        'what',
        1,
        ['Lấn chiếm bằng gì?', 'What occupies it?'],
        [
          ['goods', 'Hàng hóa, quán', 'Goods or a stall'],
          ['parking', 'Xe, bãi giữ xe', 'Vehicles or a car park'],
          ['materials', 'Vật liệu xây dựng', 'Building materials'],
          ['structure', 'Mái che, bục, bậc dắt xe', 'Awnings, platforms or ramps'],
        ],
        false,
        'multivaluelist',
      ),
    ],
  },
  {
    code: 'street-lighting',
    name: { vi: 'Chiếu sáng công cộng', en: 'Street lighting' },
    description: {
      vi: 'Đèn đường không sáng, sáng ban ngày, cột đèn nghiêng đổ, dây điện hở.',
      en: 'Street lamps out or lit by day, leaning or fallen lamp posts, exposed wires.',
    },
    group: IHANOI,
    words: [
      ['đèn đường', 'chiếu sáng', 'cột đèn', 'dây điện hở', 'tối'],
      ['street light', 'lamp post', 'lighting', 'exposed wire'],
    ],
    resolveWorkingDays: 3,
    routing: to('hapulico'),
    attributes: [
      choose(
        'fault',
        1,
        ['Tình trạng', 'What is wrong'],
        [
          ['one-out', 'Một đèn không sáng', 'One lamp out'],
          ['street-dark', 'Cả đoạn phố tối', 'A whole stretch dark'],
          ['lit-by-day', 'Sáng ban ngày', 'Lit by day'],
          ['exposed-wire', 'Dây điện hở, tủ điện mở', 'Exposed wires or an open cabinet'],
          ['pole', 'Cột đèn nghiêng, đổ', 'Leaning or fallen post'],
        ],
        true,
      ),
    ],
    urgentWhen: { fault: ['exposed-wire', 'pole'] },
  },
  {
    code: 'drainage-flooding',
    name: { vi: 'Thoát nước, úng ngập', en: 'Drainage and flooding' },
    description: {
      vi: 'Ngập úng sau mưa, cống tắc, hố ga bốc mùi, nước thải tràn ra đường.',
      en: 'Flooding after rain, blocked drains, smelly gullies, sewage on the street.',
    },
    group: IHANOI,
    words: [
      ['ngập', 'úng', 'cống', 'tắc cống', 'hố ga', 'nước thải', 'thoát nước'],
      ['flood', 'drain', 'sewer', 'blocked drain', 'sewage'],
    ],
    resolveWorkingDays: 5,
    routing: to('thoat-nuoc'),
    attributes: [
      choose(
        'kind',
        1,
        ['Loại sự cố', 'Kind of problem'],
        [
          ['flooded', 'Đường ngập', 'Flooded street'],
          ['blocked', 'Cống, rãnh tắc', 'Blocked drain'],
          ['sewage', 'Nước thải tràn, bốc mùi', 'Sewage overflowing or smelling'],
          ['open-gully', 'Hố ga mất nắp', 'Gully without its cover'],
        ],
        true,
      ),
      choose(
        'depth',
        2,
        ['Mức ngập', 'How deep'],
        [
          ['ankle', 'Dưới 20 cm', 'Under 20 cm'],
          ['knee', '20–50 cm', '20–50 cm'],
          ['deep', 'Trên 50 cm', 'Over 50 cm'],
        ],
      ),
    ],
    urgentWhen: { kind: ['open-gully'], depth: ['deep'] },
  },
  {
    code: 'waste',
    name: { vi: 'Rác thải, vệ sinh môi trường', en: 'Waste and street cleaning' },
    description: {
      vi: 'Rác không được thu gom, đổ trộm phế thải, điểm tập kết rác quá tải.',
      en: 'Rubbish not collected, fly-tipping of debris, overflowing collection points.',
    },
    group: IHANOI,
    words: [
      ['rác', 'rác thải', 'phế thải', 'đổ trộm', 'thu gom rác', 'vệ sinh môi trường'],
      ['rubbish', 'garbage', 'waste', 'fly-tipping', 'litter'],
    ],
    resolveWorkingDays: 2,
    routing: to('urenco'),
    attributes: [
      choose(
        'kind',
        1,
        ['Loại', 'Kind'],
        [
          ['uncollected', 'Rác chưa thu gom', 'Not collected'],
          ['dumping', 'Đổ trộm phế thải', 'Fly-tipping'],
          ['point-full', 'Điểm tập kết quá tải', 'Collection point full'],
          ['dead-animal', 'Xác động vật', 'Dead animal'],
        ],
        true,
      ),
    ],
  },
  {
    code: 'noise',
    name: { vi: 'Tiếng ồn', en: 'Noise' },
    description: {
      vi: 'Karaoke, loa kéo, công trình thi công, cơ sở kinh doanh gây ồn.',
      en: 'Karaoke, portable speakers, building works or businesses making noise.',
    },
    group: IHANOI,
    words: [
      ['tiếng ồn', 'ồn ào', 'karaoke', 'loa kéo', 'thi công ban đêm'],
      ['noise', 'loud music', 'karaoke', 'night works'],
    ],
    resolveWorkingDays: 5,
    routing: WARD,
    attributes: [
      choose(
        'source',
        1,
        ['Nguồn gây ồn', 'Source of the noise'],
        [
          ['karaoke', 'Karaoke, loa kéo', 'Karaoke or speakers'],
          ['works', 'Công trình thi công', 'Building works'],
          ['business', 'Cơ sở kinh doanh, nhà hàng', 'A business or restaurant'],
          ['other', 'Khác', 'Other'],
        ],
        true,
      ),
      choose(
        'time-of-day',
        2,
        ['Thời gian', 'When'],
        [
          ['day', 'Ban ngày (6–18 giờ)', 'Daytime (6 am–6 pm)'],
          ['evening', 'Buổi tối (18–22 giờ)', 'Evening (6–10 pm)'],
          ['night', 'Ban đêm (22–6 giờ)', 'Night (10 pm–6 am)'],
        ],
        true,
      ),
    ],
  },
  {
    code: 'illegal-construction',
    name: { vi: 'Trật tự xây dựng', en: 'Unauthorised building works' },
    description: {
      vi: 'Xây dựng không phép, sai phép, lấn chiếm đất công, không che chắn gây mất an toàn.',
      en: 'Building without or beyond a permit, on public land, or without safety screening.',
    },
    group: IHANOI,
    level: 'complex',
    words: [
      ['xây dựng không phép', 'sai phép', 'lấn chiếm đất công', 'trật tự xây dựng', 'công trình'],
      ['illegal construction', 'building permit', 'unauthorised building'],
    ],
    resolveWorkingDays: 15,
    routing: WARD,
    attributes: [
      choose(
        'kind',
        1,
        ['Vi phạm', 'Breach'],
        [
          ['no-permit', 'Không có giấy phép', 'No permit'],
          ['beyond-permit', 'Sai nội dung giấy phép', 'Beyond the permit'],
          ['public-land', 'Lấn chiếm đất công', 'On public land'],
          ['unsafe', 'Không che chắn, mất an toàn', 'Unsafe, unscreened'],
        ],
        true,
      ),
      choose(
        'stage',
        2,
        ['Giai đoạn', 'Stage'],
        [
          ['building', 'Đang thi công', 'Under way'],
          ['finished', 'Đã hoàn thành', 'Finished'],
        ],
      ),
    ],
  },
  {
    code: 'trees',
    name: { vi: 'Cây xanh', en: 'Street trees' },
    description: {
      vi: 'Cây đổ, gãy cành, cây nghiêng nguy hiểm, cần cắt tỉa, chặt hạ cây trái phép.',
      en: 'Fallen trees, broken branches, dangerously leaning trees, trees needing pruning, unlawful felling.',
    },
    group: IHANOI,
    words: [
      ['cây đổ', 'gãy cành', 'cây nghiêng', 'cắt tỉa', 'chặt cây', 'cây xanh'],
      ['fallen tree', 'broken branch', 'pruning', 'tree felling'],
    ],
    resolveWorkingDays: 5,
    routing: to('cay-xanh'),
    attributes: [
      choose(
        'condition',
        1,
        ['Tình trạng cây', "The tree's condition"],
        [
          ['fallen', 'Đổ, gãy chắn đường', 'Fallen or broken across the way'],
          ['leaning', 'Nghiêng, có nguy cơ đổ', 'Leaning, may fall'],
          ['pruning', 'Cần cắt tỉa', 'Needs pruning'],
          ['felled', 'Bị chặt hạ trái phép', 'Felled unlawfully'],
        ],
        true,
      ),
    ],
    urgentWhen: { condition: ['fallen', 'leaning'] },
  },
  {
    code: 'water-supply',
    name: { vi: 'Cấp nước sạch', en: 'Water supply' },
    description: {
      vi: 'Mất nước, nước yếu, nước đục hoặc có mùi, vỡ đường ống.',
      en: 'No water, low pressure, cloudy or smelly water, burst mains.',
    },
    group: IHANOI,
    words: [
      ['mất nước', 'nước yếu', 'nước đục', 'vỡ ống nước', 'nước sạch'],
      ['no water', 'water pressure', 'dirty water', 'burst pipe', 'water main'],
    ],
    resolveWorkingDays: 2,
    routing: to('nuoc-sach'),
    attributes: [
      choose(
        'kind',
        1,
        ['Sự cố', 'Problem'],
        [
          ['no-water', 'Mất nước', 'No water'],
          ['low-pressure', 'Nước yếu', 'Low pressure'],
          ['quality', 'Nước đục, có mùi', 'Cloudy or smelly'],
          ['burst', 'Vỡ, rò rỉ đường ống', 'Burst or leaking pipe'],
        ],
        true,
      ),
    ],
    urgentWhen: { kind: ['burst'] },
  },
  {
    code: 'pollution',
    name: { vi: 'Ô nhiễm môi trường', en: 'Pollution' },
    description: {
      vi: 'Đốt rác, khói bụi, mùi hôi từ cơ sở sản xuất, xả thải ra sông hồ.',
      en: 'Burning rubbish, smoke and dust, smells from workshops, discharges into rivers and lakes.',
    },
    group: IHANOI,
    words: [
      ['ô nhiễm', 'đốt rác', 'khói bụi', 'mùi hôi', 'xả thải'],
      ['pollution', 'smoke', 'dust', 'smell', 'burning waste'],
    ],
    resolveWorkingDays: 10,
    routing: to('so-nong-nghiep-moi-truong'),
    attributes: [
      choose(
        'kind',
        1,
        ['Loại ô nhiễm', 'Kind of pollution'],
        [
          ['air', 'Khói, bụi, đốt rác', 'Smoke, dust, burning'],
          ['smell', 'Mùi hôi', 'Smell'],
          ['water', 'Xả thải ra sông, hồ', 'Discharge into water'],
        ],
        true,
      ),
    ],
  },
  {
    code: 'question',
    name: { vi: 'Hỏi đáp, kiến nghị với Thành phố', en: 'A question or proposal to the city' },
    description: {
      vi: 'Câu hỏi về chính sách, thủ tục, dịch vụ của Thành phố, hoặc kiến nghị, sáng kiến.',
      en: "Questions about the city's policies, procedures and services, or a proposal.",
    },
    group: IHANOI,
    question: true,
    words: [
      ['hỏi đáp', 'kiến nghị', 'thủ tục', 'chính sách', 'sáng kiến'],
      ['question', 'proposal', 'procedure', 'policy'],
    ],
    resolveWorkingDays: 10,
    routing: to('van-phong-ubnd'),
    attributes: [],
  },
];

export const REPORT_SERVICES: readonly ReportService[] = SPECS.map(
  ({ words, urgentWhen: _urgent, level, question, ...s }): ReportService => ({
    ...s,
    keywords: keywords(...words),
    level: level ?? 'normal',
    question: question ?? false,
  }),
);

const BY_CODE = new Map(REPORT_SERVICES.map((s) => [s.code, s]));
const URGENT_WHEN = new Map(SPECS.map((s) => [s.code, s.urgentWhen ?? {}]));

/** The service of a code (case and spaces around it ignored). */
export const serviceByCode = (code: string): ReportService | undefined => BY_CODE.get(code.trim().toLowerCase());

/**
 * The level a new report starts at: urgent when one of its answers says so (an accident, a fallen
 * tree, exposed wires), else the service's.
 */
export function reportLevel(
  service: ReportService,
  attributes: Readonly<Record<string, string | readonly string[]>>,
): ReportLevel {
  for (const [code, values] of Object.entries(URGENT_WHEN.get(service.code) ?? {})) {
    const given = [attributes[code] ?? []].flat();
    if (given.some((v) => values.includes(v))) return 'urgent';
  }
  return service.level;
}

/** The attribute values that raise a service's reports to urgent (for the catalogue's own test and the docs). */
export const urgentAnswers = (serviceCode: string): Readonly<Record<string, readonly string[]>> =>
  URGENT_WHEN.get(serviceCode) ?? {};

const CITY_OFFICE = 'van-phong-ubnd';

/**
 * Where a report of `service` goes: its city body, or the committee of the ward it lies in. A
 * ward's matter with no ward known (an address the city could not place) goes to the City People's
 * Committee's office, which forwards it.
 */
export function departmentFor(
  service: ReportService,
  ward: { readonly code: string; readonly name: string } | undefined,
): Department {
  const id = service.routing.kind === 'department' ? service.routing.departmentId : CITY_OFFICE;
  if (service.routing.kind === 'ward' && ward) return wardDepartment(ward.code, ward.name);
  const department = CITY_DEPARTMENTS.find((d) => d.id === id);
  if (!department) throw new Error(`the service ${service.code} is routed to ${id}, which is no department`);
  return department;
}
