import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../platform/errors.js';
import {
  readersAllowance,
  RECOMMENDATION_TTL_MS,
  RecentAnswers,
  recommendationKey,
  SEARCHES_PER_ACCOUNT,
  SEARCHES_PER_ADDRESS,
  SearchLimits,
} from './searches.js';

describe('road searches behind recommendations', () => {
  it('refuses an account past its allowance a minute, with when to retry, and not another account', () => {
    const limits = new SearchLimits();
    const t0 = 1_000_000;
    const dispatcher = { tenant: '', account: 'd1', address: '10.0.0.1' };
    for (let i = 0; i < SEARCHES_PER_ACCOUNT; i++) limits.take(dispatcher, t0 + i);
    assert.throws(
      () => limits.take(dispatcher, t0 + SEARCHES_PER_ACCOUNT),
      (err: unknown) =>
        err instanceof AppError &&
        err.code === 'EMERGENCY_SEARCHES_LIMITED' &&
        err.status === 429 &&
        Number(err.headers['retry-after']) === 60,
    );
    limits.take({ ...dispatcher, account: 'd2' }, t0 + SEARCHES_PER_ACCOUNT);
    // A minute after the first search, one more is allowed.
    limits.take(dispatcher, t0 + 60_001);
  });

  it('lets the accounts that only read share one allowance, so several of them are not several', () => {
    const limits = new SearchLimits();
    const t0 = 3_000_000;
    const share = readersAllowance(SEARCHES_PER_ACCOUNT);
    const reader = (i: number) => ({ tenant: '', account: `v${i % 4}`, address: `10.1.0.${i % 4}`, dispatches: false });
    for (let i = 0; i < share; i++) limits.take(reader(i), t0 + i);
    const refused = (err: unknown) => err instanceof AppError && err.code === 'EMERGENCY_SEARCHES_LIMITED';
    // A fifth reader, fresh, is refused at the door; one in another tenant and a dispatcher are not.
    assert.throws(() => limits.refuseSpent({ tenant: '', account: 'v9', dispatches: false }, t0 + share), refused);
    assert.throws(() => limits.take({ tenant: '', account: 'v9', dispatches: false }, t0 + share), refused);
    limits.take({ tenant: 'other', account: 'v9', dispatches: false }, t0 + share);
    limits.take({ tenant: '', account: 'd1', dispatches: true }, t0 + share);
  });

  it('refuses an address past its allowance, whichever accounts it uses', () => {
    const limits = new SearchLimits();
    for (let i = 0; i < SEARCHES_PER_ADDRESS; i++)
      limits.take({ tenant: '', account: `a${i}`, address: '10.0.0.2' }, i);
    assert.throws(
      () => limits.take({ tenant: '', account: 'fresh', address: '10.0.0.2' }, SEARCHES_PER_ADDRESS),
      (err: unknown) => err instanceof AppError && err.code === 'EMERGENCY_SEARCHES_LIMITED',
    );
  });

  it('gives an account that only reads a quarter of the allowance, and says a spent one before anything is read', () => {
    const limits = new SearchLimits();
    const viewer = { tenant: '', account: 'v2', address: '10.0.0.6', dispatches: false };
    const t0 = 2_000_000;
    const share = readersAllowance(SEARCHES_PER_ACCOUNT);
    assert.equal(share, SEARCHES_PER_ACCOUNT / 4);
    for (let i = 0; i < share; i++) {
      limits.refuseSpent(viewer, t0 + i);
      limits.take(viewer, t0 + i);
    }
    const refused = (err: unknown) =>
      err instanceof AppError && err.code === 'EMERGENCY_SEARCHES_LIMITED' && err.status === 429;
    // Refused at the door (nothing read), and not counted: a minute on, it may search.
    assert.throws(() => limits.refuseSpent(viewer, t0 + share), refused);
    limits.refuseSpent(viewer, t0 + 60_001);
    // A dispatcher on the same address keeps the whole allowance.
    const dispatcher = { tenant: '', account: 'd9', address: '10.0.0.6', dispatches: true };
    for (let i = 0; i < SEARCHES_PER_ACCOUNT; i++) limits.take(dispatcher, t0 + i);
    assert.throws(() => limits.refuseSpent(dispatcher, t0 + SEARCHES_PER_ACCOUNT), refused);
  });

  it('keeps an answer a few seconds, then forgets it', () => {
    const answers = new RecentAnswers<string>(RECOMMENDATION_TTL_MS);
    answers.set('k', 'answer', 0);
    assert.equal(answers.get('k', RECOMMENDATION_TTL_MS - 1), 'answer', 'shared while fresh');
    assert.equal(answers.get('k', RECOMMENDATION_TTL_MS), undefined, 'a stale answer is searched again');
  });
});

describe('what a recommendation depends on', () => {
  const unit = { id: 'a1', status: 'available', location: [105.85, 21.03], locationAt: '2026-01-01T00:00:00Z' };
  const base = { tenant: '', incident: { id: 'i1' }, stations: [] };

  it('is the same answer when a unit only reports again where it already was', () => {
    const again = { ...unit, locationAt: '2026-01-01T00:00:05Z' };
    assert.equal(recommendationKey({ ...base, units: [unit] }), recommendationKey({ ...base, units: [again] }));
  });

  it('is a new answer when a unit moves or changes status', () => {
    const key = recommendationKey({ ...base, units: [unit] });
    assert.notEqual(key, recommendationKey({ ...base, units: [{ ...unit, location: [105.86, 21.03] }] }));
    assert.notEqual(key, recommendationKey({ ...base, units: [{ ...unit, status: 'out_of_service' }] }));
  });

  it('gives an account the allowance it is configured with', () => {
    const limits = new SearchLimits(5);
    const dispatcher = { tenant: '', account: 'd1' };
    for (let i = 0; i < 5; i++) limits.take(dispatcher, i);
    assert.throws(
      () => limits.take(dispatcher, 5),
      (err: unknown) => err instanceof AppError && /at most 5 a minute/.test(err.message),
    );
  });
});
