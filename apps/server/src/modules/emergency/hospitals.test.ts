import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { demoEmergencyRoster } from '../../demo/emergency.js';
import { emergencyModule, type Hospital } from './index.js';

/**
 * Receiving hospitals by the patient's condition, through the API over the city's real hospitals (OSM,
 * apps/server/data/city/emergency.json): a cardiac call gets a hospital with cardiac care first, never
 * an eye or dental hospital before a general one; an administrator's capabilities hold over the roster's.
 */

const BASE = '/api/v1/emergency';
const BA_DINH: [number, number] = [105.8275, 21.0355]; // Ba Đình, near Kim Mã
const SPECIALIST_ONLY = ['eye', 'dental', 'dermatology', 'traditional', 'psychiatric'];

interface Choice {
  hospital: Hospital;
  seconds: number;
  suitable: boolean;
  why: { vi: string; en: string };
}

describeEachDriver('receiving hospitals by condition', (ctx) => {
  let app: App;
  let admin: Account;
  let viewer: Account;
  const roster = demoEmergencyRoster();

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    viewer = await accountWith(app, ['viewer'], '');
    const centre = app.modules.get(emergencyModule);
    // Every bed free: the ranking alone is under test.
    for (const h of roster.hospitals) await centre.upsertHospital('', { ...h, bedsFree: 5 });
  });
  after(async () => {
    await app.http.close();
  });

  const get = async (query: string) => {
    const res = await app.http.inject({ method: 'GET', url: `${BASE}/hospitals?${query}`, headers: viewer.auth });
    return { res, body: res.json<{ care?: string; hospitals: Choice[] }>() };
  };
  const isSpecialistOnly = (h: Hospital) =>
    !h.capabilities?.includes('general') && h.capabilities?.some((c) => SPECIALIST_ONLY.includes(c)) === true;

  it('suggests a hospital with cardiac care first for a cardiac call, never an eye hospital before a general one', async () => {
    const { res, body } = await get(`lon=${BA_DINH[0]}&lat=${BA_DINH[1]}&type=CARDIAC`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(body.care, 'cardiac');
    const first = body.hospitals[0]!;
    assert.ok(first.hospital.capabilities?.includes('cardiac'), `first is ${first.hospital.name}, not a cardiac one`);
    assert.match(first.why.vi, /cấp cứu tim mạch/);
    const firstGeneral = body.hospitals.findIndex((c) => c.hospital.capabilities?.includes('general'));
    assert.ok(firstGeneral > 0, 'a general hospital is among the suggestions');
    const before = body.hospitals.slice(0, firstGeneral);
    assert.ok(!before.some((c) => isSpecialistOnly(c.hospital)), 'no specialist-only hospital before a general one');
  });

  it('puts specialist-only hospitals last, marked not suitable, not hidden', async () => {
    // The trial's drowning child: near the city's eye and dental hospitals.
    const { body } = await get(`lon=105.8460&lat=21.0220&type=DROWNING`);
    assert.equal(body.care, 'emergency');
    assert.ok(body.hospitals[0]!.hospital.capabilities?.includes('general'), 'a general hospital first');
    assert.ok(body.hospitals[0]!.suitable, 'the first is suitable');
    const unsuitable = body.hospitals.findIndex((c) => !c.suitable);
    assert.ok(unsuitable > 0, 'some hospitals are marked not suitable');
    assert.ok(
      body.hospitals.slice(unsuitable).every((c) => !c.suitable),
      'every unsuitable hospital after every suitable one',
    );
    // The eye and dental hospitals nearer than the last suggestion are there, last, each saying why.
    const tail = body.hospitals.filter((c) => isSpecialistOnly(c.hospital));
    assert.ok(tail.length > 0, 'the nearby specialist hospitals are listed');
    for (const c of tail) {
      assert.equal(c.suitable, false, `${c.hospital.name} is not suitable`);
      assert.match(c.why.en, /not suitable/, `${c.hospital.name} says why`);
    }
  });

  it('tells two campuses of one name apart by where they stand', async () => {
    const centre = app.modules.get(emergencyModule);
    const name = 'Bệnh viện Tim Thử Hai Cơ Sở';
    const campuses: [string, [number, number]][] = [
      ['test-tim-1', [105.828, 21.036]],
      ['test-tim-2', [105.8365, 21.0285]],
    ];
    for (const [id, location] of campuses) {
      await centre.upsertHospital('', {
        id,
        name,
        location,
        bedsFree: 5,
        capabilities: ['general', 'emergency', 'cardiac'],
      });
    }
    const { res, body } = await get(`lon=${BA_DINH[0]}&lat=${BA_DINH[1]}&type=CARDIAC`);
    assert.equal(res.statusCode, 200, res.body);
    const both = body.hospitals.filter((c) => c.hospital.name === name) as (Choice & {
      place?: { street?: string; ward?: string };
    })[];
    assert.equal(both.length, 2, 'both campuses are offered');
    const [one, two] = both.map((c) => [c.place?.street, c.place?.ward].filter(Boolean).join(', '));
    assert.ok(one && two, `each says where it is: ${one} / ${two}`);
    assert.notEqual(one, two, 'and the places differ');
  });

  it('refuses an unknown incident type with a coded error', async () => {
    const { res } = await get(`lon=${BA_DINH[0]}&lat=${BA_DINH[1]}&type=NOPE`);
    assert.equal(res.statusCode, 400);
    assert.equal(problemOf(res).code, 'EMERGENCY_TYPE_UNKNOWN');
  });

  it("lets an administrator set a hospital's capabilities, kept when the roster is told again", async () => {
    const eye = roster.hospitals.find((h) => h.capabilities?.includes('eye'))!;
    const put = (id: string, payload: unknown, who = admin) =>
      app.http.inject({
        method: 'PUT',
        url: `${BASE}/hospitals/${id}/capabilities`,
        headers: who.auth,
        payload: payload as object,
      });
    const denied = await put(eye.id, { capabilities: ['emergency', 'general'] }, viewer);
    assert.equal(denied.statusCode, 403, 'a viewer may not');
    const bad = await put(eye.id, { capabilities: ['teleportation'] });
    assert.equal(bad.statusCode, 400, bad.body);
    const missing = await put('no-such-hospital', { capabilities: ['general'] });
    assert.equal(missing.statusCode, 404);
    assert.equal(problemOf(missing).code, 'EMERGENCY_HOSPITAL_NOT_FOUND');
    const centre = app.modules.get(emergencyModule);
    assert.deepEqual(
      (await centre.hospitals('')).find((h) => h.id === eye.id)?.capabilities,
      eye.capabilities,
      'refusals changed nothing',
    );

    const ok = await put(eye.id, { capabilities: ['general', 'emergency', 'eye'] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json<Hospital>().capabilities, ['emergency', 'eye', 'general']);
    await centre.upsertHospital('', { ...eye, bedsFree: 5 });
    assert.deepEqual(
      (await centre.hospitals('')).find((h) => h.id === eye.id)?.capabilities,
      ['emergency', 'eye', 'general'],
      "the administrator's word holds over the roster's",
    );
  });
});
