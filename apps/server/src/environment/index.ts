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
