import { defineErrors } from '../../platform/errors.js';
import { defineModule } from '../../platform/modules.js';
import { alarmsModule } from '../alarms/index.js';
import { warningsModule } from '../warnings/index.js';
import { AirQualityIndexer, AirQualityStations } from './air-quality.js';
import { ExceedanceWatch } from './exceedances.js';
import { environmentRoutes } from './routes.js';
import { AirQualitySummaries } from './summaries.js';

/**
 * Environment monitoring: air-quality indices (VN_AQI per Decision 1459/QĐ-TCMT, the US EPA AQI as a
 * second scale) and the legal limits readings are judged by. The public surface of environment/.
 */
export {
  dailyVnAqi,
  highest8hMean,
  hourlyVnAqi,
  nowcast,
  subIndex,
  vnAqiCategory,
  VN_AQI_CATEGORIES,
  VN_POLLUTANTS,
  type HourlyValue,
  type Pollutant,
  type VnAqiCategory,
  type VnAqiResult,
} from './vn-aqi.js';
export {
  usAqi,
  usAqiCategory,
  US_AQI_CATEGORIES,
  US_AQI_SCALE,
  type UsAqiCategory,
  type UsAqiPollutant,
} from './us-aqi.js';
export {
  airLimit,
  noiseLimit,
  AIR_LIMITS,
  NOISE_LIMITS,
  type AirLimitPollutant,
  type Averaging,
  type Limit,
  type LimitVersion,
  type NoiseArea,
} from './limits.js';
export { AQI_ATTRIBUTES, type StationRating } from './air-quality.js';
export {
  AQI_ALARM_FROM,
  exceedanceSeverity,
  type AlarmSink,
  type WarningSink,
  type WarningPlace,
} from './exceedances.js';

export const environmentModule = defineModule({
  name: 'environment',
  permissions: {
    // Air quality is public information: every role reads it (and AUTH_ANONYMOUS_READ can open it to all).
    'environment:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer', 'monitor'],
  },
  errors: defineErrors({
    BAD_DATE: { status: 400, when: 'air-quality summaries: `from`/`to` are not dates (YYYY-MM-DD)' },
    BAD_DATE_RANGE: { status: 400, when: 'air-quality summaries: `to` before `from`, or a span too long' },
    BAD_MONTH: { status: 400, when: 'air-quality summaries: `month` is not YYYY-MM' },
    BAD_INSTANT: { status: 400, when: 'air-quality hourly replay: `until` is not an ISO 8601 instant' },
  }),
  // Exceedances raise alarms and warn the public.
  needs: { alarms: alarmsModule, warnings: warningsModule },
  create({ broker, needs }) {
    const watch = new ExceedanceWatch({
      alarms: needs.alarms,
      warnings: needs.warnings.service,
      warnFrom: needs.warnings.aqiFrom,
      context: broker.service,
      resolver: broker.resolver,
    });
    const indexer = new AirQualityIndexer({
      measures: broker.measures,
      context: broker.service,
      resolver: broker.resolver,
      watch,
    });
    const stations = new AirQualityStations({ context: broker.service, resolver: broker.resolver });
    const summaries = new AirQualitySummaries({
      measures: broker.measures,
      context: broker.service,
      resolver: broker.resolver,
    });
    return {
      provides: { indexer },
      async routes(app) {
        await app.register(environmentRoutes, { stations, summaries });
      },
      // Rating stations and watching levels as readings arrive.
      consumers: [indexer.consumer, watch.consumer],
    };
  },
});
