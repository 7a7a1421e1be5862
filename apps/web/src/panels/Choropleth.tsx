import { useMemo } from 'react';
import type { WardShape } from '../api';
import { AQI_COLOURS } from '../format';
import { useI18n, type MessageKey } from '../i18n';

/**
 * Hanoi's wards coloured by VN_AQI category, drawn as SVG (no map engine: it is read like a figure,
 * works without WebGL and prints). A ward without a rated station is hatched grey and says "no data";
 * every ward names its value in its tooltip, and the table next to it carries the same for keyboards
 * and screen readers.
 */

export interface WardValue {
  readonly vnAqi: number;
  readonly level: number;
}

export interface StationMark {
  readonly id: string;
  readonly name: string;
  readonly location: readonly number[];
  readonly vnAqi: number | null;
}

/** How a ward is matched to the stations' areaServed: its official name, case and form aside. */
export const wardKey = (name: string) => name.normalize('NFC').trim().toLowerCase();

const W = 600;
const BANDS = ['0–50', '51–100', '101–150', '151–200', '201–300', '301+'];

function project(wards: readonly WardShape[]) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const w of wards) {
    const polygons = w.geometry.type === 'Polygon' ? [w.geometry.coordinates] : w.geometry.coordinates;
    for (const ring of polygons.flat()) {
      for (const [x = 0, y = 0] of ring) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  }
  // Equirectangular at the city's latitude: good enough for 100 km.
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = W / Math.max(1e-9, (maxX - minX) * k);
  const height = Math.ceil((maxY - minY) * scale);
  const xy = (lon: number, lat: number): [number, number] => [(lon - minX) * k * scale, (maxY - lat) * scale];
  return { xy, height };
}

export function Choropleth({
  wards,
  values,
  stations = [],
  label,
}: {
  wards: readonly WardShape[];
  values: ReadonlyMap<string, WardValue>;
  stations?: readonly StationMark[];
  label: string;
}) {
  const { t, language } = useI18n();
  const { xy, height, paths } = useMemo(() => {
    const p = project(wards);
    return {
      ...p,
      paths: wards.map((w) => {
        const polygons = w.geometry.type === 'Polygon' ? [w.geometry.coordinates] : w.geometry.coordinates;
        const d = polygons
          .flat()
          .map(
            (ring) =>
              ring
                .map(([x = 0, y = 0], i) => {
                  const [px, py] = p.xy(x, y);
                  return `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`;
                })
                .join('') + 'Z',
          )
          .join('');
        return { ward: w, d };
      }),
    };
  }, [wards]);

  return (
    <figure className="choropleth">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={label}>
        <defs>
          <pattern id="no-data-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#e5e7eb" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#9ca3af" strokeWidth="2" />
          </pattern>
        </defs>
        {paths.map(({ ward, d }) => {
          const v = values.get(wardKey(ward.name));
          const name = language === 'vi' ? ward.name : ward.nameEn;
          return (
            <path
              key={ward.code}
              d={d}
              className="ward"
              data-ward={ward.name}
              data-state={v ? 'rated' : 'no-data'}
              data-level={v?.level}
              fill={v ? AQI_COLOURS[v.level - 1] : 'url(#no-data-hatch)'}
            >
              <title>
                {v
                  ? `${name}: VN_AQI ${v.vnAqi}, ${t(`aqi.${v.level}` as MessageKey)}`
                  : `${name}: ${t('trends.noData')}`}
              </title>
            </path>
          );
        })}
        {stations.map((s) => {
          const [x, y] = xy(s.location[0] ?? 0, s.location[1] ?? 0);
          return (
            <g key={s.id} className="station-mark" data-station={s.id}>
              <circle cx={x} cy={y} r={4} />
              <text x={x + 6} y={y + 4}>
                {s.vnAqi ?? '–'}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="choropleth-legend" aria-label={t('trends.legend')}>
          {AQI_COLOURS.map((colour, i) => (
            <li key={colour}>
              <span className="swatch" style={{ background: colour }} aria-hidden="true" />
              {BANDS[i]} {t(`aqi.${i + 1}` as MessageKey)}
            </li>
          ))}
          <li>
            <span className="swatch no-data" aria-hidden="true" />
            {t('trends.noData')}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
