import type { Agency, CareNeed, IncidentGroup, IncidentType, Priority, RunCardLine, SopStep } from './model.js';

/**
 * The common list of incident types the one hotline classifies calls into: codes in the style of
 * APCO ANS 2.103 (Common Incident Types for Data Exchange), each mapped to a group, a priority, the
 * agencies it involves, a run card (what to send, by capability) and a standard operating procedure
 * (questions to ask, steps, who to inform). Local policy, not a standard: a centre adjusts it here.
 */

const q = (id: string, vi: string, en: string): SopStep => ({ id, kind: 'question', vi, en });
const act = (id: string, vi: string, en: string): SopStep => ({ id, kind: 'action', vi, en });
const inform = (id: string, vi: string, en: string): SopStep => ({ id, kind: 'inform', vi, en });

const line = (count: number, ...anyOf: RunCardLine['anyOf']): RunCardLine => ({ anyOf, count });

// Steps shared by many types.
const ADDRESS = q(
  'address',
  'Xác nhận địa chỉ chính xác, mốc gần nhất',
  'Confirm the exact address and nearest landmark',
);
const CALLBACK = q('callback', 'Xác nhận số gọi lại', 'Confirm the call-back number');
const INJURED = q('injured', 'Có bao nhiêu người bị thương? Còn tỉnh không?', 'How many are hurt? Are they conscious?');
const TRAPPED = q('trapped', 'Có người bị mắc kẹt không?', 'Is anyone trapped?');
const SAFE = act('safe', 'Hướng dẫn người gọi đến nơi an toàn', 'Tell the caller to move to safety');
const STAY = act('stay-on-line', 'Giữ máy với người gọi đến khi lực lượng tới', 'Stay on the line until units arrive');
const EVN = inform(
  'evn',
  'Báo điện lực (EVN Hà Nội) cắt điện khu vực',
  'Ask the power company (EVN Hanoi) to cut the power',
);
const POLICE = inform(
  'police',
  'Báo công an phường phân luồng, giữ hiện trường',
  'Tell the ward police to hold the scene and divert traffic',
);
const HOSPITAL = inform('hospital', 'Báo bệnh viện tiếp nhận gần nhất', 'Warn the receiving hospital');
const CIVIL = inform('civil-defence', 'Báo Ban chỉ huy phòng thủ dân sự', 'Inform the civil defence command');
const CPR = act('cpr', 'Hướng dẫn ép tim qua điện thoại nếu ngừng thở', 'Coach CPR over the phone if not breathing');

interface Spec {
  readonly group: IncidentGroup;
  readonly vi: string;
  readonly en: string;
  readonly priority: Priority;
  readonly agencies: readonly Agency[];
  readonly runCard: readonly RunCardLine[];
  readonly sop: readonly SopStep[];
  readonly compatible: readonly string[];
}

const FIRE = ['STRFIRE', 'VEHFIRE', 'EXPLOSION', 'GASLEAK', 'ELECTRIC'];
const ROAD = ['TRAFFIC', 'TRAFFICINJ', 'VEHFIRE'];
const SICK = ['MEDICAL', 'CARDIAC', 'BREATHING', 'FALL', 'SUICIDE'];
const CRIME = ['ASSAULT', 'ROBBERY', 'BURGLARY', 'DISTURB'];
const WATER = ['DROWNING', 'WATERRESC', 'FLOOD'];
const WEATHER = ['FLOOD', 'STORM', 'LANDSLIDE', 'COLLAPSE'];

const SPECS: Readonly<Record<string, Spec>> = {
  STRFIRE: {
    group: 'fire_rescue',
    vi: 'Cháy nhà, công trình',
    en: 'Structure fire',
    priority: 1,
    agencies: ['fire', 'medical', 'police'],
    runCard: [line(2, 'engine'), line(1, 'ladder'), line(1, 'als', 'bls')],
    sop: [
      ADDRESS,
      q('floors', 'Nhà mấy tầng? Cháy ở tầng nào?', 'How many floors? Which floor is burning?'),
      TRAPPED,
      q(
        'kiot',
        'Có kinh doanh, kho hàng, bình gas trong nhà không?',
        'Is there a shop, a store room or gas cylinders inside?',
      ),
      SAFE,
      act(
        'no-lift',
        'Dặn không dùng thang máy, che mũi bằng khăn ướt',
        'Tell them not to use lifts and to cover mouth with a wet cloth',
      ),
      EVN,
      POLICE,
    ],
    compatible: FIRE,
  },
  VEHFIRE: {
    group: 'fire_rescue',
    vi: 'Cháy phương tiện',
    en: 'Vehicle fire',
    priority: 2,
    agencies: ['fire', 'police'],
    runCard: [line(1, 'engine')],
    sop: [
      ADDRESS,
      q('vehicle', 'Loại xe gì? Xe chở gì?', 'What kind of vehicle? What does it carry?'),
      TRAPPED,
      SAFE,
      POLICE,
    ],
    compatible: [...FIRE, ...ROAD],
  },
  TRAFFIC: {
    group: 'police',
    vi: 'Tai nạn giao thông (không thương vong)',
    en: 'Traffic crash, no injury',
    priority: 3,
    agencies: ['police'],
    runCard: [line(1, 'patrol')],
    sop: [
      ADDRESS,
      q('vehicles', 'Bao nhiêu phương tiện? Có chắn đường không?', 'How many vehicles? Is the road blocked?'),
      INJURED,
      CALLBACK,
    ],
    compatible: ROAD,
  },
  TRAFFICINJ: {
    group: 'medical',
    vi: 'Tai nạn giao thông có người bị thương',
    en: 'Traffic crash with injury',
    priority: 1,
    agencies: ['medical', 'police', 'fire'],
    runCard: [line(1, 'als', 'bls'), line(1, 'patrol')],
    sop: [
      ADDRESS,
      INJURED,
      TRAPPED,
      q('fuel', 'Có rò rỉ xăng dầu, khói không?', 'Any fuel leak or smoke?'),
      act(
        'no-move',
        'Dặn không di chuyển người bị thương cột sống',
        'Tell them not to move someone with a spine injury',
      ),
      POLICE,
      HOSPITAL,
    ],
    compatible: ROAD,
  },
  MEDICAL: {
    group: 'medical',
    vi: 'Cấp cứu y tế',
    en: 'Medical emergency',
    priority: 2,
    agencies: ['medical'],
    runCard: [line(1, 'als', 'bls')],
    sop: [
      ADDRESS,
      q('age', 'Tuổi, giới tính người bệnh?', "Patient's age and sex?"),
      q('conscious', 'Còn tỉnh, còn thở không?', 'Conscious? Breathing?'),
      q('complaint', 'Triệu chứng chính?', 'Main complaint?'),
      CALLBACK,
    ],
    compatible: SICK,
  },
  CARDIAC: {
    group: 'medical',
    vi: 'Ngừng tim, đau ngực',
    en: 'Cardiac arrest or chest pain',
    priority: 1,
    agencies: ['medical', 'fire'],
    runCard: [line(1, 'als'), line(1, 'engine', 'bls')],
    sop: [
      ADDRESS,
      q('breathing', 'Người bệnh còn thở bình thường không?', 'Is the patient breathing normally?'),
      CPR,
      q('aed', 'Gần đó có máy AED không?', 'Is there an AED nearby?'),
      STAY,
      HOSPITAL,
    ],
    compatible: SICK,
  },
  BREATHING: {
    group: 'medical',
    vi: 'Khó thở',
    en: 'Breathing problems',
    priority: 1,
    agencies: ['medical'],
    runCard: [line(1, 'als', 'bls')],
    sop: [
      ADDRESS,
      q('speak', 'Người bệnh nói được thành câu không?', 'Can the patient speak in full sentences?'),
      q('history', 'Tiền sử hen, dị ứng?', 'History of asthma or allergy?'),
      act('position', 'Cho ngồi tư thế dễ thở', 'Sit the patient upright'),
      STAY,
    ],
    compatible: SICK,
  },
  FALL: {
    group: 'medical',
    vi: 'Ngã, chấn thương',
    en: 'Fall or injury',
    priority: 3,
    agencies: ['medical'],
    runCard: [line(1, 'bls', 'als')],
    sop: [
      ADDRESS,
      q('height', 'Ngã từ độ cao bao nhiêu?', 'Fell from what height?'),
      INJURED,
      act('no-move', 'Không di chuyển người bị ngã nếu đau cổ, lưng', 'Do not move them if neck or back hurts'),
    ],
    compatible: SICK,
  },
  ASSAULT: {
    group: 'police',
    vi: 'Đánh nhau, hành hung',
    en: 'Assault',
    priority: 2,
    agencies: ['police', 'medical'],
    runCard: [line(2, 'patrol')],
    sop: [
      ADDRESS,
      q('weapon', 'Có hung khí không?', 'Any weapon?'),
      q('suspect', 'Đối tượng còn ở đó không? Đặc điểm?', 'Is the suspect still there? Description?'),
      INJURED,
      SAFE,
    ],
    compatible: CRIME,
  },
  ROBBERY: {
    group: 'police',
    vi: 'Cướp tài sản',
    en: 'Robbery',
    priority: 1,
    agencies: ['police'],
    runCard: [line(2, 'patrol')],
    sop: [
      ADDRESS,
      q('suspect', 'Đặc điểm đối tượng, hướng tẩu thoát, phương tiện?', 'Suspect description, direction, vehicle?'),
      q('weapon', 'Có hung khí không?', 'Any weapon?'),
      INJURED,
      inform('nearby-units', 'Báo các tổ tuần tra lân cận chặn bắt', 'Alert nearby patrols to intercept'),
    ],
    compatible: CRIME,
  },
  BURGLARY: {
    group: 'police',
    vi: 'Trộm cắp, đột nhập',
    en: 'Burglary',
    priority: 3,
    agencies: ['police'],
    runCard: [line(1, 'patrol')],
    sop: [
      ADDRESS,
      q('inside', 'Đối tượng còn trong nhà không?', 'Is anyone still inside?'),
      act('no-touch', 'Dặn không động vào hiện trường', 'Tell them not to touch anything'),
      CALLBACK,
    ],
    compatible: CRIME,
  },
  DISTURB: {
    group: 'police',
    vi: 'Gây rối trật tự',
    en: 'Disturbance',
    priority: 4,
    agencies: ['police'],
    runCard: [line(1, 'patrol')],
    sop: [ADDRESS, q('people', 'Bao nhiêu người? Có hung khí không?', 'How many people? Any weapon?'), CALLBACK],
    compatible: CRIME,
  },
  MISSING: {
    group: 'police',
    vi: 'Người mất tích',
    en: 'Missing person',
    priority: 3,
    agencies: ['police'],
    runCard: [line(1, 'patrol')],
    sop: [
      q('who', 'Tên, tuổi, đặc điểm, quần áo?', 'Name, age, description, clothing?'),
      q('last-seen', 'Nhìn thấy lần cuối ở đâu, lúc nào?', 'Last seen where and when?'),
      q('risk', 'Có bệnh, là trẻ em hay người già?', 'Ill, a child or elderly?'),
      inform('patrols', 'Phát thông tin cho các tổ tuần tra', 'Circulate the description to patrols'),
    ],
    compatible: ['MISSING', 'DROWNING'],
  },
  DROWNING: {
    group: 'fire_rescue',
    vi: 'Đuối nước',
    en: 'Drowning',
    priority: 1,
    agencies: ['fire', 'medical', 'police'],
    runCard: [line(1, 'water_rescue'), line(1, 'als', 'bls')],
    sop: [
      ADDRESS,
      q('in-water', 'Người còn dưới nước không? Sông, hồ hay ao?', 'Still in the water? River, lake or pond?'),
      act(
        'no-jump',
        'Dặn không nhảy xuống nếu không biết bơi; ném phao, sào',
        'Tell them not to jump in; throw something that floats',
      ),
      CPR,
      HOSPITAL,
    ],
    compatible: WATER,
  },
  WATERRESC: {
    group: 'fire_rescue',
    vi: 'Cứu nạn trên sông, hồ',
    en: 'Water rescue',
    priority: 2,
    agencies: ['fire', 'civil_defence'],
    runCard: [line(1, 'water_rescue'), line(1, 'rescue', 'engine')],
    sop: [
      ADDRESS,
      q('people', 'Bao nhiêu người gặp nạn? Có phương tiện nổi không?', 'How many people? Any boat?'),
      SAFE,
      CIVIL,
    ],
    compatible: WATER,
  },
  TRAPPED: {
    group: 'fire_rescue',
    vi: 'Cứu nạn người mắc kẹt',
    en: 'Trapped person rescue',
    priority: 1,
    agencies: ['fire', 'medical'],
    runCard: [line(1, 'rescue'), line(1, 'engine'), line(1, 'als', 'bls')],
    sop: [
      ADDRESS,
      q('where', 'Mắc kẹt ở đâu (thang máy, xe, đổ nát)?', 'Trapped where (lift, vehicle, debris)?'),
      INJURED,
      STAY,
    ],
    compatible: ['TRAPPED', 'COLLAPSE', 'TRAFFICINJ'],
  },
  COLLAPSE: {
    group: 'disaster',
    vi: 'Sập đổ công trình',
    en: 'Structural collapse',
    priority: 1,
    agencies: ['fire', 'medical', 'police', 'civil_defence'],
    runCard: [line(2, 'rescue'), line(1, 'engine'), line(2, 'als', 'bls'), line(1, 'patrol')],
    sop: [
      ADDRESS,
      TRAPPED,
      q('gas', 'Có mùi gas, dây điện đứt không?', 'Smell of gas or fallen power lines?'),
      SAFE,
      EVN,
      POLICE,
      CIVIL,
    ],
    compatible: WEATHER,
  },
  HAZMAT: {
    group: 'fire_rescue',
    vi: 'Sự cố hóa chất',
    en: 'Hazardous materials',
    priority: 1,
    agencies: ['fire', 'police', 'medical'],
    runCard: [line(1, 'hazmat'), line(1, 'engine'), line(1, 'als', 'bls')],
    sop: [
      ADDRESS,
      q('substance', 'Chất gì? Có nhãn, biển báo không?', 'What substance? Any label or placard?'),
      q('wind', 'Khói, mùi bay về hướng nào?', 'Which way are fumes drifting?'),
      act('upwind', 'Dặn di chuyển ngược chiều gió', 'Tell them to move upwind'),
      POLICE,
      inform('environment', 'Báo Sở Nông nghiệp và Môi trường', 'Inform the Department of Agriculture and Environment'),
    ],
    compatible: ['HAZMAT', 'GASLEAK', 'EXPLOSION'],
  },
  GASLEAK: {
    group: 'fire_rescue',
    vi: 'Rò rỉ khí gas',
    en: 'Gas leak',
    priority: 2,
    agencies: ['fire'],
    runCard: [line(1, 'engine')],
    sop: [
      ADDRESS,
      act('no-spark', 'Dặn không bật tắt điện, không dùng lửa; mở cửa', 'No switches, no flames; open the windows'),
      SAFE,
      EVN,
    ],
    compatible: FIRE,
  },
  ELECTRIC: {
    group: 'fire_rescue',
    vi: 'Sự cố điện, điện giật',
    en: 'Electrical hazard or shock',
    priority: 2,
    agencies: ['fire', 'medical'],
    runCard: [line(1, 'engine', 'rescue'), line(1, 'als', 'bls')],
    sop: [
      ADDRESS,
      q('victim', 'Có người bị điện giật không? Còn chạm nguồn điện?', 'Anyone shocked? Still touching the source?'),
      act(
        'no-touch',
        'Dặn không chạm vào người bị giật khi chưa ngắt điện',
        'Do not touch the victim until power is off',
      ),
      EVN,
    ],
    compatible: FIRE,
  },
  FLOOD: {
    group: 'disaster',
    vi: 'Ngập lụt',
    en: 'Flooding',
    priority: 2,
    agencies: ['civil_defence', 'fire', 'police'],
    runCard: [line(1, 'water_rescue', 'rescue')],
    sop: [
      ADDRESS,
      q('depth', 'Nước sâu bao nhiêu? Có người bị cô lập?', 'How deep? Anyone cut off?'),
      act('high-ground', 'Hướng dẫn lên chỗ cao, tránh dây điện', 'Move to high ground, away from power lines'),
      EVN,
      CIVIL,
    ],
    compatible: [...WEATHER, ...WATER],
  },
  STORM: {
    group: 'disaster',
    vi: 'Giông bão, cây đổ',
    en: 'Storm damage, fallen tree',
    priority: 3,
    agencies: ['civil_defence', 'fire', 'police'],
    runCard: [line(1, 'rescue', 'engine')],
    sop: [
      ADDRESS,
      q('blocked', 'Có chắn đường, đè người hay xe không?', 'Road blocked? Anyone or any vehicle underneath?'),
      EVN,
      CIVIL,
      inform('parks', 'Báo Công ty Công viên cây xanh', 'Inform the city parks and trees company'),
    ],
    compatible: WEATHER,
  },
  LANDSLIDE: {
    group: 'disaster',
    vi: 'Sạt lở đất',
    en: 'Landslide',
    priority: 1,
    agencies: ['civil_defence', 'fire', 'medical'],
    runCard: [line(1, 'rescue'), line(1, 'als', 'bls')],
    sop: [ADDRESS, TRAPPED, SAFE, CIVIL],
    compatible: WEATHER,
  },
  EXPLOSION: {
    group: 'fire_rescue',
    vi: 'Cháy nổ',
    en: 'Explosion',
    priority: 1,
    agencies: ['fire', 'police', 'medical'],
    runCard: [line(2, 'engine'), line(1, 'rescue'), line(2, 'als', 'bls'), line(1, 'patrol')],
    sop: [
      ADDRESS,
      INJURED,
      q('cause', 'Nổ gì (gas, hóa chất, khác)? Còn cháy không?', 'What exploded? Still burning?'),
      SAFE,
      POLICE,
      EVN,
      HOSPITAL,
    ],
    compatible: FIRE,
  },
  SUICIDE: {
    group: 'medical',
    vi: 'Tự tử, đe dọa tự tử',
    en: 'Suicide or threat',
    priority: 1,
    agencies: ['medical', 'police'],
    runCard: [line(1, 'als', 'bls'), line(1, 'patrol')],
    sop: [
      ADDRESS,
      q('means', 'Người đó đang ở đâu, dùng gì?', 'Where are they, and by what means?'),
      act('talk', 'Giữ liên lạc, nói chuyện bình tĩnh', 'Keep them talking, calmly'),
      STAY,
      POLICE,
    ],
    compatible: SICK,
  },
  OTHER: {
    group: 'police',
    vi: 'Sự việc khác',
    en: 'Other',
    priority: 4,
    agencies: ['police'],
    runCard: [line(1, 'patrol')],
    sop: [ADDRESS, q('what', 'Chuyện gì đang xảy ra?', 'What is happening?'), CALLBACK],
    compatible: ['OTHER'],
  },
};

/**
 * The APCO ANS 2.103 code each type is exchanged under (the EIDO incident-type register). Types with
 * no close match there (a missing person, a flood, a storm, a landslide) go out as TROUBLE.
 */
const COMMON_CODES: Readonly<Record<string, string>> = {
  STRFIRE: 'FSTRU',
  VEHFIRE: 'FVEH',
  TRAFFIC: 'MVA',
  TRAFFICINJ: 'MVAINJY',
  MEDICAL: 'SICK',
  CARDIAC: 'CARDIAC',
  BREATHING: 'RESP',
  FALL: 'FALL',
  ASSAULT: 'ASSAULT',
  ROBBERY: 'ROBBERY',
  BURGLARY: 'BURGLARY',
  DISTURB: 'DISORD',
  DROWNING: 'DROWN',
  WATERRESC: 'RESCUE',
  TRAPPED: 'ENTRAP',
  COLLAPSE: 'BLDCLPSE',
  HAZMAT: 'HAZMAT',
  GASLEAK: 'GASLEAK',
  ELECTRIC: 'ELECHZD',
  EXPLOSION: 'EXPLOS',
  SUICIDE: 'SUICIDE',
};

/**
 * Other words callers use for each type, in Vietnamese and English: the call-taker's search finds a
 * type by them as well as by its names ("người bị thương" finds a crash with injury).
 */
const KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  STRFIRE: ['cháy', 'hỏa hoạn', 'khói', 'cháy chung cư', 'cháy nhà', 'fire', 'smoke', 'building'],
  VEHFIRE: ['cháy xe', 'xe máy cháy', 'ô tô cháy', 'car fire', 'vehicle'],
  TRAFFIC: ['va chạm', 'đâm xe', 'xe máy', 'ô tô', 'không ai bị thương', 'crash', 'collision', 'accident', 'no injury'],
  TRAFFICINJ: [
    'tai nạn có người bị thương',
    'người bị thương',
    'va chạm',
    'đâm xe',
    'chảy máu',
    // Unconscious after a crash; someone collapsed without one is a medical call.
    'tai nạn bất tỉnh',
    'injury',
    'injured',
    'accident',
    'crash',
    'collision',
  ],
  MEDICAL: [
    'ốm',
    'bệnh',
    'cấp cứu',
    'ngất',
    'ngất xỉu',
    'xỉu',
    'bất tỉnh',
    'không tỉnh',
    'ngã gục',
    'người ngã gục',
    'gục',
    'ngã quỵ',
    'quỵ',
    'co giật',
    'đau',
    'sick',
    'ambulance',
    'unconscious',
    'collapsed',
    'fainted',
    'seizure',
  ],
  CARDIAC: ['tim', 'đau ngực', 'ngừng thở', 'đột quỵ', 'heart', 'chest pain', 'cardiac arrest'],
  BREATHING: ['không thở được', 'hen', 'nghẹt thở', 'hóc', 'breathing', 'asthma', 'choking'],
  FALL: ['ngã', 'té', 'rơi', 'gãy chân', 'chấn thương', 'fall', 'fell', 'injury', 'fracture'],
  ASSAULT: ['đánh nhau', 'đánh người', 'đâm chém', 'bạo lực', 'fight', 'assault', 'stabbing', 'violence'],
  ROBBERY: ['cướp', 'giật đồ', 'cướp giật', 'robbery', 'mugging', 'snatch'],
  BURGLARY: ['trộm', 'ăn trộm', 'đột nhập', 'mất trộm', 'theft', 'burglary', 'break-in', 'stolen'],
  DISTURB: ['gây rối', 'ồn ào', 'say rượu', 'nhậu', 'noise', 'disturbance', 'drunk'],
  MISSING: ['mất tích', 'lạc', 'trẻ lạc', 'người già đi lạc', 'missing', 'lost child'],
  DROWNING: ['chết đuối', 'đuối nước', 'ngạt nước', 'drowning'],
  WATERRESC: ['rơi xuống sông', 'rơi xuống hồ', 'thuyền', 'lật thuyền', 'river', 'lake', 'boat', 'water rescue'],
  TRAPPED: ['mắc kẹt', 'kẹt thang máy', 'bị kẹt', 'trapped', 'stuck', 'lift', 'elevator'],
  COLLAPSE: ['sập nhà', 'đổ nhà', 'sập', 'collapse', 'building collapse'],
  HAZMAT: ['hóa chất', 'tràn hóa chất', 'chất độc', 'chemical', 'spill', 'toxic'],
  GASLEAK: ['mùi gas', 'rò gas', 'khí gas', 'bình gas', 'gas leak', 'gas smell'],
  ELECTRIC: ['điện giật', 'chập điện', 'dây điện', 'đứt dây điện', 'electric shock', 'power line', 'short circuit'],
  FLOOD: ['ngập', 'lụt', 'nước dâng', 'flood', 'flooding'],
  STORM: ['bão', 'giông', 'cây đổ', 'gió lốc', 'storm', 'tree down', 'typhoon'],
  LANDSLIDE: ['sạt lở', 'lở đất', 'sụt lún', 'landslide', 'subsidence'],
  EXPLOSION: ['nổ', 'tiếng nổ', 'nổ bình gas', 'explosion', 'blast'],
  SUICIDE: ['tự tử', 'tự sát', 'nhảy cầu', 'nhảy lầu', 'suicide', 'self-harm', 'jump'],
  OTHER: ['khác', 'other'],
};

/**
 * The care a patient of each type needs at hospital: the receiving hospitals are ranked by it. Types
 * not here send no ambulance, or one whose patient needs a general emergency department.
 */
const CARE: Record<string, CareNeed> = {
  STRFIRE: 'burns',
  EXPLOSION: 'burns',
  ELECTRIC: 'burns',
  TRAFFICINJ: 'trauma',
  FALL: 'trauma',
  ASSAULT: 'trauma',
  TRAPPED: 'trauma',
  COLLAPSE: 'trauma',
  LANDSLIDE: 'trauma',
  CARDIAC: 'cardiac',
};

/** Every incident type, in the order of the list above. */
export const INCIDENT_TYPES: readonly IncidentType[] = Object.entries(SPECS).map(([code, s]) => ({
  code,
  commonCode: COMMON_CODES[code] ?? 'TROUBLE',
  ...s,
  keywords: KEYWORDS[code] ?? [],
  ...(CARE[code] || s.agencies.includes('medical') ? { care: CARE[code] ?? 'emergency' } : {}),
  // A type is compatible with itself, and with every type that names it (a trapped person may be a
  // crash's, and a crash's call may be about the trapped person).
  compatible: [
    ...new Set([
      code,
      ...s.compatible,
      ...Object.entries(SPECS).flatMap(([other, o]) => (o.compatible.includes(code) ? [other] : [])),
    ]),
  ],
}));

const BY_CODE = new Map(INCIDENT_TYPES.map((t) => [t.code, t]));

export const incidentType = (code: string): IncidentType | undefined => BY_CODE.get(code.trim().toUpperCase());
