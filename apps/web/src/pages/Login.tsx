import { useState } from 'react';
import { api, ApiError, type Session } from '../api';
import { useI18n } from '../i18n';

export function Login({ onLoggedIn }: { onLoggedIn: (session: Session) => void }) {
  const { t, language, setLanguage } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
            .then(onLoggedIn)
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
