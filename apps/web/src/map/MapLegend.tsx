import { useI18n, type MessageKey } from '../i18n';
import { GREY, type LayerDef } from './layers';
import { SHAPES, type ShapeKey } from './shapes';

/** A shape as the map draws it, for the legend: filled with the colour, or hollow (not current). */
export function ShapeSwatch(props: {
  shape: ShapeKey;
  colour?: string;
  hollow?: boolean;
  text?: string;
  /** On a halo of its colour, as the map draws what needs action now. */
  halo?: boolean;
}) {
  const shape = SHAPES[props.shape];
  const colour = props.colour ?? shape.fill ?? GREY;
  const mark = props.hollow ? colour : '#ffffff';
  return (
    <svg
      className="shape-swatch"
      viewBox={props.halo ? '-5 -5 34 34' : '0 0 24 24'}
      width={props.halo ? 20 : 16}
      height={props.halo ? 20 : 16}
      aria-hidden="true"
      data-shape={props.shape}
    >
      {props.halo && <circle cx="12" cy="12" r="16" fill={colour} fillOpacity={0.22} stroke={colour} strokeWidth={2} />}
      <path
        d={shape.path}
        fill={props.hollow ? '#ffffff' : colour}
        fillOpacity={props.hollow ? 0.85 : 1}
        stroke={props.hollow ? colour : '#1c2733'}
        strokeWidth={props.hollow ? 2.2 : 1}
        strokeLinejoin="round"
      />
      {shape.mark?.path && <path d={shape.mark.path} fill={mark} />}
      {(shape.mark?.text ?? props.text) && (
        <text x="12" y="16.5" textAnchor="middle" fontSize={props.text ? 10 : 14} fontWeight="bold" fill={mark}>
          {props.text ?? shape.mark?.text}
        </text>
      )}
    </svg>
  );
}

const PLACES: readonly { shape: ShapeKey; label: MessageKey }[] = [
  { shape: 'hospital', label: 'legend.place.hospital' },
  { shape: 'police', label: 'legend.place.police' },
  { shape: 'fire', label: 'legend.place.fire' },
  { shape: 'ambulance', label: 'legend.place.ambulance' },
];

/**
 * The legend of the map: each shown layer with its shape in each of its colours, then what every layer
 * shares (no data yet, not current, a cluster) and the places of the basemap.
 */
export function MapLegend(props: { layers: readonly LayerDef[]; usAqi: boolean }) {
  const { t } = useI18n();
  return (
    <div className="legend">
      {props.layers.map((l) => (
        <div key={l.key} className="legend-group" data-layer={l.key}>
          <div className="legend-title">{t(l.label)}</div>
          {l.legend.map((item, i) => (
            <div key={i} className="legend-item">
              <ShapeSwatch
                shape={l.shape}
                colour={item.colour}
                hollow={item.hollow ?? false}
                halo={l.topmost ?? false}
              />
              {l.key === 'air' && props.usAqi ? t(`usaqi.${i + 1}` as MessageKey) : t(item.label)}
            </div>
          ))}
          {l.topmost && l.clusterBelow !== undefined && (
            <div className="legend-item" data-legend={`${l.key}-cluster`}>
              <ShapeSwatch shape="circle" colour={l.legend[0]?.colour ?? GREY} text="2" />
              {t('legend.incidents.cluster')}
            </div>
          )}
          {l.kinds?.map((k) => (
            <div key={k.kind} className="legend-item" data-legend={k.kind}>
              <ShapeSwatch shape={k.shape} colour={GREY} />
              {t(k.label)}
            </div>
          ))}
        </div>
      ))}
      <div className="legend-group" data-layer="all">
        <div className="legend-title">{t('legend.allLayers')}</div>
        <div className="legend-item" data-legend="no-data">
          <ShapeSwatch shape="circle" colour={GREY} />
          {t('legend.noData')}
        </div>
        <div className="legend-item" data-legend="stale">
          <ShapeSwatch shape="circle" colour="#1f6fd1" hollow />
          {t('legend.stale')}
        </div>
        <div className="legend-item" data-legend="cluster">
          <ShapeSwatch shape="cluster" text="12" />
          {t('legend.cluster')}
        </div>
      </div>
      <div className="legend-group" data-layer="places">
        <div className="legend-title">{t('legend.places')}</div>
        {PLACES.map((p) => (
          <div key={p.shape} className="legend-item" data-legend={p.shape}>
            <ShapeSwatch shape={p.shape} />
            {t(p.label)}
          </div>
        ))}
      </div>
    </div>
  );
}
