import { useState } from 'react';
import { ApiError, renewPassword, type Session } from '../api';
import { NewPasswordFields } from './NewPasswordFields';
import { useI18n } from '../i18n';

/**
 * The person's own password, for every role. Changing it ends every session of the account (the
 * server's rule), so the page logs in again with the new one and carries on.
 */
export function AccountPage({ session, onSession }: { session: Session; onSession: (s: Session) => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <main className="admin-page">
      <h1>{t('account.title')}</h1>
      <p className="muted">{t('account.who', { name: session.user.name, roles: session.user.roles.join(', ') })}</p>
      <form
        className="admin-form"
        aria-label={t('account.change')}
        onSubmit={(e) => {
          e.preventDefault();
          if (next !== repeated) {
            setError(t('password.mismatch'));
            return;
          }
          setBusy(true);
          setError(null);
          setDone(false);
          renewPassword(session, current, next)
            .then((renewed) => {
              onSession(renewed);
              setDone(true);
              setCurrent('');
              setNext('');
              setRepeated('');
            })
            .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)))
            .finally(() => setBusy(false));
        }}
      >
        <h2>{t('account.change')}</h2>
        <label>
          {t('account.current')}
          <input
            name="current-password"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
        </label>
        <NewPasswordFields value={next} onChange={setNext} repeated={repeated} onRepeated={setRepeated} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {done && <p role="status">{t('account.changed')}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('password.working') : t('password.submit')}
        </button>
        <p className="muted small">{t('password.hint')}</p>
      </form>
    </main>
  );
}
