import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allDepartments,
  CITY_DEPARTMENTS,
  departmentFor,
  foldVietnamese,
  REPORT_SERVICES,
  reportLevel,
  serviceByCode,
  urgentAnswers,
  wardDepartment,
} from './catalogue.js';
import { ATTRIBUTE_TYPES, REPORT_LEVELS } from './model.js';

describe('the services citizens report under', () => {
  it('has the categories GT247 and iHanoi take, each code once', () => {
    const codes = REPORT_SERVICES.map((s) => s.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of [
      'road-damage',
      'traffic-hazard',
      'traffic-light',
      'street-lighting',
      'drainage-flooding',
      'waste',
      'noise',
      'illegal-construction',
      'trees',
      'sidewalk-encroachment',
      'water-supply',
      'question',
    ]) {
      assert.ok(serviceByCode(code), code);
    }
    assert.deepEqual(
      REPORT_SERVICES.filter((s) => s.question).map((s) => s.code),
      ['question'],
    );
    assert.deepEqual(new Set(REPORT_SERVICES.map((s) => s.group)), new Set(['GT247', 'iHanoi']));
  });

  it('gives every service both languages, keywords with and without marks, a level, a time and a known department', () => {
    const departments = new Set(CITY_DEPARTMENTS.map((d) => d.id));
    for (const s of REPORT_SERVICES) {
      assert.match(s.code, /^[a-z][a-z0-9-]*$/, s.code);
      for (const text of [s.name.vi, s.name.en, s.description.vi, s.description.en]) {
        assert.ok(text.trim().length > 2, s.code);
      }
      assert.ok(REPORT_LEVELS.includes(s.level), s.code);
      assert.ok(Number.isInteger(s.resolveWorkingDays) && s.resolveWorkingDays > 0, s.code);
      if (s.routing.kind === 'department') assert.ok(departments.has(s.routing.departmentId), s.code);
      assert.equal(new Set(s.keywords).size, s.keywords.length, `${s.code}: keywords once`);
      const marked = s.keywords.filter((k) => k !== foldVietnamese(k));
      assert.ok(marked.length > 0, `${s.code} has Vietnamese keywords`);
      for (const k of marked) assert.ok(s.keywords.includes(foldVietnamese(k)), `${s.code}: "${k}" unmarked too`);
    }
  });

  it('asks questions Open311 can carry: known datatypes, orders in sequence, lists with values', () => {
    for (const s of REPORT_SERVICES) {
      const codes = s.attributes.map((a) => a.code);
      assert.equal(new Set(codes).size, codes.length, `${s.code}: attribute codes once`);
      assert.deepEqual(
        s.attributes.map((a) => a.order),
        s.attributes.map((_, i) => i + 1),
        `${s.code}: orders 1, 2, …`,
      );
      for (const a of s.attributes) {
        assert.ok(ATTRIBUTE_TYPES.includes(a.datatype), `${s.code}.${a.code}`);
        assert.match(a.code, /^[a-z][a-z0-9-]*$/);
        assert.ok(a.description.vi !== '' && a.description.en !== '', `${s.code}.${a.code}`);
        if (!a.variable) assert.equal(a.required, false, `${s.code}.${a.code}: a note is never required`);
        const list = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
        assert.equal(list, (a.values?.length ?? 0) > 0, `${s.code}.${a.code}: values if and only if a list`);
        const keys = (a.values ?? []).map((v) => v.key);
        assert.equal(new Set(keys).size, keys.length, `${s.code}.${a.code}: value keys once`);
        for (const v of a.values ?? [])
          assert.ok(v.name.vi !== '' && v.name.en !== '', "v.name.vi !== '' && v.name.en !== ''");
      }
      for (const [code, values] of Object.entries(urgentAnswers(s.code))) {
        const attribute = s.attributes.find((a) => a.code === code);
        assert.ok(attribute, `${s.code}: urgent by ${code}, which it does not ask`);
        for (const v of values)
          assert.ok(
            attribute.values?.some((x) => x.key === v),
            `${s.code}.${code}=${v}`,
          );
      }
    }
    assert.deepEqual(serviceByCode('question')?.attributes, []);
  });

  it('asks of road damage its size and whether it blocks traffic, of noise when it is heard', () => {
    const road = serviceByCode('road-damage')!;
    assert.deepEqual(
      road.attributes.find((a) => a.code === 'size')?.values?.map((v) => v.key),
      ['small', 'medium', 'large'],
    );
    assert.deepEqual(
      road.attributes.find((a) => a.code === 'blocks-traffic')?.values?.map((v) => v.key),
      ['yes', 'no'],
    );
    assert.ok(
      serviceByCode('noise')!.attributes.some((a) => a.code === 'time-of-day'),
      "serviceByCode('noise')!.attributes.some((a) => a.code === 'time-of-day')",
    );
    assert.ok(
      serviceByCode('traffic-hazard')!.attributes.some((a) => !a.variable),
      'tells people to call 112',
    );
  });

  it('raises a report to urgent by its answers', () => {
    const hazard = serviceByCode('traffic-hazard')!;
    assert.equal(reportLevel(hazard, { kind: 'accident' }), 'urgent');
    assert.equal(reportLevel(hazard, { kind: 'congestion' }), 'normal');
    assert.equal(reportLevel(hazard, {}), 'normal');
    assert.equal(reportLevel(serviceByCode('road-damage')!, { size: 'small', 'blocks-traffic': 'yes' }), 'urgent');
    assert.equal(reportLevel(serviceByCode('illegal-construction')!, { kind: 'no-permit' }), 'complex');
    assert.equal(reportLevel(serviceByCode('drainage-flooding')!, { kind: 'flooded', depth: ['deep'] }), 'urgent');
  });

  it('finds a service by its code whatever the case and spaces', () => {
    assert.equal(serviceByCode(' Road-Damage ')?.code, 'road-damage');
    assert.equal(serviceByCode('nope'), undefined);
    assert.equal(serviceByCode('__proto__'), undefined);
  });
});

describe('the departments', () => {
  it('names the committee of a ward or a commune', () => {
    assert.deepEqual(wardDepartment('00070', 'Phường Hoàn Kiếm'), {
      id: 'ward-00070',
      name: { vi: 'UBND phường Hoàn Kiếm', en: "People's Committee of Hoan Kiem Ward" },
      kind: 'ward',
      wardCode: '00070',
    });
    assert.equal(wardDepartment('10489', 'Xã Hương Sơn').name.vi, 'UBND xã Hương Sơn');
    assert.equal(wardDepartment('10489', 'Xã Hương Sơn').name.en, "People's Committee of Huong Son Commune");
    assert.equal(wardDepartment('00001', 'Đông Anh').name.vi, 'UBND phường/xã Đông Anh');
  });

  it('holds the city bodies and the 126 wards and communes, each id once', () => {
    const all = allDepartments();
    assert.equal(all.filter((d) => d.kind === 'ward').length, 126);
    assert.equal(all.filter((d) => d.kind === 'city').length, CITY_DEPARTMENTS.length);
    assert.equal(new Set(all.map((d) => d.id)).size, all.length);
    assert.ok(
      all.some((d) => d.id === 'ward-00070' && d.name.vi === 'UBND phường Hoàn Kiếm'),
      "all.some((d) => d.id === 'ward-00070' && d.name.vi === 'UBND phường Hoàn Kiếm')",
    );
    assert.ok(
      all.every((d) => d.name.vi !== '' && d.name.en !== ''),
      "all.every((d) => d.name.vi !== '' && d.name.en !== '')",
    );
  });

  it('routes by category and ward', () => {
    const ward = { code: '00070', name: 'Phường Hoàn Kiếm' };
    assert.equal(departmentFor(serviceByCode('noise')!, ward).id, 'ward-00070');
    assert.equal(departmentFor(serviceByCode('noise')!, undefined).id, 'van-phong-ubnd');
    assert.equal(departmentFor(serviceByCode('street-lighting')!, ward).id, 'hapulico');
    assert.equal(departmentFor(serviceByCode('traffic-hazard')!, ward).id, 'csgt');
  });
});
