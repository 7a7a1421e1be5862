import { useEffect, useState } from 'react';
import { api, ApiError, type Session } from '../api';
import { NewPasswordFields } from './NewPasswordFields';
import { useI18n, type Translate } from '../i18n';

/**
 * What a city-account login brought back in the address's fragment (`#sso=<one-time code>` or
 * `#sso-error=<code>`): read once when the page loads and removed from the address and history at once.
 */
const ssoReturn: { code?: string; error?: string } = (() => {
  const m = /^#sso(-error)?=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!m) return {};
  history.replaceState(null, '', location.pathname + location.search);
  return m[1] ? { error: m[2] } : { code: m[2] };
})();
let ssoCodeTaken = false;

const ssoMessage = (t: Translate, code: string): string => {
  if (code === 'OIDC_ACCOUNT_REFUSED') return t('login.ssoNoRole');
  if (code === 'OIDC_STATE_INVALID' || code === 'OIDC_CODE_INVALID') return t('login.ssoExpired');
  return t('login.ssoFailed', { code });
};

export function Login({ onLoggedIn }: { onLoggedIn: (session: Session) => void }) {
  const { t, language, setLanguage } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(ssoReturn.error ? ssoMessage(t, ssoReturn.error) : null);
  const [busy, setBusy] = useState(false);
  const [ssoLoginUrl, setSsoLoginUrl] = useState<string | null>(null);
  const [ssoBusy, setSsoBusy] = useState(ssoReturn.code !== undefined && !ssoCodeTaken);

  useEffect(() => {
    api.uiConfig().then(
      (c) => setSsoLoginUrl(c.ssoLoginUrl),
      () => setSsoLoginUrl(null),
    );
  }, []);
  useEffect(() => {
    // The code works once: redeem it once, even if the page is mounted twice.
    if (ssoReturn.code === undefined || ssoCodeTaken) return;
    ssoCodeTaken = true;
    api
      .singleSignOn(ssoReturn.code)
      .then(onLoggedIn)
      .catch((err: unknown) =>
        setError(err instanceof ApiError ? ssoMessage(t, err.code) : String((err as Error).message)),
      )
      .finally(() => setSsoBusy(false));
  }, [onLoggedIn, t]);

  // A session that may only change its password (the generated first-start one).
  const [mustChange, setMustChange] = useState<Session | null>(null);
  if (mustChange) {
    return (
      <NewPassword
        session={mustChange}
        currentPassword={password}
        onChanged={(newPassword) =>
          api.login(mustChange.user.name, newPassword).then(({ session }) => onLoggedIn(session))
        }
      />
    );
  }
  return (
    <main className="login">
      <form
        className="login-card"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          api
            .login(username.trim(), password)
            .then(({ session, passwordChangeRequired }) =>
              passwordChangeRequired ? setMustChange(session) : onLoggedIn(session),
            )
            .catch((err: unknown) =>
              setError(
                err instanceof ApiError && err.status === 401 ? t('login.failed') : String((err as Error).message),
              ),
            )
            .finally(() => setBusy(false));
        }}
      >
        <div className="brand-mark" aria-hidden="true">
          TL
        </div>
        <h1>{t('app.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        {ssoLoginUrl && (
          <>
            <a className="button primary" href={ssoLoginUrl} aria-disabled={ssoBusy}>
              {ssoBusy ? t('login.ssoWorking') : t('login.sso')}
            </a>
            <p className="muted small">{t('login.or')}</p>
          </>
        )}
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.working') : t('login.submit')}
        </button>
        <p className="muted small">{t('login.hint')}</p>
        <button
          type="button"
          className="link"
          onClick={() => setLanguage(language === 'vi' ? 'en' : 'vi')}
          aria-label={t('header.languageLabel')}
        >
          {t('header.language')}
        </button>
      </form>
    </main>
  );
}

/** "Choose a new password": the login said this one must change before anything else. */
function NewPassword({
  session,
  currentPassword,
  onChanged,
}: {
  session: Session;
  currentPassword: string;
  onChanged: (newPassword: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="login">
      <form
        className="login-card"
        aria-labelledby="new-password-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (newPassword !== repeated) {
            setError(t('password.mismatch'));
            return;
          }
          setBusy(true);
          setError(null);
          api
            .changePassword(session, currentPassword, newPassword)
            .then(() => onChanged(newPassword))
            .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)))
            .finally(() => setBusy(false));
        }}
      >
        <div className="brand-mark" aria-hidden="true">
          TL
        </div>
        <h1 id="new-password-title">{t('password.title')}</h1>
        <p className="muted">{t('password.explain')}</p>
        <NewPasswordFields
          value={newPassword}
          onChange={setNewPassword}
          repeated={repeated}
          onRepeated={setRepeated}
          autoFocus
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('password.working') : t('password.submit')}
        </button>
        <p className="muted small">{t('password.hint')}</p>
      </form>
    </main>
  );
}
