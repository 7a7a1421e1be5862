import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NFPA_TARGETS,
  incidentIntervals,
  intervalReport,
  intervalReportCsv,
  nearestRank,
  type IntervalGroup,
  type IntervalName,
} from './intervals.js';
import type { Agency, Call, Incident, IncidentRecord, UnitKind, UnitResponse } from './model.js';

/** Hanoi times on one morning: "08:00:00" → 2026-12-04T08:00:00+07:00. */
const at = (clock: string) => `2026-12-04T${clock}+07:00`;

function call(id: string, answered: string, over: Partial<Call> = {}): Call {
  return {
    id,
    incidentId: 'inc-1',
    phone: '0912345678',
    answeredAt: at(answered),
    loggedAt: at(answered),
    language: 'vi',
    text: '',
    location: [105.85, 21.03],
    ...over,
  };
}

function unit(
  unitId: string,
  agency: Agency,
  kind: UnitKind,
  times: { sent: string; enRoute?: string; onScene?: string; cleared?: string },
): UnitResponse {
  return {
    unitId,
    agency,
    kind,
    dispatchedAt: at(times.sent),
    ...(times.enRoute ? { enRouteAt: at(times.enRoute) } : {}),
    ...(times.onScene ? { onSceneAt: at(times.onScene) } : {}),
    ...(times.cleared ? { clearedAt: at(times.cleared) } : {}),
  };
}

function record(over: Partial<Incident>, calls: readonly Call[], responses: readonly UnitResponse[]): IncidentRecord {
  const incident: Incident = {
    id: 'inc-1',
    number: '2026-000001',
    typeCode: 'FSTRU',
    group: 'fire_rescue',
    priority: 1,
    agencies: ['fire'],
    status: 'closed',
    location: [105.85, 21.03],
    ward: 'Hàng Bạc',
    createdAt: at('08:00:40'),
    ...over,
  };
  return { incident, calls, responses, timeline: [] };
}

/** A house fire: answered 08:00:00, made 08:00:40, engine sent 08:01:10, rolling 08:02:25, there 08:06:00. */
const houseFire = () =>
  record(
    { closedAt: at('09:00:00') },
    // The second caller is listed first: the first answered counts, not the first listed.
    [call('c2', '08:00:30'), call('c1', '08:00:00')],
    [
      unit('ladder', 'fire', 'ladder_truck', {
        sent: '08:01:20',
        enRoute: '08:02:00',
        onScene: '08:05:30',
        cleared: '08:50:00',
      }),
      unit('engine', 'fire', 'fire_engine', {
        sent: '08:01:10',
        enRoute: '08:02:25',
        onScene: '08:06:00',
        cleared: '08:40:00',
      }),
    ],
  );

const statsOf = (group: IntervalGroup, name: IntervalName) => {
  const found = group.intervals.find((s) => s.interval === name);
  assert.ok(found, `no ${name} row`);
  return found;
};

describe('emergency intervals: duplicates', () => {
  it('leaves out an incident closed as a duplicate of another', () => {
    const report = intervalReport(
      [houseFire(), { ...houseFire(), incident: { ...houseFire().incident, id: 'inc-2', disposition: 'duplicate' } }],
      'type',
      NFPA_TARGETS,
    );
    assert.equal(report.city.incidents, 1);
  });
});

describe('emergency intervals: one incident', () => {
  it('measures the fire and the ambulance turnout apart, each from its own first unit', () => {
    const both = record(
      {},
      [call('c1', '08:00:00')],
      [
        // Sent together: the engine listed first, the ambulance turned out first.
        unit('engine', 'fire', 'fire_engine', { sent: '08:01:00', enRoute: '08:02:10' }),
        unit('amb', 'medical', 'ambulance', { sent: '08:01:00', enRoute: '08:01:50' }),
        unit('patrol', 'police', 'police_patrol', { sent: '08:00:50', enRoute: '08:01:00' }),
      ],
    );
    const got = incidentIntervals(both);
    assert.equal(got.turnoutFire, 70);
    assert.equal(got.turnoutEms, 50);
    assert.equal(got.turnoutKind, 'police', 'the patrol was sent first, and has no NFPA turnout');
  });

  it('measures each interval to the second from the first call, first dispatch and first arrival', () => {
    assert.deepEqual(incidentIntervals(houseFire()), {
      answerToCreate: 40, // 08:00:00 → 08:00:40
      createToDispatch: 30, // → 08:01:10, the engine, sent first
      processing: 70, // 08:00:00 → 08:01:10
      turnout: 75, // the engine's own 08:01:10 → 08:02:25, not the ladder's quicker roll-out
      turnoutKind: 'fire',
      turnoutFire: 75,
      travel: 210, // the ladder arrived first: 08:02:00 → 08:05:30
      onSceneToClear: 2670, // 08:05:30 → the last unit cleared 08:50:00
    });
  });

  it('holds an ambulance first out to the EMS turnout', () => {
    const r = record(
      { typeCode: 'SICK', agencies: ['medical'] },
      [call('c1', '08:00:00')],
      [unit('amb', 'medical', 'ambulance', { sent: '08:01:00', enRoute: '08:01:45' })],
    );
    const i = incidentIntervals(r);
    assert.equal(i.turnout, 45);
    assert.equal(i.turnoutKind, 'ems');
    assert.equal(i.travel, undefined);
  });

  it('leaves out what it cannot measure: no call, no unit, a unit never en route, a clock that runs backwards', () => {
    assert.deepEqual(incidentIntervals(record({ status: 'pending' }, [], [])), {});
    const r = record(
      { closedAt: at('08:30:00') },
      [call('c1', '08:00:50')],
      [
        // Dispatched before the call was answered (a device clock): processing is left out, not negative.
        unit('engine', 'fire', 'fire_engine', { sent: '08:00:45', onScene: '08:07:00' }),
      ],
    );
    const i = incidentIntervals(r);
    assert.equal(i.answerToCreate, undefined, 'created 08:00:40, before the answer at 08:00:50');
    assert.equal(i.processing, undefined);
    assert.equal(i.createToDispatch, 5);
    assert.equal(i.turnout, undefined, 'never reported en route');
    assert.equal(i.travel, undefined);
    // The unit never reported clear: the close ends the time on scene.
    assert.equal(i.onSceneToClear, 23 * 60);
  });

  it('still on scene and not closed: no on scene → clear yet', () => {
    const r = record(
      { status: 'on_scene' },
      [call('c1', '08:00:00')],
      [unit('engine', 'fire', 'fire_engine', { sent: '08:01:00', enRoute: '08:02:00', onScene: '08:05:00' })],
    );
    assert.equal(incidentIntervals(r).onSceneToClear, undefined);
    assert.equal(incidentIntervals(r).travel, 180);
  });
});

describe('emergency intervals: percentiles and the report', () => {
  it('takes nearest-rank percentiles', () => {
    const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    assert.equal(nearestRank(ten, 50), 50); // rank ⌈5⌉ = 5
    assert.equal(nearestRank(ten, 90), 90); // rank 9
    const seven = [1, 2, 3, 4, 5, 6, 7];
    assert.equal(nearestRank(seven, 50), 4); // rank ⌈3.5⌉ = 4
    assert.equal(nearestRank(seven, 90), 7); // rank ⌈6.3⌉ = 7
    assert.equal(nearestRank([42], 90), 42);
    assert.equal(nearestRank([], 50), null);
  });

  it('reports per type, the whole city, counts, shares within target and whether p90 meets it', () => {
    // Ten fires whose engine travels 100, 150, …, 550 s, and one medical call with no unit yet.
    const fires = Array.from({ length: 10 }, (_, k) => {
      const arrive = new Date(Date.parse(at('08:02:00')) + (100 + 50 * k) * 1000).toISOString();
      return record(
        { id: `f${k}` },
        [call(`c${k}`, '08:00:00')],
        [{ ...unit('engine', 'fire', 'fire_engine', { sent: '08:01:00', enRoute: '08:02:00' }), onSceneAt: arrive }],
      );
    });
    const waiting = record(
      { id: 'm1', typeCode: 'SICK', agencies: ['medical'], status: 'pending' },
      [call('m', '08:00:00')],
      [],
    );
    const report = intervalReport([...fires, waiting], 'type', NFPA_TARGETS);

    assert.equal(report.percentileMethod, 'nearest-rank');
    assert.deepEqual(
      report.groups.map((g) => [g.key, g.incidents]),
      [
        ['FSTRU', 10],
        ['SICK', 1],
      ],
    );
    const travel = statsOf(report.groups[0]!, 'travel');
    assert.equal(travel.count, 10);
    assert.equal(travel.p50, 300); // rank 5 of 100…550
    assert.equal(travel.p90, 500); // rank 9
    assert.equal(travel.target, 240);
    assert.equal(travel.withinTarget, 0.3); // 100, 150, 200
    assert.equal(travel.meetsTarget, false);
    const turnout = statsOf(report.groups[0]!, 'turnoutFire');
    assert.deepEqual([turnout.count, turnout.p90, turnout.target, turnout.meetsTarget], [10, 60, 80, true]);
    assert.equal(statsOf(report.groups[0]!, 'turnoutEms').count, 0);

    // The waiting call counts as an incident but has only answer → create.
    const sick = report.groups[1]!;
    assert.equal(statsOf(sick, 'answerToCreate').count, 1);
    assert.equal(statsOf(sick, 'createToDispatch').count, 0);
    assert.equal(statsOf(sick, 'createToDispatch').p90, null);
    assert.equal(statsOf(sick, 'createToDispatch').meetsTarget, null);

    // Targets from configuration replace the defaults; processing, not given, stays NFPA's 60 s.
    const { processing: _omitted, ...configured } = { ...NFPA_TARGETS, travel: 480 };
    const lenient = intervalReport(fires, 'type', configured);
    assert.equal(statsOf(lenient.groups[0]!, 'travel').meetsTarget, false); // p90 500 > 480
    assert.equal(statsOf(lenient.groups[0]!, 'travel').withinTarget, 0.8);
    assert.equal(statsOf(lenient.groups[0]!, 'processing').target, 60);
    assert.equal(lenient.targets.processing, 60);

    assert.equal(report.city.key, 'all');
    assert.equal(report.city.incidents, 11);
    assert.equal(statsOf(report.city, 'answerToCreate').count, 11);
    assert.equal(statsOf(report.city, 'onSceneToClear').target, null);
  });

  it('by agency measures each agency from its own units, and by ward puts unplaced incidents under unknown', () => {
    const crash = record(
      { typeCode: 'MVAINJY', agencies: ['police', 'medical'], ward: undefined },
      [call('c1', '08:00:00')],
      [
        unit('patrol', 'police', 'police_patrol', { sent: '08:01:00', enRoute: '08:01:20', onScene: '08:04:20' }),
        unit('amb', 'medical', 'ambulance', { sent: '08:02:00', enRoute: '08:03:30', onScene: '08:09:30' }),
      ],
    );
    const byAgency = intervalReport([crash], 'agency', NFPA_TARGETS);
    assert.deepEqual(
      byAgency.groups.map((g) => g.key),
      ['medical', 'police'],
    );
    const medical = byAgency.groups[0]!;
    assert.equal(statsOf(medical, 'createToDispatch').p50, 80); // 08:00:40 → 08:02:00
    assert.equal(statsOf(medical, 'turnoutEms').p50, 90);
    assert.equal(statsOf(medical, 'travel').p50, 360);
    const police = byAgency.groups[1]!;
    // NFPA sets no turnout for police patrols: none is reported against the fire target.
    assert.equal(statsOf(police, 'turnoutFire').count, 0);
    assert.equal(statsOf(police, 'travel').p50, 180);
    // The city row takes the first unit of any agency.
    assert.equal(statsOf(byAgency.city, 'travel').p50, 180);

    const byWard = intervalReport([crash, houseFire()], 'ward', NFPA_TARGETS);
    assert.deepEqual(
      byWard.groups.map((g) => g.key),
      ['Hàng Bạc', 'unknown'],
    );
  });
});

/** A strict RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF only. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // A quoted field runs to the quote that is not doubled.
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        assert.ok(q >= 0, 'unterminated quote');
        field += text.slice(j, q);
        if (text[q + 1] === '"') {
          field += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r') {
      assert.equal(text[i + 1], '\n', 'a CR not followed by LF');
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      assert.notEqual(ch, '\n', 'a bare LF line end');
      field += ch;
      i++;
    }
  }
  assert.equal(field, '', 'the last record ends with CRLF');
  return rows;
}

describe('emergency intervals: CSV', () => {
  it('writes RFC 4180 that reads back to the report, quoting a ward with a comma and a quote', () => {
    const odd = 'Phường "Mới", Hà Nội';
    const report = intervalReport(
      [houseFire(), record({ id: 'x', ward: odd }, [call('c', '08:00:00')], [])],
      'ward',
      NFPA_TARGETS,
    );
    const csv = intervalReportCsv(report);
    assert.ok(csv.includes('"Phường ""Mới"", Hà Nội"'), 'csv.includes(\'"Phường ""Mới"", Hà Nội"\')');
    assert.ok(csv.startsWith('\uFEFF'), 'starts with a UTF-8 BOM, so a spreadsheet reads "Phường" right');
    const rows = parseCsv(csv.slice(1));
    assert.deepEqual(rows[0], [
      'group_by',
      'group',
      'incidents',
      'interval',
      'count',
      'p50_s',
      'p90_s',
      'target_s',
      'within_target_share',
      'meets_target',
    ]);
    // The city and two wards, seven intervals each.
    assert.equal(rows.length, 1 + 3 * 7);
    assert.ok(
      rows.every((r) => r.length === 10),
      'rows.every((r) => r.length === 10)',
    );
    const oddRows = rows.filter((r) => r[1] === odd);
    assert.equal(oddRows.length, 7);
    const travel = rows.find((r) => r[1] === 'Hàng Bạc' && r[3] === 'travel');
    assert.deepEqual(travel, ['ward', 'Hàng Bạc', '1', 'travel', '1', '210', '210', '240', '1', 'true']);
    const unmeasured = rows.find((r) => r[1] === odd && r[3] === 'travel');
    assert.deepEqual(unmeasured, ['ward', odd, '1', 'travel', '0', '', '', '240', '', '']);
    assert.deepEqual(rows[1]!.slice(0, 4), ['city', 'all', '2', 'answerToCreate']);
  });

  it('shows a group that starts like a formula as text, never as a formula to run', () => {
    const report = intervalReport(
      [houseFire(), record({ id: 'f', ward: '=HYPERLINK("https://x.example","Xem")' }, [call('c', '08:00:00')], [])],
      'ward',
      NFPA_TARGETS,
    );
    const rows = parseCsv(intervalReportCsv(report));
    assert.equal(rows.filter((r) => r[1] === `'=HYPERLINK("https://x.example","Xem")`).length, 7);
    assert.ok(!rows.some((r) => /^[=+\-@]/.test(r[1] ?? '')), "!rows.some((r) => /^[=+\\-@]/.test(r[1] ?? ''))");
  });
});
