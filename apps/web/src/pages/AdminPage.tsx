import { useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  admin,
  api,
  ApiError,
  authHeaders,
  request,
  type ApiKeyJson,
  type Device,
  type UserAccount,
  type Warning,
  type WrittenWarning,
} from '../api';
import { formatTime } from '../format';
import { hasKey, useI18n, type MessageKey } from '../i18n';

/**
 * Administration: accounts, API keys, device commands and public warnings. Each section shows only to
 * the roles its server routes grant (the server still refuses anything else); a section an operator
 * cannot use is not offered.
 */

const ROLES = ['admin', 'operator', 'dispatcher', 'officer', 'viewer', 'monitor'] as const;
/** Who may manage accounts and keys (access:manage), send commands (iot:write) and write warnings. */
const MANAGERS = ['admin'];
const OPERATORS = ['admin', 'operator'];
type Section = 'users' | 'keys' | 'commands' | 'warnings';

export function AdminPage({ roles, tenant }: { roles: readonly string[]; tenant: string }) {
  const { t } = useI18n();
  const sections: Section[] = [
    ...(roles.some((r) => MANAGERS.includes(r)) ? (['users', 'keys'] as const) : []),
    ...(roles.some((r) => OPERATORS.includes(r)) ? (['commands', 'warnings'] as const) : []),
  ];
  const [section, setSection] = useState<Section | undefined>(sections[0]);
  // The tenant new accounts and keys go to: the administrator's own ('*' is every tenant: the default one then).
  const ownTenant = tenant === '*' ? '' : tenant;
  if (!section) return <p className="pad">{t('admin.none')}</p>;
  return (
    <main className="admin-page">
      <h1>{t('admin.title')}</h1>
      <div role="tablist" aria-label={t('admin.title')} className="admin-tabs">
        {sections.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            id={`admin-tab-${s}`}
            aria-selected={section === s}
            aria-controls="admin-panel"
            className={section === s ? 'active' : ''}
            onClick={() => setSection(s)}
          >
            {t(`admin.tab.${s}` as MessageKey)}
          </button>
        ))}
      </div>
      <section id="admin-panel" role="tabpanel" aria-labelledby={`admin-tab-${section}`} className="admin-panel">
        {section === 'users' && <Users tenant={ownTenant} />}
        {section === 'keys' && <ApiKeys tenant={ownTenant} />}
        {section === 'commands' && <Commands />}
        {section === 'warnings' && <Warnings />}
      </section>
    </main>
  );
}

const messageOf = (err: unknown): string =>
  err instanceof ApiError || err instanceof Error ? err.message : String(err);

/** A secret shown once, with a button that copies it. */
function OneTimeSecret({ label, value, note }: { label: string; value: string; note: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="one-time-secret" role="status">
      <p>
        <strong>{label}</strong>
      </p>
      <code className="secret" data-secret>
        {value}
      </code>
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? t('admin.copied') : t('admin.copy')}
      </button>
      <p className="muted small">{note}</p>
    </div>
  );
}

/** A button that asks once more before it acts. */
function ConfirmButton({ label, confirm, onConfirm }: { label: string; confirm: string; onConfirm: () => void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <button type="button" className="danger" onClick={() => (setAsking(false), onConfirm())}>
        {confirm}
      </button>
      <button type="button" className="link" onClick={() => setAsking(false)}>
        {t('admin.cancel')}
      </button>
    </span>
  );
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

function RoleSelect({ value, onChange, name }: { value: string; onChange: (role: string) => void; name: string }) {
  const { t } = useI18n();
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}` as MessageKey)}
        </option>
      ))}
    </select>
  );
}

// ---- Users ----

function Users({ tenant }: { tenant: string }) {
  const { t, locale } = useI18n();
  const [users, setUsers] = useState<UserAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState('operator');
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      admin.users().then(
        (page) => setUsers(page.items),
        (err: unknown) => setError(messageOf(err)),
      ),
    [],
  );
  useEffect(() => void load(), [load]);
  const act = (work: Promise<unknown>) =>
    work.then(
      () => (setError(null), load()),
      (err: unknown) => setError(messageOf(err)),
    );

  return (
    <>
      <h2>{t('admin.users.title')}</h2>
      <form
        className="admin-form"
        aria-label={t('admin.users.create')}
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          admin
            .createUser({
              username: username.trim(),
              roles: [role],
              tenant,
              ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
            })
            .then((created) => {
              setSecret({ username: created.user.username, password: created.generatedPassword ?? '' });
              setUsername('');
              setDisplayName('');
              setError(null);
              return load();
            })
            .catch((err: unknown) => setError(messageOf(err)))
            .finally(() => setBusy(false));
        }}
      >
        <h3>{t('admin.users.create')}</h3>
        <label>
          {t('admin.users.username')}
          <input
            name="new-username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            pattern="[A-Za-z0-9._\-]{3,64}"
          />
        </label>
        <label>
          {t('admin.users.displayName')}
          <input name="new-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label>
          {t('admin.role')}
          <RoleSelect name="new-role" value={role} onChange={setRole} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('admin.users.createButton')}
        </button>
      </form>
      {secret && (
        <OneTimeSecret
          label={t('admin.users.oneTimePassword', { username: secret.username })}
          value={secret.password}
          note={t('admin.users.oneTimeNote')}
        />
      )}
      <ErrorLine error={error} />
      <div className="table-scroll">
        <table className="admin-table">
          <caption className="sr-only">{t('admin.users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.username')}</th>
              <th scope="col">{t('admin.users.displayName')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.state')}</th>
              <th scope="col">{t('admin.users.lastLogin')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(users ?? []).map((u) => (
              <tr key={u.id} data-user={u.username}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>
                  <RoleSelect
                    name={`role-${u.username}`}
                    value={u.roles[0] ?? 'viewer'}
                    onChange={(r) => void act(admin.updateUser(u.id, { roles: [r as (typeof ROLES)[number]] }))}
                  />
                </td>
                <td>
                  {u.disabled
                    ? t('admin.users.disabled')
                    : u.lockedUntil
                      ? t('admin.users.locked')
                      : u.mustChangePassword
                        ? t('admin.users.mustChange')
                        : t('admin.users.active')}
                </td>
                <td>{u.lastLoginAt ? formatTime(u.lastLoginAt, locale, true) : '—'}</td>
                <td className="admin-actions">
                  <ConfirmButton
                    label={u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                    confirm={u.disabled ? t('admin.users.confirmEnable') : t('admin.users.confirmDisable')}
                    onConfirm={() => void act(admin.updateUser(u.id, { disabled: !u.disabled }))}
                  />
                  <ConfirmButton
                    label={t('admin.users.reset')}
                    confirm={t('admin.users.confirmReset')}
                    onConfirm={() =>
                      void act(
                        admin
                          .resetPassword(u.id)
                          .then((r) => setSecret({ username: r.user.username, password: r.generatedPassword })),
                      )
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

// ---- API keys ----

function ApiKeys({ tenant }: { tenant: string }) {
  const { t, locale } = useI18n();
  const [keys, setKeys] = useState<ApiKeyJson[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState('viewer');
  const [keyTenant, setKeyTenant] = useState(tenant);

  const load = useCallback(
    () =>
      admin.apiKeys().then(
        (list) => setKeys(list.items),
        (err: unknown) => setError(messageOf(err)),
      ),
    [],
  );
  useEffect(() => void load(), [load]);

  return (
    <>
      <h2>{t('admin.keys.title')}</h2>
      <form
        className="admin-form"
        aria-label={t('admin.keys.create')}
        onSubmit={(e) => {
          e.preventDefault();
          admin
            .createApiKey({ name: name.trim(), roles: [role], tenant: keyTenant.trim() })
            .then((c) => {
              setCreated({ name: c.apiKey.name, key: c.key });
              setName('');
              setError(null);
              return load();
            })
            .catch((err: unknown) => setError(messageOf(err)));
        }}
      >
        <h3>{t('admin.keys.create')}</h3>
        <label>
          {t('admin.keys.name')}
          <input name="key-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t('admin.role')}
          <RoleSelect name="key-role" value={role} onChange={setRole} />
        </label>
        <label>
          {t('admin.tenant')}
          <input
            name="key-tenant"
            value={keyTenant}
            onChange={(e) => setKeyTenant(e.target.value)}
            placeholder={t('admin.tenantDefault')}
            maxLength={64}
          />
        </label>
        <button type="submit" className="primary">
          {t('admin.keys.createButton')}
        </button>
      </form>
      {created && (
        <OneTimeSecret
          label={t('admin.keys.secret', { name: created.name })}
          value={created.key}
          note={t('admin.keys.secretNote')}
        />
      )}
      <ErrorLine error={error} />
      <div className="table-scroll">
        <table className="admin-table">
          <caption className="sr-only">{t('admin.keys.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.keys.name')}</th>
              <th scope="col">{t('admin.keys.prefix')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.tenant')}</th>
              <th scope="col">{t('admin.keys.lastUsed')}</th>
              <th scope="col">{t('admin.state')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(keys ?? []).map((k) => (
              <tr key={k.id} data-key={k.name}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ')}</td>
                <td>{k.tenant === '' ? t('admin.tenantDefault') : k.tenant}</td>
                <td>{k.lastUsedAt ? formatTime(k.lastUsedAt, locale, true) : '—'}</td>
                <td>
                  {k.revokedAt
                    ? t('admin.keys.revokedAt', { time: formatTime(k.revokedAt, locale, true) })
                    : t('admin.keys.valid')}
                </td>
                <td>
                  {!k.revokedAt && (
                    <ConfirmButton
                      label={t('admin.keys.revoke')}
                      confirm={t('admin.keys.confirmRevoke')}
                      onConfirm={() =>
                        void admin.revokeApiKey(k.id).then(
                          () => load(),
                          (err: unknown) => setError(messageOf(err)),
                        )
                      }
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

// ---- Device commands ----

const COMMAND_REFRESH_MS = 2000;
/** A command's status or result as text (a device may answer with any JSON). */
const textOf = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

function Commands() {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Device[]>([]);
  const [device, setDevice] = useState<Device | null>(null);
  const [command, setCommand] = useState('');
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<{ status: string; info: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    const timer = setTimeout(
      () =>
        void api.devices({ q: search.trim() || undefined, limit: 20, offset: 0 }).then(
          (p) => setFound(p.devices.filter((d) => d.commands.length > 0)),
          (err: unknown) => setError(messageOf(err)),
        ),
      300,
    );
    return () => clearTimeout(timer);
  }, [search]);

  // The command's status as the device reports it, read from its entity while it is shown.
  useEffect(() => {
    if (!device || !command) return;
    let live = true;
    const read = () =>
      request<Record<string, unknown>>(
        'GET',
        `/ngsi-ld/v1/entities/${encodeURIComponent(device.entity_name)}?options=keyValues&attrs=${encodeURIComponent(`${command}_status,${command}_info`)}`,
      ).then(
        (e) => live && setStatus({ status: textOf(e[`${command}_status`]), info: textOf(e[`${command}_info`]) }),
        () => live && setStatus(null),
      );
    void read();
    const timer = setInterval(() => void read(), COMMAND_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [device, command, sent]);

  return (
    <>
      <h2>{t('admin.commands.title')}</h2>
      <p className="muted">{t('admin.commands.explain')}</p>
      <label>
        {t('admin.commands.find')}{' '}
        <input
          type="search"
          name="command-device-search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('devices.searchAll')}
        />
      </label>
      <ul className="plain device-choices" aria-label={t('admin.commands.devices')}>
        {found.map((d) => (
          <li key={d.device_id}>
            <button
              type="button"
              className={device?.device_id === d.device_id ? 'link active' : 'link'}
              aria-pressed={device?.device_id === d.device_id}
              onClick={() => (setDevice(d), setCommand(d.commands[0]?.name ?? ''), setSent(false), setStatus(null))}
            >
              {d.device_id}
            </button>{' '}
            <span className="muted">{d.commands.map((c) => c.name).join(', ')}</span>
          </li>
        ))}
        {found.length === 0 && <li className="muted">{t('admin.commands.noDevices')}</li>}
      </ul>
      {device && (
        <form
          className="admin-form"
          aria-label={t('admin.commands.send')}
          onSubmit={(e) => {
            e.preventDefault();
            admin.sendCommand(device.entity_name, command, value).then(
              () => (setSent((s) => !s), setError(null)),
              (err: unknown) => setError(messageOf(err)),
            );
          }}
        >
          <h3>{device.device_id}</h3>
          <label>
            {t('admin.commands.command')}
            <select name="command" value={command} onChange={(e) => (setCommand(e.target.value), setStatus(null))}>
              {device.commands.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.commands.value')}
            <input name="command-value" value={value} onChange={(e) => setValue(e.target.value)} maxLength={500} />
          </label>
          <button type="submit" className="primary">
            {t('admin.commands.sendButton')}
          </button>
          <p role="status" className="command-status">
            {t('admin.commands.status')}:{' '}
            <strong data-command-status={status?.status ?? ''}>
              {!status?.status
                ? '—'
                : hasKey(`admin.commandStatus.${status.status}`)
                  ? t(`admin.commandStatus.${status.status}` as MessageKey)
                  : status.status}
            </strong>
            {status?.info && <span className="muted"> · {status.info}</span>}
          </p>
        </form>
      )}
      <ErrorLine error={error} />
    </>
  );
}

// ---- Public warnings (CAP) ----

type Severity = WrittenWarning['severity'];
type Urgency = WrittenWarning['urgency'];
type Certainty = WrittenWarning['certainty'];
type Category = WrittenWarning['category'];
const SEVERITIES: Severity[] = ['Extreme', 'Severe', 'Moderate', 'Minor'];
const URGENCIES: Urgency[] = ['Immediate', 'Expected', 'Future'];
const CERTAINTIES: Certainty[] = ['Observed', 'Likely', 'Possible'];
const CATEGORIES: Category[] = ['Safety', 'Met', 'Geo', 'Health', 'Env', 'Infra', 'Other'];

/** A local date-time for an <input type="datetime-local">, hours from now. */
const localInput = (hoursAhead: number): string => {
  const d = new Date(Date.now() + hoursAhead * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function Bilingual({
  label,
  name,
  value,
  onChange,
  long,
}: {
  label: string;
  name: string;
  value: { vi: string; en: string };
  onChange: (v: { vi: string; en: string }) => void;
  long?: boolean;
}) {
  const { t } = useI18n();
  const field = (lang: 'vi' | 'en'): ReactNode => {
    const props = {
      name: `${name}-${lang}`,
      lang,
      value: value[lang],
      required: true,
      onChange: (e: { target: { value: string } }) => onChange({ ...value, [lang]: e.target.value }),
    };
    return (
      <label key={lang}>
        {label} ({t(`admin.lang.${lang}` as MessageKey)})
        {long ? <textarea {...props} rows={3} maxLength={2000} /> : <input {...props} maxLength={200} />}
      </label>
    );
  };
  return (
    <fieldset className="bilingual">
      {field('vi')}
      {field('en')}
    </fieldset>
  );
}

function Warnings() {
  const { t, pick, locale } = useI18n();
  const empty = { vi: '', en: '' };
  const [event, setEvent] = useState(empty);
  const [headline, setHeadline] = useState(empty);
  const [description, setDescription] = useState(empty);
  const [areaDesc, setAreaDesc] = useState('');
  // An optional circle: the map draws the warning's area with it.
  const [circle, setCircle] = useState({ lat: '', lon: '', radiusKm: '' });
  const [category, setCategory] = useState<Category>('Safety');
  const [severity, setSeverity] = useState<Severity>('Moderate');
  const [urgency, setUrgency] = useState<Urgency>('Expected');
  const [certainty, setCertainty] = useState<Certainty>('Likely');
  const [expires, setExpires] = useState(localInput(6));
  const [inForce, setInForce] = useState<Warning[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(
    () =>
      // Past the browser's cache (the public list may be cached a minute): this page just changed it.
      // Signed in, so the list is of the operator's own tenant, the one they write and cancel in.
      request<{ warnings: Warning[] }>('GET', '/api/v1/warnings', undefined, undefined, {
        ...authHeaders(),
        'cache-control': 'no-cache',
      }).then(
        (w) => setInForce(w.warnings),
        (err: unknown) => setError(messageOf(err)),
      ),
    [],
  );
  useEffect(() => void load(), [load]);

  const choice = <T extends string>(label: string, name: string, value: T, set: (v: T) => void, options: T[]) => (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => set(e.target.value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`admin.cap.${o}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <>
      <h2>{t('admin.warnings.title')}</h2>
      <form
        className="admin-form warning-form"
        aria-label={t('admin.warnings.write')}
        onSubmit={(e) => {
          e.preventDefault();
          admin
            .writeWarning({
              category,
              event,
              headline,
              description,
              severity,
              urgency,
              certainty,
              area: {
                areaDesc: areaDesc.trim(),
                ...(circle.lat && circle.lon && circle.radiusKm
                  ? {
                      circle: { lat: Number(circle.lat), lon: Number(circle.lon), radiusKm: Number(circle.radiusKm) },
                    }
                  : {}),
              },
              expires: new Date(expires).toISOString(),
            })
            .then((w) => {
              setDone(t('admin.warnings.issued', { headline: pick(w.headline) }));
              setError(null);
              setEvent(empty);
              setHeadline(empty);
              setDescription(empty);
              setAreaDesc('');
              setCircle({ lat: '', lon: '', radiusKm: '' });
              return load();
            })
            .catch((err: unknown) => (setDone(null), setError(messageOf(err))));
        }}
      >
        <h3>{t('admin.warnings.write')}</h3>
        <Bilingual label={t('admin.warnings.event')} name="event" value={event} onChange={setEvent} />
        <Bilingual label={t('admin.warnings.headline')} name="headline" value={headline} onChange={setHeadline} />
        <Bilingual
          label={t('admin.warnings.description')}
          name="description"
          value={description}
          onChange={setDescription}
          long
        />
        <label>
          {t('admin.warnings.area')}
          <input name="area" value={areaDesc} onChange={(e) => setAreaDesc(e.target.value)} required maxLength={200} />
        </label>
        {(
          [
            ['lat', t('admin.warnings.lat'), 20.5, 21.5, 0.0001],
            ['lon', t('admin.warnings.lon'), 105, 106.5, 0.0001],
            ['radiusKm', t('admin.warnings.radius'), 0.1, 100, 0.1],
          ] as const
        ).map(([key, label, min, max, step]) => (
          <label key={key}>
            {label}
            <input
              type="number"
              name={`area-${key}`}
              min={min}
              max={max}
              step={step}
              value={circle[key]}
              required={Object.values(circle).some(Boolean)}
              onChange={(e) => setCircle({ ...circle, [key]: e.target.value })}
            />
          </label>
        ))}
        <div className="admin-row">
          {choice(t('admin.warnings.category'), 'category', category, setCategory, CATEGORIES)}
          {choice(t('admin.warnings.severity'), 'severity', severity, setSeverity, SEVERITIES)}
          {choice(t('admin.warnings.urgency'), 'urgency', urgency, setUrgency, URGENCIES)}
          {choice(t('admin.warnings.certainty'), 'certainty', certainty, setCertainty, CERTAINTIES)}
          <label>
            {t('admin.warnings.expires')}
            <input
              type="datetime-local"
              name="expires"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              required
            />
          </label>
        </div>
        <button type="submit" className="primary">
          {t('admin.warnings.issue')}
        </button>
      </form>
      {done && <p role="status">{done}</p>}
      <ErrorLine error={error} />
      <h3>{t('admin.warnings.inForce')}</h3>
      {inForce.length === 0 && <p className="muted">{t('admin.warnings.noneInForce')}</p>}
      <ul className="plain admin-warnings">
        {inForce.map((w) => (
          <li key={w.identifier} data-warning={w.identifier}>
            <strong>{pick(w.headline)}</strong>{' '}
            <span className="muted">
              {t(`admin.cap.${w.severity}` as MessageKey)} · {w.area.areaDesc} ·{' '}
              {t('admin.warnings.until', { time: formatTime(w.expires, locale, true) })}
            </span>{' '}
            {w.condition === 'warning:written' ? (
              <ConfirmButton
                label={t('admin.warnings.cancel')}
                confirm={t('admin.warnings.confirmCancel')}
                onConfirm={() =>
                  void admin.cancelWarning(w.identifier).then(
                    () => (setDone(t('admin.warnings.cancelled', { headline: pick(w.headline) })), load()),
                    (err: unknown) => setError(messageOf(err)),
                  )
                }
              />
            ) : (
              <span className="muted small">{t('admin.warnings.automatic')}</span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
