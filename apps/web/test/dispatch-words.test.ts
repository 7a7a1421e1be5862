import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clock, etaMinutes, fold, matchTypes, parseCoordinates, wardToChoose } from '../src/panels/emergency/words.js';

// How the dispatcher console reads what a call-taker types and shows its timers.

describe('the dispatcher console words', () => {
  it('reads coordinates as said (latitude first), or longitude first when the first cannot be a latitude', () => {
    assert.deepEqual(parseCoordinates('21.0285, 105.8542'), [105.8542, 21.0285]);
    assert.deepEqual(parseCoordinates('105.8542 21.0285'), [105.8542, 21.0285]);
    assert.deepEqual(parseCoordinates(' 21.03;105.85 '), [105.85, 21.03]);
    assert.equal(parseCoordinates('Hàng Bài'), null);
    assert.equal(parseCoordinates('200, 300'), null);
  });

  it('matches a search without Vietnamese marks', () => {
    assert.equal(fold('Cháy nhà Đống Đa'), 'chay nha dong da');
    assert.ok(
      fold('Tai nạn giao thông').includes(fold('tai nan')),
      "fold('Tai nạn giao thông').includes(fold('tai nan'))",
    );
  });

  it('finds a type by its words in any order, without marks, and by the words callers use', () => {
    const types = [
      {
        code: 'TRAFFIC',
        vi: 'Tai nạn giao thông (không thương vong)',
        en: 'Traffic crash, no injury',
        keywords: ['va chạm'],
        priority: 3,
      },
      {
        code: 'TRAFFICINJ',
        vi: 'Tai nạn giao thông có người bị thương',
        en: 'Traffic crash with injury',
        keywords: ['người bị thương', 'chảy máu'],
        priority: 1,
      },
      { code: 'CARDIAC', vi: 'Ngừng tim, đau ngực', en: 'Cardiac arrest', keywords: ['heart'], priority: 1 },
      { code: 'STRFIRE', vi: 'Cháy nhà, công trình', en: 'Structure fire', keywords: [], priority: 1 },
    ];
    const codes = (q: string) => matchTypes(types, q).map((t) => t.code);
    // Of two close types the most urgent first: Enter sends more rather than less.
    assert.deepEqual(codes('tai nan'), ['TRAFFICINJ', 'TRAFFIC']);
    assert.deepEqual(codes('injury'), ['TRAFFICINJ', 'TRAFFIC']);
    // Found by a name before by a keyword alone ("chảy máu" folds to the same letters as "cháy").
    assert.deepEqual(codes('chay'), ['STRFIRE', 'TRAFFICINJ']);
    assert.deepEqual(codes('tai nan co nguoi'), ['TRAFFICINJ']);
    assert.deepEqual(codes('tai nan co nguoi bi thuong'), ['TRAFFICINJ']);
    assert.deepEqual(codes('nguoi bi thuong'), ['TRAFFICINJ']);
    assert.deepEqual(codes('thương bị người'), ['TRAFFICINJ']);
    assert.deepEqual(codes('dau nguc'), ['CARDIAC']);
    assert.deepEqual(codes('ngua'), []);
    assert.equal(matchTypes(types, '  ').length, 4);
  });

  it('asks which ward when a long street runs through several and the words do not say which', () => {
    const nguyenTrai = [
      { street: 'Nguyễn Trãi', ward: 'Phường Hà Đông', location: [105.7776, 20.9804] as [number, number] },
      { street: 'Đường Nguyễn Trãi', ward: 'Phường Đại Mỗ', location: [105.7903, 20.9887] as [number, number] },
      { street: 'Đường Nguyễn Trãi', ward: 'Phường Thanh Xuân', location: [105.8094, 20.9951] as [number, number] },
    ];
    assert.deepEqual(wardToChoose('120 nguyen trai', nguyenTrai), { street: 'Nguyễn Trãi', wards: 3 });
    // The ward said, or a landmark near it: nothing to ask.
    assert.equal(wardToChoose('120 Nguyễn Trãi, Thanh Xuân', nguyenTrai), null);
    assert.equal(wardToChoose('nguyen trai gan benh vien', nguyenTrai), null);
    // A short street on a ward's edge: its places are close, the same units answer.
    const trangTien = [
      { street: 'Phố Tràng Tiền', ward: 'Phường Cửa Nam', location: [105.8545, 21.0247] as [number, number] },
      { street: 'Phố Tràng Tiền', ward: 'Phường Hoàn Kiếm', location: [105.857, 21.0245] as [number, number] },
    ];
    assert.equal(wardToChoose('trang tien', trangTien), null);
    // A landmark or a street in one ward is taken as it is.
    assert.equal(
      wardToChoose('bv bach mai', [{ landmark: 'hospital', ward: 'Phường Kim Liên', location: [105.84, 21.0] }]),
      null,
    );
    assert.equal(wardToChoose('hang bac', [nguyenTrai[0]!]), null);
    // The street of the centre and a road of the same name 20 km out: asked, the centre's named.
    const lyThuongKiet = [
      { street: 'Phố Lý Thường Kiệt', ward: 'Phường Cửa Nam', location: [105.848165, 21.02401] as [number, number] },
      { street: 'Lý Thường Kiệt', ward: 'Xã Phù Đổng', location: [105.92146, 21.11785] as [number, number] },
      { street: 'Ngõ Lý Thường Kiệt', ward: 'Phường Cửa Nam', location: [105.846, 21.02422] as [number, number] },
    ];
    assert.deepEqual(wardToChoose('15 ly thuong kiet', lyThuongKiet), { street: 'Phố Lý Thường Kiệt', wards: 2 });
  });

  it('takes a whole word before a beginning, and the word with its marks before one sharing only its letters', () => {
    const types = [
      { code: 'MEDICAL', vi: 'Cấp cứu y tế', en: 'Medical emergency', keywords: ['ngất', 'co giật'], priority: 2 },
      { code: 'FALL', vi: 'Ngã, chấn thương', en: 'Fall or injury', keywords: ['ngã', 'té', 'rơi'], priority: 3 },
      { code: 'DROWNING', vi: 'Đuối nước', en: 'Drowning', keywords: ['ngạt nước'], priority: 1 },
      { code: 'FLOOD', vi: 'Ngập lụt', en: 'Flooding', keywords: ['ngập', 'lụt'], priority: 2 },
    ];
    const first = (q: string) => matchTypes(types, q)[0]?.code;
    // A fall is not a flood because "Ngập" starts with the same letters.
    assert.equal(first('ngã'), 'FALL');
    assert.equal(first('nga'), 'FALL');
    assert.equal(first('Ngã'), 'FALL');
    assert.equal(first('té ngã'), 'FALL');
    assert.equal(first('te nga'), 'FALL');
    assert.equal(first('ngap'), 'FLOOD');
    // Fainting (ngất) is not suffocating (ngạt) when typed with its marks; without them, the word said
    // whole ("ngất") before the part of one ("ngạt nước").
    assert.equal(first('ngất'), 'MEDICAL');
    assert.equal(first('ngạt'), 'DROWNING');
    assert.equal(first('ngat'), 'MEDICAL');
  });

  it('finds someone collapsed or unconscious as a medical call first, and a crash by its own words', () => {
    // The words of the centre's catalogue for these types.
    const types = [
      {
        code: 'TRAFFICINJ',
        vi: 'Tai nạn giao thông có người bị thương',
        en: 'Traffic crash with injury',
        keywords: ['người bị thương', 'va chạm', 'đâm xe', 'chảy máu', 'tai nạn bất tỉnh', 'injury', 'crash'],
        priority: 1,
      },
      {
        code: 'MEDICAL',
        vi: 'Cấp cứu y tế',
        en: 'Medical emergency',
        keywords: ['ngất', 'ngất xỉu', 'xỉu', 'bất tỉnh', 'ngã gục', 'người ngã gục', 'ngã quỵ', 'unconscious'],
        priority: 2,
      },
      { code: 'FALL', vi: 'Ngã, chấn thương', en: 'Fall or injury', keywords: ['ngã', 'té'], priority: 3 },
      { code: 'DROWNING', vi: 'Đuối nước', en: 'Drowning', keywords: ['chết đuối', 'ngạt nước'], priority: 1 },
    ];
    const first = (q: string) => matchTypes(types, q)[0]?.code;
    for (const said of [
      'bat tinh',
      'bất tỉnh',
      'nguoi nga guc',
      'người ngã gục',
      'ngã quỵ',
      'nga quy',
      'ngat',
      'xiu',
    ]) {
      assert.equal(first(said), 'MEDICAL', said);
    }
    assert.equal(first('tai nan bat tinh'), 'TRAFFICINJ');
    assert.equal(first('va cham'), 'TRAFFICINJ');
    assert.equal(first('nga'), 'FALL');
  });

  it('shows an age as a running clock and an ETA in whole minutes, at least one', () => {
    assert.equal(clock(0), '0:00');
    assert.equal(clock(245), '4:05');
    assert.equal(clock(3750), '1:02:30');
    assert.equal(etaMinutes(20), 1);
    assert.equal(etaMinutes(245), 4);
  });
});
