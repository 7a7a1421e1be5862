import { useI18n } from '../i18n';
import type { InViewItem, Selection } from '../map/CityMap';
import { LAYERS } from '../map/layers';

/** Items listed per layer: more is zooming in, not scrolling a list of thousands. */
const PER_LAYER = 30;

/**
 * What the map shows in its visible area, as a list a keyboard and a screen reader can use: by layer,
 * each item with its status in words (the legend's word for its colour), each opening the inspector.
 */
export function InViewList({
  open,
  onToggle,
  items,
  onSelect,
}: {
  open: boolean;
  onToggle: () => void;
  items: readonly InViewItem[] | null;
  onSelect: (selection: Selection) => void;
}) {
  const { t } = useI18n();
  return (
    <section className="in-view" aria-label={t('access.inView.title')}>
      <h2>
        <button type="button" className="fold" aria-expanded={open} aria-controls="in-view-list" onClick={onToggle}>
          {t('access.inView.title')} <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
      </h2>
      <div id="in-view-list" hidden={!open}>
        {open && items === null && <p className="muted small">{t('common.loading')}</p>}
        {open && items?.length === 0 && <p className="muted small">{t('access.inView.none')}</p>}
        {open &&
          items &&
          LAYERS.map((def) => {
            const here = items.filter((i) => i.layer === def.key).sort((a, b) => a.name.localeCompare(b.name));
            if (here.length === 0) return null;
            return (
              <div key={def.key} className="in-view-layer">
                <h3>
                  {t(def.label)} ({here.length})
                </h3>
                <ul>
                  {here.slice(0, PER_LAYER).map((item) => {
                    const status = def.key === 'buses' ? undefined : def.legend.find((l) => l.colour === item.colour);
                    return (
                      <li key={item.id}>
                        <button
                          type="button"
                          className="in-view-item"
                          data-entity={item.id}
                          onClick={() => onSelect({ id: item.id, type: item.type })}
                        >
                          <span className="swatch" style={{ background: item.colour }} aria-hidden="true" />
                          <span className="in-view-name">{item.name}</span>
                          <span className="muted small">
                            {[
                              item.label,
                              status ? t(status.label) : def.key === 'buses' ? '' : t('access.inView.noData'),
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                          </span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
                {here.length > PER_LAYER && (
                  <p className="muted small">{t('access.inView.more', { n: here.length - PER_LAYER })}</p>
                )}
              </div>
            );
          })}
      </div>
    </section>
  );
}
