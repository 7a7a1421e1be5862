import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ContextBroker } from '../../context/index.js';
import type { Database } from '../../platform/db/index.js';
import { AirQualityIndexer, AirQualityStations } from './air-quality.js';
import { ExceedanceWatch, type AlarmSink, type WarningSink } from './exceedances.js';
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

export interface Environment {
  readonly indexer: AirQualityIndexer;
  /** Mounts /api/v1/environment/…. */
  register(app: FastifyInstance): Promise<void>;
  /** The worker role's share: rating stations and watching levels as readings arrive. */
  startWorker(): Promise<void>;
}

export function createEnvironment(deps: {
  db: Database;
  broker: ContextBroker;
  alarms: AlarmSink;
  warnings: WarningSink;
  /** VN_AQI from which the public is warned. */
  warnFrom: number;
  log: Logger;
}): Environment {
  const watch = new ExceedanceWatch({
    alarms: deps.alarms,
    warnings: deps.warnings,
    warnFrom: deps.warnFrom,
    context: deps.broker.service,
    resolver: deps.broker.resolver,
    log: deps.log,
  });
  const indexer = new AirQualityIndexer({
    db: deps.db,
    context: deps.broker.service,
    resolver: deps.broker.resolver,
    log: deps.log,
    watch,
  });
  const stations = new AirQualityStations({ context: deps.broker.service, resolver: deps.broker.resolver });
  const summaries = new AirQualitySummaries({
    db: deps.db,
    context: deps.broker.service,
    resolver: deps.broker.resolver,
  });
  return {
    indexer,
    async register(app) {
      await app.register(environmentRoutes, { stations, summaries });
    },
    async startWorker() {
      await indexer.start(deps.broker.notifier);
      await watch.start(deps.broker.notifier);
    },
  };
}
