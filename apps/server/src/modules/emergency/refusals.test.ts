import assert from 'node:assert/strict';
import { it } from 'node:test';
import { refusalText } from './refusals.js';

/** What a terminal is told when it did not send with its own secret: true whichever key it used. */

it("tells a terminal without its own secret why, true for a group's key and for an account's", () => {
  for (const reported of ['en_route', 'position']) {
    const { en, vi } = refusalText('own_secret_required', {
      callSign: 'CH-03-E1',
      from: 'dispatched',
      reported,
      deviceId: 'ch-03-e1',
    });
    // A report through an account (a gateway's key) did not prove "only its group's API key".
    assert.doesNotMatch(en, /only its group's/);
    assert.match(en, /^Device ch-03-e1 did not prove itself with its own secret/);
    assert.match(en, /its group's or an account's/);
    assert.match(en, reported === 'position' ? /a unit's position is taken only/ : /a unit's status is taken only/);
    assert.match(vi, /không xác thực bằng khóa bí mật riêng/);
    assert.match(vi, /của nhóm hoặc của một tài khoản/);
    assert.match(vi, reported === 'position' ? /vị trí của đơn vị/ : /trạng thái của đơn vị/);
  }
});

it('tells a terminal its report was out of date, with both times and the clock to check, in both languages', () => {
  const { en, vi } = refusalText('out_of_date', {
    callSign: 'CH-03-E1',
    from: 'dispatched',
    reported: 'available',
    deviceId: 'ch-03-e1',
    madeAt: '2026-12-07T03:00:00.000Z',
    lastChangeAt: '2026-12-07T03:10:00.000Z',
  });
  assert.match(en, /"available" was made at 2026-12-07T03:00:00.000Z, more than 5 minutes before its last change/);
  assert.match(en, /to dispatched at 2026-12-07T03:10:00.000Z/);
  assert.match(en, /check the terminal's clock/);
  assert.match(vi, /^Báo cáo “sẵn sàng” của đơn vị CH-03-E1 lập lúc 2026-12-07T03:00:00.000Z/);
  assert.match(vi, /sang “đã điều động” lúc 2026-12-07T03:10:00.000Z/);
  assert.match(vi, /kiểm tra đồng hồ của thiết bị/);
});

it('tells a terminal its position was a bad fix, with the point, in both languages', () => {
  const about = {
    callSign: 'CH-03-E1',
    from: 'en_route',
    reported: 'position',
    deviceId: 'ch-03-e1',
    point: '10.8,106.7',
  } as const;
  const outside = refusalText('outside_city', about);
  assert.match(outside.en, /position 10\.8,106\.7 is outside the city/);
  assert.match(outside.vi, /Vị trí 10\.8,106\.7 của đơn vị CH-03-E1 nằm ngoài thành phố/);
  const jump = refusalText('implausible_jump', about);
  assert.match(jump.en, /over 200 km\/h/);
  assert.match(jump.vi, /trên 200 km\/h/);
});
