import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../platform/errors.js';
import { ACTION_RULES, decide, DOSSIER_ACTIONS, type Actor, type DossierFacts } from './dossiers.js';
import { DOSSIER_STATES } from './model.js';

const STEPS = [
  { code: 'tiep-nhan', name: { vi: 'Tiếp nhận', en: 'Receipt' }, agency: 'ubnd-hk', days: 1 },
  { code: 'tham-dinh', name: { vi: 'Thẩm định', en: 'Review' }, agency: 'phong-tp', days: 2 },
  { code: 'ky', name: { vi: 'Ký', en: 'Signing' }, agency: 'ubnd-hk', days: 1 },
];
const facts = (over: Partial<DossierFacts> = {}): DossierFacts => ({
  code: 'H26.261207.00001',
  state: 'submitted',
  agency: 'ubnd-hk',
  stepIndex: 0,
  steps: STEPS,
  decidingAgency: 'ubnd-hk',
  feeState: 'none',
  feeBeforeReceipt: false,
  electronicResult: true,
  ...over,
});
const officer: Actor = { kind: 'staff', id: 'u1', admin: false, agencies: ['ubnd-hk'] };
const stranger: Actor = { kind: 'staff', id: 'u2', admin: false, agencies: ['ubnd-other'] };
const admin: Actor = { kind: 'staff', id: 'a', admin: true, agencies: [] };
const applicant: Actor = { kind: 'applicant', owns: true };
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof AppError, 'e instanceof AppError');
    return e;
  }
  assert.fail('not refused');
};

describe('the dossier state machine', () => {
  it('every action refuses every state outside its list with SERVICES_STATE naming both', () => {
    for (const action of DOSSIER_ACTIONS) {
      const by = ACTION_RULES[action].by === 'applicant' ? applicant : officer;
      for (const state of DOSSIER_STATES) {
        if (ACTION_RULES[action].from.includes(state)) continue;
        const input = {
          action,
          reason: 'r',
          items: ['x'],
          note: 'n',
          days: 1,
          title: 't',
          body: [],
          text: 't',
        } as never;
        const e = refusal(() => decide(facts({ state, stepIndex: 2 }), input, by));
        assert.equal(e.code, 'SERVICES_STATE', `${action} from ${state}`);
        assert.equal(e.status, 409);
        assert.match(e.message, new RegExp(`is ${state}:`));
        assert.deepEqual(e.extra['allowed'], ACTION_RULES[action].from);
      }
    }
  });

  it('the whole path: receive, start, hand-off along the steps, extend, result, return', () => {
    const r = decide(facts(), { action: 'receive' }, officer);
    assert.equal(r.to, 'received');
    assert.equal(r.form, '01');
    assert.equal(r.clock, 'start');
    const s = decide(facts({ state: 'received' }), { action: 'start' }, officer);
    assert.deepEqual([s.to, s.stepIndex, s.agency], ['processing', 0, 'ubnd-hk']);
    const h = decide(facts({ state: 'processing' }), { action: 'hand-off' }, officer);
    assert.deepEqual(
      [h.to, h.stepIndex, h.agency, h.fromAgency, h.form],
      ['processing', 1, 'phong-tp', 'ubnd-hk', '06'],
    );
    assert.equal(h.step?.days, 2);
    const x = decide(facts({ state: 'processing' }), { action: 'extend', days: 3, reason: 'Cần xác minh' }, officer);
    assert.deepEqual([x.to, x.form, x.clock], ['processing', '04', 'extend']);
    assert.equal(
      decide(facts({ state: 'processing', stepIndex: 2 }), { action: 'result', title: 't', body: [] }, officer).to,
      'result-ready',
    );
    assert.equal(decide(facts({ state: 'result-ready' }), { action: 'return' }, officer).to, 'returned');
  });

  it('a full-process dossier with fees is received only once paid', () => {
    const e = refusal(() => decide(facts({ feeBeforeReceipt: true, feeState: 'due' }), { action: 'receive' }, officer));
    assert.equal(e.code, 'SERVICES_FEE_UNPAID');
    assert.equal(
      decide(facts({ feeBeforeReceipt: true, feeState: 'paid' }), { action: 'receive' }, officer).to,
      'received',
    );
  });

  it('a supplement stops the clock only once received, and returns to the state it came from', () => {
    const before = decide(facts(), { action: 'request-supplement', items: ['Bản sao CCCD'], note: 'Thiếu' }, officer);
    assert.equal(before.clock, undefined);
    assert.equal(before.form, '02');
    const during = decide(
      facts({ state: 'processing' }),
      { action: 'request-supplement', items: ['a'], note: 'n' },
      officer,
    );
    assert.deepEqual([during.to, during.clock, during.supplementFrom], ['supplement', 'pause', 'processing']);
    const back = decide(
      facts({ state: 'supplement', supplementFrom: 'processing' }),
      { action: 'supplement' },
      applicant,
    );
    assert.deepEqual([back.to, back.clock], ['processing', 'resume']);
  });

  it("the deciding agency's steps are not skipped: no result before its signing, its step not handed to another", () => {
    const result = { action: 'result', title: 't', body: [] } as const;
    for (const stepIndex of [0, 1]) {
      const e = refusal(() => decide(facts({ state: 'processing', stepIndex }), result, officer));
      assert.equal(e.code, 'SERVICES_STEP_SKIPPED', `result at step ${stepIndex}`);
      assert.equal(e.status, 409);
      assert.match(e.message, /"Signing" \(step 3\), which ubnd-hk must do itself/);
      assert.deepEqual(e.extra, { step: STEPS[stepIndex]?.code, skipped: 'ky', agency: 'ubnd-hk' });
    }
    // An admin may not either: the rule is the procedure's, not a permission.
    assert.equal(
      refusal(() => decide(facts({ state: 'processing', stepIndex: 1 }), result, admin)).code,
      'SERVICES_STEP_SKIPPED',
    );
    // The review (another agency's step) handed on to the signing step, but to someone else: refused.
    const elsewhere = { action: 'hand-off', toAgency: 'phong-tp' } as const;
    const e = refusal(() => decide(facts({ state: 'processing', stepIndex: 1 }), elsewhere, admin));
    assert.equal(e.code, 'SERVICES_STEP_SKIPPED');
    // To the deciding agency itself, or to the next step by default: allowed.
    const own = decide(
      facts({ state: 'processing', stepIndex: 1 }),
      { action: 'hand-off', toAgency: 'ubnd-hk' },
      admin,
    );
    assert.deepEqual([own.stepIndex, own.agency], [2, 'ubnd-hk']);
    // Another agency's step may be given to a third one (a consultation), and the result is made at the signing.
    const consulted = decide(facts({ state: 'processing' }), { action: 'hand-off', toAgency: 'so-xd' }, officer);
    assert.deepEqual([consulted.stepIndex, consulted.agency], [1, 'so-xd']);
    assert.equal(decide(facts({ state: 'processing', stepIndex: 2 }), result, officer).to, 'result-ready');
  });

  it('the last step is not handed off without a named agency', () => {
    const e = refusal(() => decide(facts({ state: 'processing', stepIndex: 2 }), { action: 'hand-off' }, officer));
    assert.equal(e.code, 'SERVICES_LAST_STEP');
  });

  it('officers of another agency and applicants are refused with SERVICES_NOT_YOURS; an admin may', () => {
    assert.equal(refusal(() => decide(facts(), { action: 'receive' }, stranger)).code, 'SERVICES_NOT_YOURS');
    assert.equal(refusal(() => decide(facts(), { action: 'receive' }, applicant)).status, 403);
    assert.equal(decide(facts(), { action: 'receive' }, admin).to, 'received');
    const other: Actor = { kind: 'applicant', owns: false };
    assert.equal(refusal(() => decide(facts(), { action: 'withdraw' }, other)).code, 'SERVICES_NOT_YOURS');
    assert.equal(refusal(() => decide(facts(), { action: 'withdraw' }, officer)).code, 'SERVICES_NOT_YOURS');
    assert.equal(decide(facts({ state: 'processing' }), { action: 'withdraw' }, applicant).to, 'withdrawn');
  });
});
