import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask } from './crypto.js';

describe('masking a personal value for a reader who may not see it', () => {
  it("gives a name's initials, and no more than a real name's for markup or a sentence", () => {
    assert.equal(mask('name', 'Nguyễn Văn An'), 'N. V. A.');
    assert.equal(mask('name', 'Nguyen Van An <img src=x onerror=alert(1)>'), 'N. V. A.');
    assert.equal(mask('name', 'Tran <i>Thi</i>'), 'T.');
    assert.equal(mask('name', 'A1 <b>x</b>'), '[hidden]');
    assert.equal(mask('name', '   '), '');
    assert.equal(mask('name', 'Ông Trần Văn Bình ở số 12 Hàng Bông'), 'Ô. T. V. B.');
  });

  it('keeps the ends of a phone number and the domain of an e-mail, hides free text whole', () => {
    assert.equal(mask('phone', '0912 345 678'), '09******78');
    assert.equal(mask('email', 'an@example.vn'), 'a***@example.vn');
    assert.equal(mask('free-text', 'Cháy nhà số 5'), '[hidden]');
  });
});
