import type { ThangLongModule } from '../platform/modules.js';
import { alarmsModule } from './alarms/index.js';
import { cityModule } from './city/index.js';
import { emergencyModule } from './emergency/index.js';
import { environmentModule } from './environment/index.js';
import { kpisModule } from './kpis/index.js';
import { paymentsModule } from './payments/index.js';
import { reportsModule } from './reports/index.js';
import { servicesModule } from './services/index.js';
import { transitModule } from './transit/index.js';
import { warningsModule } from './warnings/index.js';

/**
 * The city's modules: a module is in Thang Long when it is in this list, and only then. Adding one
 * is adding its definition here (see modules/_example/). The order is free: each module is made after
 * the modules it needs.
 */
export const cityModules: readonly ThangLongModule[] = [
  cityModule,
  alarmsModule,
  warningsModule,
  environmentModule,
  kpisModule,
  transitModule,
  emergencyModule,
  reportsModule,
  paymentsModule,
  servicesModule,
];
