import type { Logger } from 'pino';
import { roadNetwork } from '../modules/city/index.js';
import type { ReportsService, StaffReport } from '../modules/reports/index.js';
import { AppError } from '../platform/errors.js';
import { createRandom, type Random } from '../simulator/random.js';
import { callPlace, callWards } from './emergency-calls.js';

/**
 * The demo's citizens and duty officers for citizen reports (DEMO=on only). Every few minutes a
 * fictitious citizen reports something in a ward, as people in Hanoi do through GT247 and iHanoi —
 * potholes, dark street lights, flooding after rain, rubbish, noise, a question to the city — now and
 * then the same thing a neighbour already reported. Duty officers ("demo:officer") then work the
 * queue as people would: after a human-like pause they receive a report, sometimes ask the reporter
 * for more (the reporter answers a while later), merge duplicates, and answer in public or reject
 * with a reason. They work only the demo citizens' reports of this run: a report a person makes at the
 * citizens' page is left for the people at the officers' page, and so is about one in seven of the
 * demo's, so some run late and raise their overdue alarms as real ones would.
 */

const OFFICER = 'demo:officer';
const TICK_MS = 20_000;
const TENANT = '';
/** The share of reports the demo officers leave for the people at the page. */
const LEFT_FOR_HUMANS = 1 / 7;

/** What citizens write, by service (Vietnamese, as typed on a phone). */
const SAYINGS: Readonly<Record<string, readonly string[]>> = {
  'road-damage': [
    'Ổ gà lớn giữa đường, xe máy đi qua rất nguy hiểm',
    'Mặt đường bị lún, đọng nước sau mưa',
    'Nắp hố ga bị vỡ, lõm sâu xuống',
  ],
  'traffic-hazard': ['Cây đổ chắn một nửa lòng đường', 'Dầu loang trên đường, nhiều xe trượt ngã'],
  'traffic-light': [
    'Đèn tín hiệu giao thông ở ngã tư không hoạt động từ sáng',
    'Đèn xanh chỉ sáng 5 giây, ùn tắc kéo dài',
  ],
  'sidewalk-encroachment': [
    'Quán bày bàn ghế kín vỉa hè, người đi bộ phải xuống lòng đường',
    'Xe máy đỗ kín vỉa hè trước cửa hàng',
  ],
  'street-lighting': ['Cả dãy đèn đường tắt từ tối qua, rất tối', 'Cột đèn bị nghiêng, dây điện lòi ra'],
  'drainage-flooding': ['Mưa xong đường ngập sâu 30 cm, cống không thoát', 'Cống bốc mùi hôi, rác chắn miệng cống'],
  waste: ['Rác tồn đọng 3 ngày chưa thu gom', 'Có người đổ trộm phế thải xây dựng ra bãi đất trống'],
  noise: ['Karaoke hát to sau 23 giờ hằng đêm', 'Công trình thi công ồn ào cả đêm'],
  'illegal-construction': [
    'Nhà bên cạnh đang xây thêm tầng, không thấy biển cấp phép',
    'Dựng lều quán lấn chiếm đất công',
  ],
  trees: ['Cây xà cừ nghiêng, cành khô có thể gãy đổ', 'Cành cây chạm vào dây điện'],
  'water-supply': ['Mất nước sinh hoạt 2 ngày không thông báo', 'Ống nước vỡ, nước chảy tràn ra đường'],
  pollution: ['Khói đốt rác mù mịt mỗi tối', 'Xưởng xả nước thải màu đen ra mương'],
  question: [
    'Cho hỏi thủ tục đăng ký thường trú cho con mới sinh cần giấy tờ gì?',
    'Khi nào tuyến đường gần nhà tôi hết phân luồng?',
  ],
};

/** How often each service comes up (the demo's assumption, close to what iHanoi reports publish). */
const SHARE: Readonly<Record<string, number>> = {
  'road-damage': 0.16,
  'traffic-hazard': 0.05,
  'traffic-light': 0.04,
  'sidewalk-encroachment': 0.1,
  'street-lighting': 0.1,
  'drainage-flooding': 0.1,
  waste: 0.14,
  noise: 0.08,
  'illegal-construction': 0.07,
  trees: 0.05,
  'water-supply': 0.04,
  pollution: 0.04,
  question: 0.03,
};

const ANSWERS = [
  'Đơn vị đã kiểm tra hiện trường và khắc phục xong. Cảm ơn bạn đã phản ánh.',
  'Đã cử tổ công tác xử lý; hiện trạng đã được khắc phục.',
  'Đã phối hợp với UBND phường kiểm tra, nhắc nhở và xử lý theo quy định.',
];
const REJECTIONS = [
  'Nội dung không thuộc thẩm quyền giải quyết của thành phố; đề nghị liên hệ đơn vị quản lý tòa nhà.',
  'Đã kiểm tra tại vị trí phản ánh nhưng không phát hiện sự việc như nội dung phản ánh.',
];
const QUESTIONS = ['Đề nghị bạn cho biết số nhà hoặc mốc gần nhất để tổ công tác tìm đúng vị trí.'];
const REPLIES = ['Đối diện số 25, gần cổng chợ.', 'Ngay đầu ngõ, cạnh cột điện có biển số.'];

/** A number from a report's id, so each report's fate and pauses stay the same across ticks. */
function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}
const pickOf = <T>(items: readonly T[], u: number): T => items[Math.floor(u * items.length) % items.length] as T;

function pickService(random: Random): string {
  let u = random.next();
  for (const [code, share] of Object.entries(SHARE)) if ((u -= share) < 0) return code;
  return 'road-damage';
}

export interface DemoReports {
  stop(): void;
}

/** Starts the demo citizens (a report about every `everyMs`) and the duty officers; 0 = neither. */
export function startDemoReports(reports: ReportsService, log: Logger, options: { everyMs: number }): DemoReports {
  if (options.everyMs <= 0) return { stop: () => undefined };
  const random = createRandom(20_261_206);
  const wards = callWards();
  const network = roadNetwork();
  const codes = new Set(reports.services().map((s) => s.code));
  let last = Date.now();
  let busy = false;
  /** The demo citizens' reports of this run, the only ones the demo officers touch. */
  const made = new Set<string>();

  const report = async () => {
    const code = pickService(random);
    if (!codes.has(code)) return;
    const service = reports.services().find((s) => s.code === code);
    // About one in ten is a neighbour reporting what is already open nearby.
    const open = random.chance(0.1) ? await reports.queue(TENANT, { state: 'submitted', limit: 50 }) : [];
    const same = open.find((r) => r.serviceCode === code && r.location);
    const place = same?.location
      ? { location: [same.location[0] + 0.0004, same.location[1] + 0.0003] as const, address: same.address ?? '' }
      : callPlace(random, wards, network);
    const attributes: Record<string, string> = {};
    for (const a of service?.attributes ?? []) {
      if (a.required && a.values && a.values.length > 0) attributes[a.code] = pickOf(a.values, random.next()).key;
    }
    const created = await reports.create(
      TENANT,
      {
        serviceCode: code,
        ...(service?.question ? {} : { location: place.location }),
        ...(place.address ? { addressString: place.address } : {}),
        description: pickOf(SAYINGS[code] ?? ['Đề nghị thành phố kiểm tra'], random.next()),
        attributes,
        contact: { email: `cu-dan-${Math.floor(random.uniform(100, 999))}@demo.invalid` },
        mediaUrls: [],
        mediaIds: [],
        channel: 'web',
        language: 'vi',
      },
      { clientIp: 'demo' },
    );
    made.add(created.id);
  };

  /** What a duty officer does with one report now; nothing while its pause has not passed. */
  const work = async (r: StaffReport, now: number) => {
    const u = hashOf(r.id);
    if (!made.has(r.id) || u < LEFT_FOR_HUMANS) return;
    const age = now - Date.parse(r.requestedAt);
    const since = now - Date.parse(r.updatedAt);
    if (r.state === 'submitted' && age > (2 + u * 18) * 60_000) {
      const dup = (await reports.nearby(TENANT, r.location ?? [0, 0], r.serviceCode, 100, r.id).catch(() => [])).find(
        (d) => Date.parse(d.requestedAt) < Date.parse(r.requestedAt),
      );
      if (dup) await reports.merge(TENANT, OFFICER, r.id, dup.id);
      else if (u > 0.93) await reports.ask(TENANT, OFFICER, r.id, pickOf(QUESTIONS, u));
      else await reports.receive(TENANT, OFFICER, r.id);
    } else if (r.state === 'waiting' && since > (5 + u * 10) * 60_000) {
      await reports.supplement(TENANT, 'reporter', r.id, { text: pickOf(REPLIES, u) });
    } else if (r.state === 'received' && since > (10 + u * 80) * 60_000) {
      if (u > 0.88) await reports.reject(TENANT, OFFICER, r.id, pickOf(REJECTIONS, u));
      else await reports.resolve(TENANT, OFFICER, r.id, { answer: pickOf(ANSWERS, u) });
    }
  };

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = Date.now();
      // A report about every everyMs, as a Poisson process over the ticks.
      const expected = (now - last) / options.everyMs;
      last = now;
      if (random.chance(Math.min(1, expected))) {
        // The demo's citizens are one source: past REPORTS_RATE_LIMIT they wait like anyone else.
        await report().catch((err: unknown) => {
          if (!(err instanceof AppError && err.code === 'REPORTS_RATE_LIMITED')) throw err;
        });
      }
      for (const r of await reports.queue(TENANT, { limit: 200 })) {
        try {
          await work(r, now);
        } catch (err) {
          // A person at the page acted first (the state moved on): that report is theirs now.
          if (!(err instanceof AppError && err.status < 500)) throw err;
        }
      }
    } catch (err) {
      log.warn({ err }, 'demo citizen reports: a tick failed');
    } finally {
      busy = false;
    }
  };

  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
