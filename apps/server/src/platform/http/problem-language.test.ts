import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { PLATFORM_ERRORS } from '../error-catalogue.js';
import { fieldRefusalVi, problemLanguageOf, VI_PROBLEMS } from './problem-language.js';

describe('the language a request asks for', () => {
  it('is English unless Vietnamese is preferred', () => {
    assert.equal(problemLanguageOf(undefined), 'en');
    assert.equal(problemLanguageOf(''), 'en');
    assert.equal(problemLanguageOf('fr-FR, de'), 'en');
    assert.equal(problemLanguageOf('vi'), 'vi');
    assert.equal(problemLanguageOf('vi-VN,vi;q=0.9,en;q=0.8'), 'vi');
    assert.equal(problemLanguageOf('en-GB,en;q=0.9,vi;q=0.5'), 'en');
    assert.equal(problemLanguageOf('en;q=0.3, vi;q=0.7'), 'vi');
    assert.equal(problemLanguageOf('vi;q=0'), 'en');
  });

  it('words each refused field in Vietnamese', () => {
    assert.equal(
      fieldRefusalVi({ keyword: 'maxLength', instancePath: '/username', params: { limit: 64 } }),
      'dài quá 64 ký tự',
    );
    assert.equal(
      fieldRefusalVi({ keyword: 'required', instancePath: '', params: { missingProperty: 'password' } }),
      'thiếu trường bắt buộc “password”',
    );
  });

  it('has Vietnamese for every error a person meets on a request', () => {
    const startOnly =
      /^(DATABASE_IN_USE|DATABASE_TOO_OLD|MIGRATION_|PERSONAL_DATA_|NOT_AN_ERASURE|REQUEST_CLOSED|SUBJECT_)/;
    for (const code of Object.keys(PLATFORM_ERRORS)) {
      if (code === 'VALIDATION_FAILED' || startOnly.test(code)) continue;
      assert.ok(VI_PROBLEMS[code], `${code} has no Vietnamese`);
    }
  });
});

describeEachDriver('problems in the language of the request', (ctx) => {
  let app: App;
  let operator: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator'], '');
  });
  after(() => app.http.close());

  const tooLongLogin = (headers: Record<string, string>) =>
    app.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers,
      payload: { username: 'u'.repeat(70), password: 'x' },
    });

  it('refuses a form in Vietnamese when the reader picked Vietnamese', async () => {
    const res = await tooLongLogin({ 'accept-language': 'vi' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-language'], 'vi');
    const problem = problemOf(res);
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.equal(problem.title, 'Yêu cầu không hợp lệ');
    assert.equal(problem.detail, 'Nội dung gửi lên không hợp lệ: username: dài quá 64 ký tự.');
    assert.deepEqual(problem['errors'], [{ in: 'body', pointer: '/username', detail: 'dài quá 64 ký tự' }]);
  });

  it('refuses the same form in English when the reader picked English', async () => {
    const res = await tooLongLogin({ 'accept-language': 'en-GB,en;q=0.9' });
    assert.equal(res.headers['content-language'], 'en');
    const problem = problemOf(res);
    assert.equal(problem.title, 'Bad Request');
    assert.match(problem.detail, /^The body is not valid: .*64 characters/);
  });

  it('speaks English to a caller who does not say', async () => {
    const problem = problemOf(await tooLongLogin({}));
    assert.equal(problem.title, 'Bad Request');
    assert.match(problem.detail, /^The body is not valid/);
  });

  it("says a service's refusal in Vietnamese too, and changes nothing", async () => {
    const raise = await app.http.inject({
      method: 'POST',
      url: '/api/v1/alarms',
      headers: operator.auth,
      payload: { source: 'urn:ngsi-ld:Test:language', severity: 'low', title: 'Thử ngôn ngữ' },
    });
    assert.equal(raise.statusCode, 201, raise.body);
    const id = raise.json<{ id: string }>().id;
    const assign = (language: string) =>
      app.http.inject({
        method: 'POST',
        url: `/api/v1/alarms/${id}/assign`,
        headers: { ...operator.auth, 'accept-language': language },
        payload: { assignee: 'nobody-by-this-name' },
      });
    const vi = problemOf(await assign('vi-VN'));
    assert.equal(vi.code, 'ALARM_UNKNOWN_ASSIGNEE');
    assert.equal(vi.detail, 'Không có người dùng nào mang tên này để giao việc.');
    const en = problemOf(await assign('en'));
    assert.equal(en.detail, 'There is no user "nobody-by-this-name".');
    const alarm = await app.http.inject({ method: 'GET', url: `/api/v1/alarms/${id}`, headers: operator.auth });
    assert.equal(alarm.json<{ assignee: string | null }>().assignee, null);
  });

  it('says a wrong login in Vietnamese', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'vi' },
      payload: { username: operator.username, password: 'not-the-password' },
    });
    assert.equal(res.statusCode, 401);
    const problem = problemOf(res);
    assert.equal(problem.title, 'Chưa đăng nhập');
    assert.equal(problem.detail, 'Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khoá.');
  });
});
