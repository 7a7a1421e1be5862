import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INCIDENT_TYPES, incidentType } from './catalogue.js';
import { COMMON_INCIDENT_TYPES } from './eido.js';
import { AGENCIES, CAPABILITIES, INCIDENT_GROUPS } from './model.js';
import { fold, inCity, reversePlace, suggestPlaces, wardAt } from './places.js';
import { testConfig } from '../../../test/support/app.js';

describe('the common list of incident types', () => {
  it('names only known codes, groups, agencies and capabilities, and gives every type a procedure', () => {
    const codes = new Set(INCIDENT_TYPES.map((t) => t.code));
    assert.equal(codes.size, INCIDENT_TYPES.length, 'codes are unique');
    for (const t of INCIDENT_TYPES) {
      assert.ok(INCIDENT_GROUPS.includes(t.group), t.code);
      assert.ok(t.agencies.length > 0 && t.agencies.every((a) => AGENCIES.includes(a)), t.code);
      assert.ok(t.runCard.length > 0, `${t.code} sends someone`);
      for (const line of t.runCard) {
        assert.ok(line.count > 0 && line.anyOf.every((c) => CAPABILITIES.includes(c)), t.code);
      }
      assert.ok(
        COMMON_INCIDENT_TYPES.has(t.commonCode),
        `${t.code} goes out under ${t.commonCode}, not in the register`,
      );
      assert.ok(t.compatible.includes(t.code), `${t.code} is compatible with itself`);
      for (const c of t.compatible) {
        assert.ok(codes.has(c), `${t.code} names ${c}, which is not in the list`);
        assert.ok(incidentType(c)?.compatible.includes(t.code), `${c} is compatible with ${t.code} both ways`);
      }
      const steps = new Set(t.sop.map((s) => s.id));
      assert.equal(steps.size, t.sop.length, `${t.code}: step ids are unique`);
      assert.ok(t.keywords.length > 0, `${t.code} has words callers use for it`);
    }
    assert.equal(incidentType(' strfire ')?.code, 'STRFIRE');
    assert.equal(incidentType('NOPE'), undefined);
  });

  it('gives the words for someone collapsed or unconscious to the medical call, not to the crash', () => {
    const keywords = (code: string) => incidentType(code)?.keywords ?? [];
    for (const word of ['bất tỉnh', 'ngất', 'ngất xỉu', 'ngã gục', 'người ngã gục', 'ngã quỵ', 'unconscious']) {
      assert.ok(keywords('MEDICAL').includes(word), `MEDICAL: ${word}`);
    }
    // A crash keeps its words, and "bất tỉnh" only after one.
    assert.ok(!keywords('TRAFFICINJ').includes('bất tỉnh'), 'bất tỉnh alone is not a crash');
    assert.ok(keywords('TRAFFICINJ').includes('tai nạn bất tỉnh'), 'unconscious after a crash');
    assert.ok(keywords('TRAFFICINJ').includes('va chạm'), 'the crash words stay');
  });
});

describe('places', () => {
  it('folds Vietnamese marks for matching', () => {
    assert.equal(fold('Đường  Láng'), 'duong lang');
    assert.equal(fold('Phố Tràng Tiền'), 'pho trang tien');
  });

  it('knows the city and its wards by their outlines', () => {
    assert.ok(inCity([105.8522, 21.0287]), 'inCity([105.8522, 21.0287])');
    assert.ok(!inCity([106.68, 20.86]), 'Hải Phòng is not Hà Nội');
    assert.equal(wardAt([105.8522, 21.0287])?.name, 'Phường Hoàn Kiếm');
  });

  it('puts the street of the urban core before a road of the same name in a rural commune', () => {
    for (const said of ['ly thuong kiet', '15 ly thuong kiet', 'Lý Thường Kiệt']) {
      const found = suggestPlaces(said, 5);
      assert.equal(found[0]?.ward, 'Phường Cửa Nam', `${said}: ${found.map((p) => p.label).join(' | ')}`);
      // The rural road is still offered, for the ward question to name.
      assert.ok(
        found.some((p) => p.ward === 'Xã Phù Đổng'),
        said,
      );
    }
    assert.match(suggestPlaces('15 ly thuong kiet', 1)[0]?.label ?? '', /^15 Phố Lý Thường Kiệt, Phường Cửa Nam$/);
    // Of a street in several phường, the nearest the centre first; a xã's after every phường's.
    const tranPhu = suggestPlaces('tran phu', 10).filter((p) => p.street !== undefined);
    assert.equal(tranPhu[0]?.ward, 'Phường Hoàn Kiếm', tranPhu.map((p) => p.label).join(' | '));
    const rural = tranPhu.findIndex((p) => p.ward?.startsWith('Xã '));
    assert.ok(rural < 0 || tranPhu.slice(rural).every((p) => p.ward?.startsWith('Xã ')), 'xã after phường');
  });

  it('names the nearest named street of a point, not the unnamed way nearer', () => {
    for (const [at, ward, street] of [
      [[105.8496, 21.0381], 'Phường Hoàn Kiếm', 'Phố Cầu Đông'],
      [[105.8412, 21.0245], 'Phường Văn Miếu - Quốc Tử Giám', 'Đường Lê Duẩn'],
      [[105.843, 21.0065], 'Phường Bạch Mai', 'Đường Đại Cồ Việt'],
    ] as const) {
      const found = reversePlace(at);
      assert.equal(found.ward, ward, JSON.stringify(found));
      assert.equal(found.street, street, JSON.stringify(found));
      assert.ok(found.distanceM <= 500, JSON.stringify(found));
    }
  });

  it('finds a lane the roads do not name on its street, and "X near Y" at X', () => {
    const street = suggestPlaces('hang bong', 1)[0];
    assert.ok(street, 'Hàng Bông is a street');
    for (const [said, lane] of [
      ['ngõ 12 Hàng Bông', 'ngõ 12'],
      ['ngo hang bong', 'ngõ'],
      ['ngách 4/7 hàng bông', 'ngách 4/7'],
    ] as const) {
      const found = suggestPlaces(said, 3);
      assert.deepEqual(found[0]?.location, street.location, `"${said}" is on Hàng Bông`);
      assert.ok(found[0]?.label.startsWith(`${lane}, `), `the lane, then the street: ${found[0]?.label}`);
    }
    assert.deepEqual(suggestPlaces('hang bong gan benh vien viet duc', 1)[0]?.location, street.location);
    // A lane that leads nowhere known is still nothing, not a guess.
    assert.deepEqual(suggestPlaces('ngõ 5 zzzz', 3), []);
  });

  it('keeps a house number and lanes said first in the label, and finds their street', () => {
    const street = suggestPlaces('hang bong', 1)[0]!;
    for (const [said, label] of [
      ['số 5 ngõ 12 Hàng Bông', 'số 5, ngõ 12, Phố Hàng Bông, '],
      ['5 ngõ 12 Hàng Bông', 'số 5, ngõ 12, Phố Hàng Bông, '],
      ['số 5 Hàng Bông', 'số 5, Phố Hàng Bông, '],
      ['số nhà 12a ngõ số 4/7 hang bong', 'số 12A, ngõ 4/7, Phố Hàng Bông, '],
      ['ngách 3 ngõ 12 Hàng Bông', 'ngách 3, ngõ 12, Phố Hàng Bông, '],
      ['so 5 ngach 3 ngo 12 hang bong', 'số 5, ngách 3, ngõ 12, Phố Hàng Bông, '],
      ['hẻm 7 Hàng Bông', 'hẻm 7, Phố Hàng Bông, '],
      ['kiệt 9 Hàng Bông', 'kiệt 9, Phố Hàng Bông, '],
    ] as const) {
      const found = suggestPlaces(said, 3)[0];
      assert.deepEqual(found?.location, street.location, `"${said}" is on Hàng Bông`);
      assert.equal(found?.street, 'Phố Hàng Bông', said);
      assert.ok(found?.label.startsWith(label), `"${said}" → ${found?.label}`);
    }
    // A bare number stays before the street, as said; a street named after a lane word is still the street.
    assert.match(suggestPlaces('36 hang bac', 1)[0]?.label ?? '', /^36 Phố Hàng Bạc, /);
    assert.match(suggestPlaces('5 ngo quyen', 1)[0]?.label ?? '', /^5 Phố Ngô Quyền, /);
    assert.match(suggestPlaces('ngõ 12 Ngô Quyền', 1)[0]?.label ?? '', /^ngõ 12, Phố Ngô Quyền, /);
  });

  it('writes the lane word the usual way, whatever was typed', () => {
    for (const [said, lane] of [
      ['ngo 12 hang bong', 'ngõ 12'],
      ['Ngõ 12 hàng bông', 'ngõ 12'],
      ['NGÕ 12 HÀNG BÔNG', 'ngõ 12'],
      ['ng. 12 hang bong', 'ngõ 12'],
      ['ngach 3 hang bong', 'ngách 3'],
      ['NGÁCH 3 hang bong', 'ngách 3'],
      ['hem 5 hang bong', 'hẻm 5'],
      ['kiet 5 hang bong', 'kiệt 5'],
    ] as const) {
      assert.match(suggestPlaces(said, 1)[0]?.label ?? '', new RegExp(`^${lane}, Phố Hàng Bông, `), said);
    }
  });

  it('finds "X gần Y" at X, the X nearest Y first, and "gần Y" alone at Y', () => {
    const lane = suggestPlaces('ngõ 12 Hàng Bông gần bệnh viện Việt Đức', 3)[0];
    assert.equal(lane?.street, 'Phố Hàng Bông', 'the street, not the hospital');
    assert.equal(lane?.landmark, undefined);
    assert.match(lane?.label ?? '', /^ngõ 12, Phố Hàng Bông, Phường Hoàn Kiếm, gần Bệnh viện Việt Đức$/);
    // Phố Ngô Quyền runs through several wards: the one by the hospital comes first, marks or none.
    const hospital = suggestPlaces('benh vien da khoa son tay', 1)[0]!;
    const alone = suggestPlaces('ngo quyen', 1)[0];
    assert.notEqual(alone?.ward, 'Phường Sơn Tây', 'without the hospital, a ward nearer the centre comes first');
    for (const said of ['Ngô Quyền gần bệnh viện đa khoa Sơn Tây', 'ngo quyen gan benh vien da khoa son tay']) {
      const found = suggestPlaces(said, 10);
      const streets = found.filter((p) => p.street === 'Phố Ngô Quyền');
      assert.ok(streets.length > 1 && found[0] === streets[0], said);
      const far = (p: { location: readonly number[] }) =>
        Math.hypot(p.location[0]! - hospital.location[0], p.location[1]! - hospital.location[1]);
      assert.ok(
        streets.every((p) => far(streets[0]!) <= far(p)),
        `${said}: ${streets[0]?.ward} first`,
      );
      assert.equal(streets[0]?.ward, 'Phường Sơn Tây', said);
    }
    // "Võ Thị Sáu gần…": "sáu" is not "sau" (behind) when the whole reads better.
    assert.equal(suggestPlaces('vo thi sau gan benh vien bach mai', 1)[0]?.street, 'Phố Võ Thị Sáu');
    for (const [said, label] of [
      ['gần bệnh viện Việt Đức', 'gần Bệnh viện Việt Đức, Phường Hoàn Kiếm'],
      ['gan benh vien viet duc', 'gần Bệnh viện Việt Đức, Phường Hoàn Kiếm'],
      ['đối diện bệnh viện Bạch Mai', 'đối diện Bệnh viện Bạch Mai, Phường Kim Liên'],
      ['doi dien benh vien bach mai', 'đối diện Bệnh viện Bạch Mai, Phường Kim Liên'],
      ['trước cửa bệnh viện Bạch Mai', 'trước cửa Bệnh viện Bạch Mai, Phường Kim Liên'],
      ['ngay canh benh vien bach mai', 'ngay cạnh Bệnh viện Bạch Mai, Phường Kim Liên'],
      // "bv" is how a call-taker types "bệnh viện".
      ['gần bv Việt Đức', 'gần Bệnh viện Việt Đức, Phường Hoàn Kiếm'],
      ['BV. Bạch Mai', 'Bệnh viện Bạch Mai, Phường Kim Liên'],
    ] as const) {
      const found = suggestPlaces(said, 3)[0];
      assert.equal(found?.landmark, 'hospital', said);
      assert.equal(found?.label, label, said);
    }
    // A place the city does not know before "gần" is kept as said, at the landmark.
    assert.match(
      suggestPlaces('ngõ 5 zzzz gần bệnh viện Việt Đức', 1)[0]?.label ?? '',
      /^ngõ 5 zzzz, gần Bệnh viện Việt Đức, /,
    );
    // Nor a landmark the city has no register of (markets, schools): nothing, not a guess.
    assert.deepEqual(suggestPlaces('đối diện chợ Đồng Xuân', 3), []);
  });
});

describe('the emergency settings', () => {
  it('takes targets that differ from NFPA as JSON, and refuses bad ones at start', () => {
    const settings = (env: Record<string, string>) =>
      testConfig(env).modules['emergency'] as { targets: { travel: number; turnoutEms: number } };
    assert.equal(settings({ EMERGENCY_TARGETS: '{"travel": 300}' }).targets.travel, 300);
    assert.equal(settings({ EMERGENCY_TARGETS: '{"travel": 300}' }).targets.turnoutEms, 60);
    assert.throws(() => testConfig({ EMERGENCY_TARGETS: '{"speed": 3}' }), /EMERGENCY_TARGETS/);
    assert.throws(() => testConfig({ EMERGENCY_TARGETS: '{"travel": -1}' }), /EMERGENCY_TARGETS/);
    assert.throws(() => testConfig({ EMERGENCY_DUPLICATE_RADIUS_M: '0' }), /EMERGENCY_DUPLICATE_RADIUS_M/);
  });
});
