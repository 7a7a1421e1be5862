import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INCIDENT_TYPES, incidentType } from './catalogue.js';
import { COMMON_INCIDENT_TYPES } from './eido.js';
import { AGENCIES, CAPABILITIES, INCIDENT_GROUPS } from './model.js';
import { fold, inCity, suggestPlaces, wardAt } from './places.js';
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

  it('finds a lane the roads do not name on its street, and "X near Y" at X', () => {
    const street = suggestPlaces('hang bong', 1)[0];
    assert.ok(street, 'Hàng Bông is a street');
    for (const [said, lane] of [
      ['ngõ 12 Hàng Bông', 'ngõ 12'],
      ['ngo hang bong', 'ngo'],
      ['ngách 4/7 hàng bông', 'ngách 4/7'],
    ] as const) {
      const found = suggestPlaces(said, 3);
      assert.deepEqual(found[0]?.location, street.location, `"${said}" is on Hàng Bông`);
      assert.ok(found[0]?.label.startsWith(`${lane}, `), `the lane as said, then the street: ${found[0]?.label}`);
    }
    assert.deepEqual(suggestPlaces('hang bong gan benh vien viet duc', 1)[0]?.location, street.location);
    // A lane that leads nowhere known is still nothing, not a guess.
    assert.deepEqual(suggestPlaces('ngõ 5 zzzz', 3), []);
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
