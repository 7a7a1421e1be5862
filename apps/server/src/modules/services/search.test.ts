import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fold, sameText, score, search } from './search.js';

/** Vietnamese as people type it: with or without marks, any case, in either language. */

const t = (vi: string, en: string) => ({ vi, en });
const BIRTH = {
  code: '1.001193',
  name: t('Đăng ký khai sinh', 'Birth registration'),
  field: t('Hộ tịch', 'Civil status'),
};
const COPY = {
  code: '2.000635',
  name: t(
    'Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh',
    'Copy of a civil-status extract or birth certificate',
  ),
  field: t('Hộ tịch', 'Civil status'),
};
const DEATH = {
  code: '1.000656',
  name: t('Đăng ký khai tử', 'Death registration'),
  field: t('Hộ tịch', 'Civil status'),
};
const PERMIT = {
  code: 'HN.XD.GPXD-NO',
  name: t('Cấp giấy phép xây dựng đối với nhà ở riêng lẻ', 'Construction permit for a private house'),
  field: t('Hoạt động xây dựng', 'Construction'),
};
const ALL = [PERMIT, DEATH, COPY, BIRTH];

describe('Vietnamese search', () => {
  it('folds marks, đ and case', () => {
    assert.equal(fold('Đăng ký  KHAI sinh'), 'dang ky khai sinh');
    assert.equal(fold('Nguye\u0302\u0303n'), 'nguyen', 'combining marks too');
    assert.equal(fold('Xây dựng, nhà ở (riêng lẻ)'), 'xay dung nha o rieng le');
  });

  it('finds "Đăng ký khai sinh" from "dang ky khai sinh", before a procedure that only mentions it', () => {
    assert.deepEqual(
      search(ALL, 'dang ky khai sinh').map((p) => p.code),
      ['1.001193'],
    );
    assert.deepEqual(
      search(ALL, 'khai sinh').map((p) => p.code),
      ['1.001193', '2.000635'],
      'the name that is the phrase first',
    );
  });

  it('ranks a match in the name above one in the field, and an exact code first', () => {
    assert.ok(
      score(BIRTH, 'khai sinh') > score(BIRTH, 'ho tich khai sinh'),
      "score(BIRTH, 'khai sinh') > score(BIRTH, 'ho tich khai sinh')",
    );
    assert.equal(score(BIRTH, 'ho tich khai sinh'), 1, 'words split over field and name');
    assert.deepEqual(
      search(ALL, 'ho tich').map((p) => p.code),
      ['2.000635', '1.000656', '1.001193'],
      'in the name first, then the shorter names',
    );
    assert.deepEqual(
      search(ALL, '1.000656').map((p) => p.code),
      ['1.000656'],
    );
  });

  it('finds in English, and every item without a query', () => {
    assert.deepEqual(
      search(ALL, 'construction permit').map((p) => p.code),
      ['HN.XD.GPXD-NO'],
    );
    assert.equal(search(ALL, undefined).length, 4);
    assert.equal(search(ALL, '   ').length, 4);
    assert.deepEqual(search(ALL, 'hộ chiếu'), []);
  });

  it('compares a field with or without marks', () => {
    assert.equal(sameText(t('Hộ tịch', 'Civil status'), 'ho tich'), true);
    assert.equal(sameText(t('Hộ tịch', 'Civil status'), 'Civil Status'), true);
    assert.equal(sameText(t('Hộ tịch', 'Civil status'), 'hộ'), false);
  });
});
