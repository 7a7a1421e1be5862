/** The temporal API and the care of history: what the rest of the server may use. */
export { historyRetentionRoutes, temporalRoutes, type TemporalRoutesOptions } from './routes.js';
export { maintainHistory, TemporalService, type HistoryMaintenance } from './service.js';
