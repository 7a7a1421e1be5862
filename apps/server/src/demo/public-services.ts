import type { Logger } from 'pino';
import { PDFDocument } from 'pdf-lib';
import { cityWards } from '../modules/city/index.js';
import { bankConfirmation, DEMO_PAYEE, type PaymentsService } from '../modules/payments/index.js';
import {
  HANOI_AGENCIES,
  HANOI_PROCEDURES,
  type DossierService,
  type ProcedureCatalogue,
  type StaffAction,
} from '../modules/services/index.js';
import { isAppError } from '../platform/errors.js';
import { createRandom } from '../simulator/random.js';

/**
 * The demo's applicants and one-stop officers for online public services (DEMO=on only). The
 * catalogue is seeded with Hà Nội's procedures (svc-proc's hanoi-procedures). Every few minutes a
 * fictitious citizen files a dossier over the public API, as the citizens' page does — a permit for a
 * house, a copy of a birth extract, a confirmation of residence — with its documents uploaded; some
 * pay their fee at once through the bank: the demo's bank signs a confirmation and POSTs it to the
 * payments webhook over HTTP, as a bank does. Officers (the centre's and the agencies', with people's names)
 * then move the demo's dossiers along after human-like pauses: receive, start, hand off step by step,
 * now and then ask for a supplement that the applicant supplies a while later, make the result (signed)
 * and return it. About one dossier in six is left for the people at the officers' page.
 */

const TENANT = '';
const TICK_MS = 20_000;
/** The demo's officers: people's names on the timeline and the papers, as a real account has them. */
const ONE_STOP_OFFICER = { id: 'demo:officer', name: 'demo.motcua', displayName: 'Đỗ Thị Lan', roles: ['officer'] };
const AGENCY_OFFICER = {
  id: 'demo:agency-officer',
  name: 'demo.chuyenvien',
  displayName: 'Trần Quang Minh',
  roles: ['officer'],
};
const ONE_STOP_CENTRE = 'trung-tam-phvhcc';
const LEFT_FOR_HUMANS = 1 / 6;
const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Minh Châu', 'Phạm Thu Dung', 'Hoàng Đức Em', 'Vũ Thị Giang'];
const STREETS = ['Hàng Bạc', 'Lý Thường Kiệt', 'Kim Mã', 'Nguyễn Trãi', 'Giải Phóng', 'Lạc Long Quân'];

interface Kind {
  readonly procedure: string;
  readonly share: number;
  readonly documents: readonly string[];
  values(person: Person): Record<string, string | number | boolean>;
}

interface Person {
  readonly name: string;
  readonly idNumber: string;
  readonly phone: string;
  readonly address: string;
  readonly ward: string;
}

const requester = (p: Person) => ({
  requesterName: p.name,
  requesterIdNumber: p.idNumber,
  requesterPhone: p.phone,
  requesterAddress: p.address,
  residenceWard: p.ward,
});

const KINDS: readonly Kind[] = [
  {
    procedure: 'HN.XD.GPXD-NO',
    share: 0.3,
    documents: ['giay-to-dat', 'ban-ve-thiet-ke'],
    values: (p) => ({
      ...requester(p),
      plotWard: p.ward,
      plotAddress: p.address,
      landCertificateNumber: 'CS 0' + p.idNumber.slice(-5),
      workKind: 'xay-moi',
      plotAreaM2: 60,
      floorAreaM2: 220,
      floors: 4,
      truthful: true,
    }),
  },
  {
    procedure: '2.000635',
    share: 0.4,
    documents: [],
    values: (p) => ({ ...requester(p), recordKind: 'khai-sinh', recordPerson: p.name, forSelf: true, copies: 2 }),
  },
  {
    procedure: 'HN.CA.XNCT',
    share: 0.3,
    documents: [],
    values: (p) => ({ ...requester(p), purpose: 'Bổ sung hồ sơ xin việc', includeHousehold: false }),
  },
];

export interface DemoServices {
  stop(): void;
  /** One round: maybe a new dossier, and the steps that are due (the timer runs it; tests too). */
  tick(): Promise<void>;
}

interface Tracked {
  readonly code: string;
  readonly token: string;
  readonly fate: number;
  nextAt: number;
  supplemented: boolean;
}

/** Seeds the catalogue and the demo officer's agencies (once per start; idempotent). */
export async function seedDemoServices(catalogue: ProcedureCatalogue, dossiers: DossierService): Promise<void> {
  await catalogue.seed(TENANT, HANOI_PROCEDURES, HANOI_AGENCIES);
  const agencies = (await catalogue.agencies(TENANT)).map((a) => a.code);
  // The centre's officer receives and returns; the agencies' one handles the steps of all the others.
  await dossiers.setStaff(TENANT, ONE_STOP_OFFICER.id, [ONE_STOP_CENTRE]);
  await dossiers.setStaff(
    TENANT,
    AGENCY_OFFICER.id,
    agencies.filter((a) => a !== ONE_STOP_CENTRE),
  );
}

async function samplePdf(title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([420, 595]).drawText(title, { x: 40, y: 540, size: 14 });
  return doc.save();
}

/** A round of the demo every this long. */
export const DEMO_TICK_MS = TICK_MS;

export function startDemoServices(
  deps: { dossiers: DossierService; payments: PaymentsService; baseUrl: string; log: Logger },
  options: { everyMs: number; now?: () => number; timer?: boolean },
): DemoServices {
  if (options.everyMs <= 0) return { stop: () => undefined, tick: async () => undefined };
  const clock = options.now ?? (() => Date.now());
  const { dossiers, payments, baseUrl, log } = deps;
  const random = createRandom(0x5e41ce5);
  const wards = cityWards().slice(0, 30);
  const open: Tracked[] = [];
  let busy = false;
  let transactions = 0;

  const post = async (path: string, init: { body: string | FormData; headers?: Record<string, string> }) => {
    const res = await fetch(`${baseUrl}${path}`, { method: 'POST', ...init });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };

  const file = async () => {
    let pick = random.next();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- KINDS[0] exists
    const kind = KINDS.find((k) => (pick -= k.share) < 0) ?? (KINDS[0] as Kind);
    const n = Math.floor(random.next() * 1e6);
    const ward = wards[n % wards.length] as { code: string };
    const person: Person = {
      name: NAMES[n % NAMES.length] as string,
      idNumber: `0010${String(80 + (n % 20))}${String(n).padStart(6, '0')}`,
      phone: `09${String(10_000_000 + (n % 89_999_999)).padStart(8, '0')}`,
      address: `${1 + (n % 200)} ${STREETS[n % STREETS.length]}`,
      ward: ward.code,
    };
    const documents = [];
    for (const code of kind.documents) {
      const form = new FormData();
      form.append('document', code);
      form.append('file', new Blob([Buffer.from(await samplePdf(code))], { type: 'application/pdf' }), `${code}.pdf`);
      const up = await post('/api/v1/services/uploads', { body: form });
      documents.push({ code, uploadId: up['id'] as string });
    }
    const filed = await post('/api/v1/services/dossiers', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        procedure: kind.procedure,
        applicant: {
          kind: 'citizen',
          name: person.name,
          idNumber: person.idNumber,
          phone: person.phone,
          address: person.address,
        },
        values: kind.values(person),
        documents,
        language: 'vi',
      }),
    });
    const code = filed['code'] as string;
    const fee = filed['fee'] as { totalVnd: number; payment?: { reference: string } };
    // Most pay at once with their bank app; the bank tells the city through the signed webhook.
    if (fee.payment && random.next() < 0.8) {
      const confirmation = bankConfirmation(payments.settings.webhookSecret, {
        transactionId: `DEMO${clock()}${++transactions}`,
        reference: `${fee.payment.reference} ${code}`,
        amountVnd: fee.totalVnd,
        paidAt: new Date().toISOString(),
        accountNumber: DEMO_PAYEE.account,
      });
      await post(confirmation.url, { headers: confirmation.headers, body: confirmation.payload });
    }
    open.push({
      code,
      token: filed['token'] as string,
      fate: random.next(),
      nextAt: clock() + pause(),
      supplemented: false,
    });
  };

  // Officers take a while: a couple of minutes to a quarter of an hour between steps.
  const pause = () => (2 + random.next() * 12) * 60_000;

  // The officer of the agency holding the dossier acts: the centre's first, else the agencies' one.
  const act = async (code: string, action: StaffAction, body: Record<string, unknown> = {}) => {
    const input = { action, ...body } as Parameters<DossierService['act']>[2];
    try {
      return await dossiers.act(TENANT, code, input, ONE_STOP_OFFICER);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'SERVICES_NOT_YOURS') throw err;
      return dossiers.act(TENANT, code, input, AGENCY_OFFICER);
    }
  };

  const step = async (t: Tracked): Promise<boolean> => {
    if (t.fate < LEFT_FOR_HUMANS) return true;
    const d = await dossiers.track(TENANT, t.code);
    switch (d.state) {
      case 'submitted':
        await act(t.code, 'receive');
        return false;
      case 'received':
        await act(t.code, 'start');
        return false;
      case 'processing':
        if (!t.supplemented && t.fate > 0.85) {
          await act(t.code, 'request-supplement', {
            items: ['Bản chụp giấy tờ tùy thân rõ nét hơn'],
            note: 'Ảnh chụp giấy tờ bị mờ, đề nghị bổ sung.',
          });
          return false;
        }
        try {
          await act(t.code, 'hand-off');
        } catch (err) {
          // The last step: the result.
          if (!isAppError(err) || err.code !== 'SERVICES_LAST_STEP') throw err;
          await act(t.code, 'result', {
            title: 'KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
            body: [`Hồ sơ ${t.code} đã được giải quyết.`],
          });
        }
        return false;
      case 'supplement':
        t.supplemented = true;
        await dossiers.supplement(TENANT, t.code, true, { note: 'Đã chụp lại giấy tờ.' });
        return false;
      case 'result-ready':
        try {
          await act(t.code, 'return');
        } catch (err) {
          // Not paid by QR: the applicant pays at the counter when collecting, then gets the result.
          if (!isAppError(err) || err.code !== 'SERVICES_FEE_UNPAID') throw err;
          const receipt = `BL${t.code.replace(/\D/g, '').slice(-8)}`;
          try {
            await dossiers.feePaidAtCounter(TENANT, t.code, receipt, { ...ONE_STOP_OFFICER, roles: ['officer'] });
          } catch (err2) {
            if (!isAppError(err2) || err2.code !== 'SERVICES_NOT_YOURS') throw err2;
            await dossiers.feePaidAtCounter(TENANT, t.code, receipt, { ...AGENCY_OFFICER, roles: ['officer'] });
          }
          await act(t.code, 'return');
        }
        return true;
      case 'returned':
      case 'rejected':
      case 'stopped':
      case 'withdrawn':
        return true;
    }
  };

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      // A dossier about every everyMs, as a Poisson process over the ticks.
      if (random.next() < TICK_MS / options.everyMs) await file();
      const now = clock();
      for (const t of [...open]) {
        if (t.nextAt > now) continue;
        try {
          const done = await step(t);
          t.nextAt = now + pause();
          if (done) open.splice(open.indexOf(t), 1);
        } catch (err) {
          // An unpaid full-process dossier waits for its fee; anything else is said and dropped.
          if (isAppError(err) && err.code === 'SERVICES_FEE_UNPAID') {
            t.nextAt = now + pause();
            continue;
          }
          log.warn({ err, code: t.code }, 'demo public services: a step failed');
          open.splice(open.indexOf(t), 1);
        }
      }
    } catch (err) {
      log.warn({ err }, 'demo public services: a tick failed');
    } finally {
      busy = false;
    }
  };

  if (options.timer === false) return { stop: () => undefined, tick };
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer), tick };
}
