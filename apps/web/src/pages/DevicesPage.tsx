import { useEffect, useRef, useState } from 'react';
import { api, type Device } from '../api';
import { downloadCsv } from '../csv';
import { formatAge, formatNumber, formatTime } from '../format';
import { hasKey, useI18n, type MessageKey } from '../i18n';

/**
 * Devices with their health as the ingestion records it (status, last seen, messages, errors). The
 * message rate is measured from the server's counters between two refreshes while the page is open.
 */

const PAGE = 50;
const REFRESH_MS = 10_000;
const SEARCH_PAUSE_MS = 300;

export function DevicesPage() {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  // The search runs on the server over every device, once typing pauses.
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [search]);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ count: number; devices: Device[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Device | null>(null);
  const previous = useRef(new Map<string, { at: number; messages: number }>());
  const [rates, setRates] = useState<Record<string, number>>({});

  useEffect(() => {
    let live = true;
    const load = () =>
      api
        .devices({ status: status || undefined, q: query || undefined, limit: PAGE, offset })
        .then((p) => {
          if (!live) return;
          const now = Date.now();
          const next: Record<string, number> = {};
          for (const d of p.devices) {
            const before = previous.current.get(d.device_id);
            if (before && now > before.at)
              next[d.device_id] = ((d.health.messages - before.messages) * 60_000) / (now - before.at);
            previous.current.set(d.device_id, { at: now, messages: d.health.messages });
          }
          setRates((r) => ({ ...r, ...next }));
          setPage(p);
          setError(null);
        })
        .catch((err: Error) => live && setError(err.message));
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [status, query, offset]);

  const shown = page?.devices ?? [];
  const searching = query !== '' || status !== '';
  const typeLabel = (type: string) => (hasKey(`type.${type}`) ? t(`type.${type}` as MessageKey) : type);

  return (
    <main className="devices-page">
      <div className="devices-list">
        <header className="toolbar">
          <h1>{t('devices.title')}</h1>
          <label>
            {t('devices.filter')}{' '}
            <select value={status} onChange={(e) => (setStatus(e.target.value), setOffset(0))} name="status">
              <option value="">{t('devices.all')}</option>
              <option value="online">{t('status.online')}</option>
              <option value="offline">{t('status.offline')}</option>
              <option value="never">{t('status.never')}</option>
              <option value="outOfService">{t('status.outOfService')}</option>
            </select>
          </label>
          <input
            type="search"
            placeholder={t('devices.searchAll')}
            aria-label={t('devices.searchAll')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <span className="muted" role="status">
            {page
              ? searching
                ? t('devices.matches', { count: page.count })
                : t('devices.count', { count: page.count })
              : t('common.loading')}
          </span>
          <button
            type="button"
            disabled={shown.length === 0}
            onClick={() =>
              // The rows and columns of the table as shown; last seen as an ISO time.
              downloadCsv(
                `devices-${new Date().toISOString().slice(0, 10)}`,
                [
                  'devices.id',
                  'devices.type',
                  'devices.status',
                  'devices.lastSeen',
                  'devices.messages',
                  'devices.rate',
                  'devices.errors',
                ].map((k) => t(k as MessageKey)),
                shown.map((d) => [
                  d.device_id,
                  typeLabel(d.entity_type),
                  t(`status.${d.health.status}`),
                  d.health.lastSeenAt ?? t('devices.never'),
                  d.health.messages,
                  rates[d.device_id] !== undefined ? Math.round((rates[d.device_id] as number) * 10) / 10 : null,
                  d.health.errors,
                ]),
              )
            }
          >
            {t('devices.exportCsv')}
          </button>
        </header>
        {error && <p className="error">{t('common.error', { message: error })}</p>}
        <table className="devices">
          <thead>
            <tr>
              <th scope="col">{t('devices.id')}</th>
              <th scope="col">{t('devices.type')}</th>
              <th scope="col">{t('devices.status')}</th>
              <th scope="col">{t('devices.lastSeen')}</th>
              <th scope="col" className="num">
                {t('devices.messages')}
              </th>
              <th scope="col" className="num" title={t('devices.rateHint')}>
                {t('devices.rate')}
              </th>
              <th scope="col" className="num">
                {t('devices.errors')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr
                key={d.device_id}
                className={selected?.device_id === d.device_id ? 'selected' : ''}
                data-device={d.device_id}
              >
                <td>
                  <button type="button" className="link" onClick={() => setSelected(d)}>
                    {d.device_id}
                  </button>
                </td>
                <td>{typeLabel(d.entity_type)}</td>
                <td>
                  <span className={`status ${d.health.status}`}>{t(`status.${d.health.status}`)}</span>
                </td>
                <td title={formatTime(d.health.lastSeenAt, locale, true)}>
                  {d.health.lastSeenAt ? formatAge(d.health.lastSeenAt, t) : t('devices.never')}
                </td>
                <td className="num">{formatNumber(d.health.messages, locale, 0)}</td>
                <td className="num">
                  {rates[d.device_id] !== undefined ? formatNumber(rates[d.device_id] as number, locale, 1) : '—'}
                </td>
                <td className={d.health.errors > 0 ? 'num error' : 'num'}>
                  {formatNumber(d.health.errors, locale, 0)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.count === 0 && <p className="muted pad">{t('devices.noMatch')}</p>}
        <footer className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('devices.previous')}
          </button>
          <span className="muted">
            {page && page.count > 0 ? `${offset + 1}–${Math.min(offset + PAGE, page.count)} / ${page.count}` : ''}
          </span>
          <button
            type="button"
            disabled={!page || offset + PAGE >= page.count}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('devices.next')}
          </button>
        </footer>
      </div>
      {selected && (
        <aside className="device-detail" aria-label={t('devices.detail')}>
          <header className="inspector-head">
            <div>
              <div className="inspector-type">{t('devices.detail')}</div>
              <h2>{selected.device_id}</h2>
            </div>
            <button
              type="button"
              className="icon-button"
              aria-label={t('inspector.close')}
              onClick={() => setSelected(null)}
            >
              ×
            </button>
          </header>
          <dl className="facts">
            <div>
              <dt>{t('devices.entity')}</dt>
              <dd>{selected.entity_name}</dd>
            </div>
            <div>
              <dt>{t('devices.type')}</dt>
              <dd>{typeLabel(selected.entity_type)}</dd>
            </div>
            <div>
              <dt>{t('devices.status')}</dt>
              <dd>{t(`status.${selected.health.status}`)}</dd>
            </div>
            <div>
              <dt>{t('devices.lastSeen')}</dt>
              <dd>
                {selected.health.lastSeenAt ? formatTime(selected.health.lastSeenAt, locale, true) : t('devices.never')}
              </dd>
            </div>
            <div>
              <dt>{t('devices.messages')}</dt>
              <dd>{formatNumber(selected.health.messages, locale, 0)}</dd>
            </div>
            <div>
              <dt>{t('devices.errors')}</dt>
              <dd>{formatNumber(selected.health.errors, locale, 0)}</dd>
            </div>
            <div>
              <dt>{t('devices.protocol')}</dt>
              <dd>{[selected.protocol, selected.transport].filter(Boolean).join(' · ') || 'JSON'}</dd>
            </div>
            {selected.autoprovisioned && (
              <div>
                <dt>{t('devices.autoprovisioned')}</dt>
                <dd>{t('value.yes')}</dd>
              </div>
            )}
          </dl>
          <h3>{t('devices.measures')}</h3>
          <ul className="plain">
            {selected.attributes.map((a) => (
              <li key={a.name}>
                <code>{a.object_id ?? a.name}</code> →{' '}
                {hasKey(`attr.${a.name}`) ? t(`attr.${a.name}` as MessageKey) : a.name}
              </li>
            ))}
          </ul>
          {selected.static_attributes.length > 0 && (
            <>
              <h3>{t('devices.statics')}</h3>
              <dl className="facts">
                {selected.static_attributes
                  .filter((s) => typeof s.value !== 'object')
                  .map((s) => (
                    <div key={s.name}>
                      <dt>{hasKey(`attr.${s.name}`) ? t(`attr.${s.name}` as MessageKey) : s.name}</dt>
                      <dd>{String(s.value)}</dd>
                    </div>
                  ))}
              </dl>
            </>
          )}
          {selected.commands.length > 0 && (
            <>
              <h3>{t('devices.commands')}</h3>
              <ul className="plain">
                {selected.commands.map((c) => (
                  <li key={c.name}>
                    <code>{c.name}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
      )}
    </main>
  );
}
