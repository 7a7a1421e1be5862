import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent as ReactMouseEvent } from 'react';
import {
  api,
  setSession,
  storedSession,
  type AlarmJson,
  type AlarmSummary,
  type Kpis,
  type Session,
  type Warning,
} from './api';
import { useI18n } from './i18n';
import { LiveStream, type LiveState } from './live';
import { isShelved, titleOf, withAlarm } from './alarm-list';
import { playCriticalTone } from './alarm-sound';
import { Login } from './pages/Login';
import { NotFound } from './pages/NotFound';

// The map page carries MapLibre; the devices page does not need it. Each loads when first shown.
const OperationsPage = lazy(() => import('./pages/OperationsPage').then((m) => ({ default: m.OperationsPage })));
const DevicesPage = lazy(() => import('./pages/DevicesPage').then((m) => ({ default: m.DevicesPage })));
const TrendsPage = lazy(() => import('./pages/TrendsPage').then((m) => ({ default: m.TrendsPage })));
const TransitPage = lazy(() => import('./pages/TransitPage').then((m) => ({ default: m.TransitPage })));
// Administration and the account page: for few people, loaded only when opened.
const AdminPage = lazy(() => import('./pages/AdminPage').then((m) => ({ default: m.AdminPage })));
const AccountPage = lazy(() => import('./pages/AccountPage').then((m) => ({ default: m.AccountPage })));
// The dispatcher console and its report: for the emergency centre's people.
const DispatchPage = lazy(() => import('./pages/DispatchPage').then((m) => ({ default: m.DispatchPage })));
const DispatchReportPage = lazy(() =>
  import('./pages/DispatchReportPage').then((m) => ({ default: m.DispatchReportPage })),
);
// Citizen reports: the officers' desk and the leaders' figures.
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const ReportsInsightPage = lazy(() =>
  import('./pages/ReportsInsightPage').then((m) => ({ default: m.ReportsInsightPage })),
);
// Online public services: the officers' dossier desk and the leaders' Decision 766 index.
const DossiersPage = lazy(() => import('./pages/DossiersPage').then((m) => ({ default: m.DossiersPage })));
const PaymentsPage = lazy(() => import('./pages/PaymentsPage').then((m) => ({ default: m.PaymentsPage })));
const DossiersIndexPage = lazy(() =>
  import('./pages/DossiersIndexPage').then((m) => ({ default: m.DossiersIndexPage })),
);

type Page =
  | 'map'
  | 'devices'
  | 'trends'
  | 'transit'
  | 'dispatch'
  | 'dispatchReport'
  | 'reports'
  | 'reportsInsight'
  | 'dossiers'
  | 'dossiersIndex'
  | 'payments'
  | 'admin'
  | 'account'
  | 'notFound';
const PATHS: Record<Exclude<Page, 'notFound'>, string> = {
  map: '/',
  devices: '/devices',
  trends: '/trends',
  transit: '/transit',
  dispatch: '/dispatch',
  dispatchReport: '/dispatch/report',
  reports: '/reports',
  reportsInsight: '/reports/insight',
  dossiers: '/dossiers',
  dossiersIndex: '/dossiers/index',
  payments: '/payments',
  admin: '/admin',
  account: '/account',
};
/** The page of an address; one the app does not have is "page not found" (the server sends the app for it). */
const pageOf = (path: string): Page => {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const found = (Object.keys(PATHS) as (keyof typeof PATHS)[]).find((p) => PATHS[p] === clean);
  return found ?? 'notFound';
};
/** Who sees the administration link: those who manage accounts, send commands or write warnings. */
const ADMINISTRATORS = ['admin', 'operator'];
const ALARM_WRITERS = ['admin', 'operator', 'dispatcher'];
const DEVICE_READERS = ['admin', 'operator', 'viewer'];
/** The emergency centre: who reads it (and its report), and who takes calls and dispatches. */
const EMERGENCY_READERS = ['admin', 'operator', 'dispatcher', 'officer', 'viewer'];
const EMERGENCY_WRITERS = ['admin', 'dispatcher'];
/** Citizen reports: who reads the queue and the figures (reports:read, reports:insight), who handles them. */
const REPORT_READERS = ['admin', 'officer', 'operator', 'viewer'];
const REPORT_HANDLERS = ['admin', 'officer'];
/** Online public services: services:read and services:index (the same roles), services:handle. */
const DOSSIER_READERS = ['admin', 'officer', 'operator', 'viewer'];
const DOSSIER_HANDLERS = ['admin', 'officer'];
/** Payments: payments:read (the dashboard), payments:refund (a refund made recorded). */
const PAYMENT_READERS = ['admin', 'officer', 'viewer'];
const PAYMENT_REFUNDERS = ['admin'];
/** How long the stream may be down before the page says its figures are stale. */
const STALE_AFTER_MS = 4000;

/** The skip link: to the page's main content, whichever page is shown, with the focus moved there. */
function skipToMain(e: ReactMouseEvent<HTMLAnchorElement>): void {
  const main = document.querySelector<HTMLElement>('main');
  if (!main) return;
  e.preventDefault();
  if (!main.hasAttribute('tabindex')) main.tabIndex = -1;
  main.focus();
}

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
  const go = (p: Exclude<Page, 'notFound'>) => {
    history.pushState(null, '', PATHS[p]);
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
        onAlarm: (alarm) => onAlarmArrivedRef.current(alarm),
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
  // Alarm console: a new critical alarm gets a banner (and a tone, unless muted) that takes the operator
  // to it; the header counts active and cleared-to-acknowledge alarms apart, from the server's summary.
  const [critical, setCritical] = useState<AlarmJson | null>(null);
  const [alarmFocus, setAlarmFocus] = useState<{ id: string; nonce: number } | null>(null);
  const [alarmSummary, setAlarmSummary] = useState<AlarmSummary | null>(null);
  const alarmsNow = useRef<readonly AlarmJson[]>([]);
  alarmsNow.current = alarms;
  const onAlarmArrived = useCallback((alarm: AlarmJson) => {
    const before = alarmsNow.current.find((a) => a.id === alarm.id);
    const wasCritical = before?.severity === 'critical' && before.state.startsWith('active-');
    if (alarm.severity === 'critical' && alarm.state === 'active-unacknowledged' && !isShelved(alarm) && !wasCritical) {
      setCritical(alarm);
      playCriticalTone();
    }
    setCritical((shown) => (shown?.id === alarm.id && alarm.state !== 'active-unacknowledged' ? null : shown));
    setAlarms((list) => withAlarm(list, alarm));
  }, []);
  const onAlarmArrivedRef = useRef(onAlarmArrived);
  useEffect(() => {
    if (!session) {
      setAlarmSummary(null);
      return;
    }
    // After a burst of changes, one read of the counts.
    const timer = setTimeout(() => void api.alarmSummary().then(setAlarmSummary, () => undefined), 400);
    return () => clearTimeout(timer);
  }, [session, alarms]);
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
      setCritical(null);
    };
  }, [session, stream]);

  // The client takes the new session before the page renders, so no panel's first request goes out
  // with the token of the session it replaces (a forced password change ends that one).
  if (!session)
    return (
      <Login
        onLoggedIn={(s) => {
          setSession(s);
          setSessionState(s);
        }}
      />
    );
  const roles = session.user.roles;
  const canActOnAlarms = roles.some((r) => ALARM_WRITERS.includes(r));
  const canSeeDevices = roles.some((r) => DEVICE_READERS.includes(r));
  const activeBySeverity = alarmSummary?.activeBySeverity;
  const canAdminister = roles.some((r) => ADMINISTRATORS.includes(r));
  const canSeeEmergency = roles.some((r) => EMERGENCY_READERS.includes(r));
  const canDispatch = roles.some((r) => EMERGENCY_WRITERS.includes(r));
  const canSeeReports = roles.some((r) => REPORT_READERS.includes(r));
  const canHandleReports = roles.some((r) => REPORT_HANDLERS.includes(r));
  const canSeeDossiers = roles.some((r) => DOSSIER_READERS.includes(r));
  const canSeePayments = roles.some((r) => PAYMENT_READERS.includes(r));
  const canRefund = roles.some((r) => PAYMENT_REFUNDERS.includes(r));
  const canHandleDossiers = roles.some((r) => DOSSIER_HANDLERS.includes(r));

  return (
    <div className="app">
      <a href="#main" className="skip-link" onClick={skipToMain}>
        {t('access.skipToMain')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            TL
          </span>
          <span className="brand-name">
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
          <a
            href="/trends"
            className={page === 'trends' ? 'active' : ''}
            onClick={(e) => (e.preventDefault(), go('trends'))}
            aria-current={page === 'trends' ? 'page' : undefined}
          >
            {t('nav.trends')}
          </a>
          <a
            href="/transit"
            className={page === 'transit' ? 'active' : ''}
            onClick={(e) => (e.preventDefault(), go('transit'))}
            aria-current={page === 'transit' ? 'page' : undefined}
          >
            {t('nav.transit')}
          </a>
          {canSeeEmergency && (
            <a
              href="/dispatch"
              className={page === 'dispatch' || page === 'dispatchReport' ? 'active' : ''}
              onClick={(e) => (e.preventDefault(), go('dispatch'))}
              aria-current={page === 'dispatch' ? 'page' : undefined}
            >
              {t('nav.dispatch')}
            </a>
          )}
          {canSeeReports && (
            <a
              href="/reports"
              className={page === 'reports' || page === 'reportsInsight' ? 'active' : ''}
              onClick={(e) => (e.preventDefault(), go('reports'))}
              aria-current={page === 'reports' ? 'page' : undefined}
            >
              {t('nav.reports')}
            </a>
          )}
          {canSeeDossiers && (
            <a
              href="/dossiers"
              className={page === 'dossiers' || page === 'dossiersIndex' ? 'active' : ''}
              onClick={(e) => (e.preventDefault(), go('dossiers'))}
              aria-current={page === 'dossiers' ? 'page' : undefined}
            >
              {t('nav.dossiers')}
            </a>
          )}
          {canSeePayments && (
            <a
              href="/payments"
              className={page === 'payments' ? 'active' : ''}
              onClick={(e) => (e.preventDefault(), go('payments'))}
              aria-current={page === 'payments' ? 'page' : undefined}
            >
              {t('nav.payments')}
            </a>
          )}
          {canAdminister && (
            <a
              href="/admin"
              className={page === 'admin' ? 'active' : ''}
              onClick={(e) => (e.preventDefault(), go('admin'))}
              aria-current={page === 'admin' ? 'page' : undefined}
            >
              {t('nav.admin')}
            </a>
          )}
        </nav>
        <div className="header-alarms" role="group" aria-label={t('header.openAlarms')}>
          <span className="header-alarm-words" data-count="alarms">
            <span data-count="active">{t('header.alarmsActive', { n: alarmSummary?.active ?? 0 })}</span>
            {' · '}
            <span data-count="to-acknowledge">
              {t('header.alarmsToAcknowledge', { n: alarmSummary?.toAcknowledge ?? 0 })}
            </span>
            {(alarmSummary?.shelved ?? 0) > 0 && (
              <>
                {' · '}
                <span data-count="shelved">{t('header.alarmsShelved', { n: alarmSummary?.shelved ?? 0 })}</span>
              </>
            )}
          </span>
          <span className="header-alarm-badges" title={t('header.activeBySeverity')} aria-hidden="true">
            {(['critical', 'high', 'medium', 'low'] as const).map((s) => (
              <span key={s} className={`severity-badge ${s}`} data-severity={s} title={t(`severity.${s}`)}>
                {activeBySeverity?.[s] ?? 0}
              </span>
            ))}
          </span>
          <span className="sr-only">
            {t('header.activeBySeverity')}:{' '}
            {(['critical', 'high', 'medium', 'low'] as const)
              .map((s) => `${t(`severity.${s}`)} ${activeBySeverity?.[s] ?? 0}`)
              .join(', ')}
          </span>
        </div>
        <span className={`live-state ${live}`} role="status">
          {t(live === 'retrying' ? 'live.reconnecting' : `live.${live}`)}
        </span>
        <button
          type="button"
          className="link"
          onClick={() => setLanguage(language === 'vi' ? 'en' : 'vi')}
          aria-label={t('header.languageLabel')}
        >
          {t('header.language')}
        </button>
        <a
          href="/account"
          className="user"
          title={t('nav.account')}
          onClick={(e) => (e.preventDefault(), go('account'))}
          aria-current={page === 'account' ? 'page' : undefined}
        >
          {session.user.name}
        </a>
        <button type="button" className="logout" onClick={logout}>
          {t('header.logout')}
        </button>
      </header>
      {critical && (
        <div className="critical-banner" role="alert" data-alarm={critical.id}>
          <span>
            {t('banner.critical', { title: titleOf(critical, t) })}
            {critical.area ? ` · ${critical.area}` : ''}
          </span>
          <button
            type="button"
            onClick={() => {
              if (page !== 'map') go('map');
              setAlarmFocus({ id: critical.id, nonce: Date.now() });
              setCritical(null);
            }}
          >
            {t('banner.show')}
          </button>
          <button type="button" className="link" onClick={() => setCritical(null)}>
            {t('banner.dismiss')}
          </button>
        </div>
      )}
      <div className="stale-slot" role="alert">
        {stale && (
          <p className="stale-banner">
            {stale.since ? t('stale.since', { time: stale.since.toLocaleTimeString(locale) }) : t('stale.never')}
          </p>
        )}
      </div>
      <Suspense fallback={<p className="muted pad">{t('common.loading')}</p>}>
        {page === 'notFound' ? (
          <NotFound onHome={() => go('map')} />
        ) : page === 'admin' && canAdminister ? (
          <AdminPage roles={roles} tenant={session.user.tenant} />
        ) : page === 'account' ? (
          <AccountPage session={session} onSession={setSessionState} />
        ) : page === 'devices' && canSeeDevices ? (
          <DevicesPage />
        ) : page === 'trends' ? (
          <TrendsPage />
        ) : page === 'dispatch' && canSeeEmergency && styleUrl !== undefined ? (
          <DispatchPage
            live={stream}
            styleUrl={styleUrl}
            canWrite={canDispatch}
            onReport={() => go('dispatchReport')}
          />
        ) : page === 'dispatchReport' && canSeeEmergency ? (
          <DispatchReportPage onConsole={() => go('dispatch')} />
        ) : page === 'reports' && canSeeReports && styleUrl !== undefined ? (
          <ReportsPage styleUrl={styleUrl} canHandle={canHandleReports} onInsight={() => go('reportsInsight')} />
        ) : page === 'reportsInsight' && canSeeReports ? (
          <ReportsInsightPage onQueue={() => go('reports')} />
        ) : page === 'dossiers' && canSeeDossiers ? (
          <DossiersPage canHandle={canHandleDossiers} onIndex={() => go('dossiersIndex')} />
        ) : page === 'dossiersIndex' && canSeeDossiers ? (
          <DossiersIndexPage onQueue={() => go('dossiers')} />
        ) : page === 'payments' && canSeePayments ? (
          <PaymentsPage canRefund={canRefund} />
        ) : page === 'transit' ? (
          <TransitPage canWriteAlerts={canActOnAlarms} />
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
            alarmFocus={alarmFocus}
            live={stream}
            canReadEmergency={canSeeEmergency}
            onResponseReport={() => go('dispatchReport')}
          />
        )}
      </Suspense>
    </div>
  );
}
