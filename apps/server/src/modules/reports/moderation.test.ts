import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanText, MASKS, moderate } from './moderation.js';

const PHONE = MASKS.phone;
const ID = MASKS['id-number'];
const ABUSE = MASKS.abuse;

describe('moderation: personal data', () => {
  it('masks Vietnamese phone numbers however they are grouped', () => {
    for (const [written, expected] of [
      ['Gọi 0912345678 nhé', `Gọi ${PHONE} nhé`],
      ['SĐT: 0912 345 678.', `SĐT: ${PHONE}.`],
      ['sdt 0912.345.678, cảm ơn', `sdt ${PHONE}, cảm ơn`],
      ['LH 091-234-5678', `LH ${PHONE}`],
      ['+84 912 345 678', PHONE],
      ['+84912345678', PHONE],
      ['(+84) 912-345-678', PHONE],
      ['84912345678', PHONE],
      ['ĐT0386123456', `ĐT${PHONE}`],
      ['máy bàn 024 3825 3536', `máy bàn ${PHONE}`],
      ['(024) 3825 3536', PHONE],
      ['02438253536', PHONE],
      ['0 9 1 2 3 4 5 6 7 8', PHONE],
      ['0912345678/0987654321', `${PHONE}/${PHONE}`],
      ['0912345678,0987654321', `${PHONE},${PHONE}`],
      ['tel:+84-24-3825-3536', `tel:${PHONE}`],
    ] as [string, string][]) {
      const result = moderate(written);
      assert.equal(result.text, expected, written);
      assert.deepEqual(result.masked, ['phone'], written);
    }
  });

  it('masks e-mail addresses and ID card numbers', () => {
    assert.deepEqual(moderate('Email nguyen.van.a+hn@gmail.com để phản hồi'), {
      text: `Email ${MASKS.email} để phản hồi`,
      hidden: false,
      masked: ['email'],
    });
    assert.equal(moderate('thư: an.nguyen (at) hanoi.gov.vn').text, `thư: ${MASKS.email}`);
    assert.equal(moderate('CCCD 001099012345').text, `CCCD ${ID}`);
    assert.equal(moderate('CCCD số 001 099 012 345').text, `CCCD số ${ID}`);
    assert.equal(moderate('CMND 012345678 cấp năm 2010').text, `CMND ${ID} cấp năm 2010`);
    assert.equal(moderate('CCCD 037099012345').text, `CCCD ${ID}`, 'an ID starting like a mobile is one ID');
    assert.deepEqual(moderate('0912345678 hoặc a@b.vn, CCCD 001099012345').masked, ['phone', 'email', 'id-number']);
  });

  it('masks numbers and addresses written in full-width characters', () => {
    const m = moderate('Gọi ０９１２３４５６７８ hoặc ｖｉｃｔｉｍ＠ｅｘａｍｐｌｅ．ｏｒｇ');
    assert.equal(m.text, `Gọi ${PHONE} hoặc ${MASKS.email}`);
  });

  it('leaves house, lane and street numbers, dates, times, sums and hotlines alone', () => {
    for (const text of [
      'Số 12 ngõ 34 phố Huế, phường Hai Bà Trưng',
      'Nhà số 105 ngách 2/14 ngõ 68 Cầu Giấy',
      'Trước cửa số 0912 tòa B',
      'Ngày 12/05/2025 lúc 17:30, 05-12-2025',
      'Km 12+300 Quốc lộ 32, Đại lộ Thăng Long km 8',
      'Thiệt hại khoảng 1.500.000 đồng, tổng 150.000.000 đồng',
      'Ổ gà sâu 0,5 m, rộng 1.2 m, cách cột điện số 0123',
      'Gọi 113, 114, 115 hoặc đường dây nóng 1900 1234',
      'Mã hồ sơ 2025-001234',
      'Năm 2024 đến 2025',
    ]) {
      assert.deepEqual(moderate(text), { text, hidden: false, masked: [] }, text);
    }
  });
});

describe('moderation: what the attack trial slipped past', () => {
  it('masks bank accounts and other long runs of digits', () => {
    const m = moderate('Chuyển vào tài khoản 0123456789012 Vietcombank');
    assert.equal(m.text, `Chuyển vào tài khoản ${MASKS.account} Vietcombank`);
    assert.deepEqual(m.masked, ['account']);
    assert.equal(moderate('thẻ 9704123412341234').text, `thẻ ${MASKS.account}`);
  });

  it('masks number plates, cars and motorbikes', () => {
    for (const [written, expected] of [
      ['Xe 29A-123.45 đỗ chắn lối', `Xe ${MASKS.plate} đỗ chắn lối`],
      ['xe 30A-123.45 và 30A 12345', `xe ${MASKS.plate} và ${MASKS.plate}`],
      ['biển 29B1-123.45', `biển ${MASKS.plate}`],
      ['biển 29-B1 123.45', `biển ${MASKS.plate}`],
      ['biển 30LD-1234', `biển ${MASKS.plate}`],
      ['biển 29a-123.45', `biển ${MASKS.plate}`],
    ] as [string, string][]) {
      const m = moderate(written);
      assert.equal(m.text, expected, written);
      assert.deepEqual(m.masked, ['plate'], written);
    }
  });

  it('masks passports and ID numbers written a digit at a time', () => {
    assert.equal(moderate('hộ chiếu C1234567').text, `hộ chiếu ${ID}`);
    assert.equal(moderate('CCCD 0 0 1 2 0 3 0 0 4 5 6 7 nhé').text, `CCCD ${ID} nhé`);
    assert.equal(moderate('CCCD 0.0.1.2.0.3.0.0.4.5.6.7').text, `CCCD ${ID}`);
  });

  it('masks e-mail addresses however disguised', () => {
    for (const written of [
      'an.nguyen (at) example (dot) vn',
      'an.nguyen [at] example [dot] vn',
      'nguyen @ example . vn',
      'mailto:x@y.z',
      'an.nguyen(at)example(chấm)vn',
    ]) {
      const m = moderate(`thư: ${written}`);
      assert.equal(m.text, `thư: ${MASKS.email}`, written);
      assert.deepEqual(m.masked, ['email'], written);
    }
    assert.equal(
      moderate('an nguyen @ example . vn').text,
      `an ${MASKS.email}`,
      'the address goes, a name is not known',
    );
    assert.equal(
      moderate('Gửi a@b.vn. Cảm ơn').text,
      `Gửi ${MASKS.email}. Cảm ơn`,
      "a sentence's end is not the address",
    );
  });

  it('masks a phone number spelt out in words', () => {
    const m = moderate('gọi không chín một hai ba bốn năm sáu bảy tám nhé');
    assert.equal(m.text, `gọi ${PHONE} nhé`);
    assert.equal(moderate('goi khong chin mot hai ba bon nam sau bay tam').text, `goi ${PHONE}`);
  });

  it('masks abuse written with j for i', () => {
    assert.equal(moderate('đjt mẹ cái ổ gà').text, `${ABUSE} cái ổ gà`);
    assert.equal(moderate('djt me cai o ga').text, `${ABUSE} cai o ga`);
  });

  it('keeps dates, times, house numbers, sums, report codes and roads', () => {
    for (const text of [
      'Ngày 07/12/2026 lúc 10:30, hạn 2026-12-31 23:59',
      'số 5 ngõ 12 ngách 34/56 phố Kim Mã',
      'Thiệt hại 150.000 đ, có khi 1.500.000.000 đồng',
      'Phản ánh 2026-000123 và 2025-001234',
      'Quốc lộ 1A km 12, đường 32 km 1234',
      'Cao 12 m, 30 xe 1234 lượt',
      'Ba người, hai xe, năm ngày sau',
      'Tòa A1 tầng 12 phòng 1205',
      'Gọi 1900 1234 hoặc 113',
      'Lúc 7 giờ sáng ngày 5 tháng 12 năm 2026',
    ]) {
      assert.deepEqual(moderate(text), { text, hidden: false, masked: [] }, text);
    }
  });
});

describe('moderation: abuse', () => {
  it('masks abusive words with and without their marks, and their disguises', () => {
    for (const [written, expected] of [
      ['Đường hỏng cả tháng rồi đm', `Đường hỏng cả tháng rồi ${ABUSE}`],
      ['Đường hỏng cả tháng rồi dm', `Đường hỏng cả tháng rồi ${ABUSE}`],
      ['Bọn thi công đ.m làm ẩu', `Bọn thi công ${ABUSE} làm ẩu`],
      ['Địt mẹ cái ổ gà', `${ABUSE} cái ổ gà`],
      ['dit me cai o ga', `${ABUSE} cai o ga`],
      ['ditme cai o ga', `${ABUSE} cai o ga`],
      ['Cái đèn đéo sáng', `Cái đèn ${ABUSE} sáng`],
      ['Cái đèn đ-é-o sáng', `Cái đèn ${ABUSE} sáng`],
      ['Cái đèn đ\u200Béo sáng', `Cái đèn ${ABUSE} sáng`],
      ['Lũ súc vật xả rác', `Lũ ${ABUSE} xả rác`],
      ['vãi vcl luôn', `vãi ${ABUSE} luôn`],
      ['This fucking pothole', `This ${ABUSE} pothole`],
      ['f*ck this, F.U.C.K', `${ABUSE} this, ${ABUSE}`],
      ['fuuuuck', ABUSE],
      ['what a load of bullshit here', `what a load of ${ABUSE} here`],
    ] as [string, string][]) {
      const result = moderate(written);
      assert.equal(result.text, expected, written);
      assert.ok(result.masked.includes('abuse'), written);
    }
  });

  it('leaves everyday words that look alike without their marks', () => {
    for (const text of [
      'Cây lớn đổ chắn đường, lon bia vứt đầy',
      'Buổi sáng các hố ga bốc mùi',
      'Người đi đường phải đeo khẩu trang vì bụi',
      'Vượt đèo, dù mà trời mưa vẫn đi',
      'Ống cống dài 5 dm, cách 3 dm',
      'Bị mất dây điện ở cột đèn',
      'Đi tắt qua ngõ, đĩa CD rơi',
      'Con chó nhà bên sủa suốt đêm',
      'Scunthorpe, Shitake mushrooms, cocktail, assessment, Dickens',
    ]) {
      assert.deepEqual(moderate(text), { text, hidden: false, masked: [] }, text);
    }
  });

  it('hides a text that is mostly abuse, and only then', () => {
    assert.equal(moderate('đm').hidden, true);
    assert.equal(moderate('Địt mẹ lũ khốn nạn').hidden, true);
    assert.equal(moderate('fuck fuck shit').hidden, true);
    assert.equal(moderate('Ổ gà to giữa đường Láng, đm').hidden, false);
    assert.equal(moderate('').hidden, false);
  });
});

describe('moderation: the text itself', () => {
  it('normalises, drops control and invisible characters, and trims', () => {
    assert.equal(cleanText('  Ổ ga\u0300  \r\n'), 'Ổ gà');
    assert.equal(cleanText('a\u0000b\u0007c\u202Ed\u200Be'), 'abcde');
    assert.equal(cleanText('dòng 1\r\ndòng 2\n\n\n\n\ndòng 3'), 'dòng 1\ndòng 2\n\ndòng 3');
    assert.equal(moderate('\tCó\tổ gà\n').text, 'Có\tổ gà');
    assert.equal(moderate('<script>alert(1)</script>').text, '<script>alert(1)</script>', 'escaping is the pages’ job');
  });
});
