/** The audit trail (append-only, hash-chained): the public surface of platform/audit. */
export { auditHttp } from './http.js';
export { auditRoutes } from './routes.js';
export { actorOf, AuditTrail, SYSTEM_ACTOR, type AuditEvent, type VerifyReport } from './service.js';
export { canonicalJson, type AuditActor, type AuditRecord, type ChainBreak } from './chain.js';
