import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, setSession, storedSession, type AlarmJson, type Kpis, type Session, type Warning } from './api';
import { useI18n } from './i18n';
import { LiveStream, type LiveState } from './live';
import { withAlarm } from './alarm-list';
import { Login } from './pages/Login';

// The map page carries MapLibre; the devices page does not need it. Each loads when first shown.
const OperationsPage = lazy(() => import('./pages/OperationsPage').then((m) => ({ default: m.OperationsPage })));
const DevicesPage = lazy(() => import('./pages/DevicesPage').then((m) => ({ default: m.DevicesPage })));

type Page = 'map' | 'devices';
const pageOf = (path: string): Page => (path.startsWith('/devices') ? 'devices' : 'map');
const ALARM_WRITERS = ['admin', 'operator', 'dispatcher'];
const DEVICE_READERS = ['admin', 'operator', 'viewer'];
/** How long the stream may be down before the page says its figures are stale. */
const STALE_AFTER_MS = 4000;

export function App() {
  const { t, language, setLanguage, locale } = useI18n();
  const [session, setSessionState] = useState<Session | null>(storedSession);
  const [page, setPage] = useState<Page>(pageOf(location.pathname));
  const [kpis, setKpis] = useState<Kpis | null>(null);
  const [alarms, setAlarms] = useState<AlarmJson[]>([]);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [live, setLive] = useState<LiveState>('connecting');
  const [styleUrl, setStyleUrl] = useState<string | null | undefined>(undefined);

  const logout = useCallback(() => {
    void api.logout().catch(() => undefined);
    setSession(null);
    setSessionState(null);
  }, []);
  useEffect(() => {
    setSession(session, () => {
      setSession(null);
      setSessionState(null);
    });
  }, [session]);
  useEffect(() => {
    const onPop = () => setPage(pageOf(location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (p: Page) => {
    history.pushState(null, '', p === 'devices' ? '/devices' : '/');
    setPage(p);
  };

  // Alarms, warnings and KPIs come on the page's one live stream, pushed by the server: an alarm that
  // changes arrives as it is now, nothing is polled. A stream that stays down says so: an operator must
  // never take stale data for live. The figures shown are from when the stream was last live.
  const liveUntil = useRef<{ state: LiveState; at: Date | null }>({ state: 'connecting', at: null });
  const stream = useMemo(
    () =>
      new LiveStream({
        onKpis: setKpis,
        onAlarms: setAlarms,
        onAlarm: (alarm) => setAlarms((list) => withAlarm(list, alarm)),
        onWarnings: setWarnings,
        onState: (state) => {
          if (liveUntil.current.state === 'live' && state !== 'live') liveUntil.current.at = new Date();
          liveUntil.current.state = state;
          setLive(state);
        },
      }),
    [],
  );
  const onAlarmChanged = useCallback((alarm: AlarmJson) => setAlarms((list) => withAlarm(list, alarm)), []);
  const [stale, setStale] = useState<{ since: Date | null } | null>(null);
  const isLive = live === 'live';
  useEffect(() => {
    if (isLive || !session) {
      setStale(null);
      return;
    }
    // A reconnect (the map moved to another area) is not an outage: only one that lasts is.
    const timer = setTimeout(() => setStale({ since: liveUntil.current.at }), STALE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [isLive, session]);
  useEffect(() => {
    if (!session) return;
    api.uiConfig().then(
      (c) => setStyleUrl(c.mapStyleUrl),
      () => setStyleUrl(null),
    );
    liveUntil.current = { state: 'connecting', at: null };
    stream.start();
    return () => {
      stream.stop();
      // The next person may work in another tenant: nothing of this session stays on screen.
      setKpis(null);
      setAlarms([]);
      setWarnings([]);
    };
  }, [session, stream]);

  if (!session) return <Login onLoggedIn={setSessionState} />;
  const roles = session.user.roles;
  const canActOnAlarms = roles.some((r) => ALARM_WRITERS.includes(r));
  const canSeeDevices = roles.some((r) => DEVICE_READERS.includes(r));
  const open = kpis?.alarms.open;

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            TL
          </span>
          <span>
            <strong>{t('app.title')}</strong>
            <span className="muted"> · {t('app.city')}</span>
          </span>
        </div>
        <nav aria-label="main">
          <a
            href="/"
            className={page === 'map' ? 'active' : ''}
            onClick={(e) => (e.preventDefault(), go('map'))}
            aria-current={page === 'map' ? 'page' : undefined}
          >
            {t('nav.map')}
          </a>
          {canSeeDevices && (
            <a
              href="/devices"
              className={page === 'devices' ? 'active' : ''}
              onClick={(e) => (e.preventDefault(), go('devices'))}
              aria-current={page === 'devices' ? 'page' : undefined}
            >
              {t('nav.devices')}
            </a>
          )}
        </nav>
        <div className="header-alarms" aria-label={t('header.openAlarms')} title={t('header.openAlarms')}>
          {(['critical', 'high', 'medium', 'low'] as const).map((s) => (
            <span key={s} className={`severity-badge ${s}`} data-severity={s} title={t(`severity.${s}`)}>
              {open?.[s] ?? 0}
            </span>
          ))}
        </div>
        <span className={`live-state ${live}`} role="status">
          {t(`live.${live}`)}
        </span>
        <button
          type="button"
          className="link"
          onClick={() => setLanguage(language === 'vi' ? 'en' : 'vi')}
          aria-label={t('header.languageLabel')}
        >
          {t('header.language')}
        </button>
        <span className="user" title={session.user.roles.join(', ')}>
          {session.user.name}
        </span>
        <button type="button" onClick={logout}>
          {t('header.logout')}
        </button>
      </header>
      <div className="stale-slot" role="alert">
        {stale && (
          <p className="stale-banner">
            {stale.since ? t('stale.since', { time: stale.since.toLocaleTimeString(locale) }) : t('stale.never')}
          </p>
        )}
      </div>
      <Suspense fallback={<p className="muted pad">{t('common.loading')}</p>}>
        {page === 'devices' && canSeeDevices ? (
          <DevicesPage />
        ) : styleUrl === undefined ? (
          <p className="muted pad">{t('common.loading')}</p>
        ) : (
          <OperationsPage
            kpis={kpis}
            alarms={alarms}
            warnings={warnings}
            canActOnAlarms={canActOnAlarms}
            styleUrl={styleUrl}
            onAlarmChanged={onAlarmChanged}
            live={stream}
          />
        )}
      </Suspense>
    </div>
  );
}
