/** Personal data (Law 91/2025/QH15): sealing, masking, audited reads, data-subject requests, consent. */
export { personalDataRoutes } from './routes.js';
export {
  loadMasterKeys,
  PersonalData,
  readerOf,
  REQUEST_DEADLINE_HOURS,
  rotateMasterKey,
  type MasterKeys,
  type PersonalDataSource,
  type Reader,
  type SealedRecord,
  type Sealer,
  type Subject,
} from './service.js';
export { isSealed, isSealedBytes, mask, PERSONAL_KINDS, type PersonalKind } from './crypto.js';
