/**
 * The Open311 GeoReport v2 codec of citizen reports: responses in XML and JSON, a POST requests form
 * read and checked, another city's export read. Pure functions: no database, no HTTP.
 */
export {
  CONTENT_TYPE,
  formatCreated,
  formatDiscovery,
  formatErrors,
  formatRequests,
  formatServiceDefinition,
  formatServices,
  formatTokens,
  formatUpdates,
  open311Time,
} from './format.js';
export type {
  Discovery,
  Format,
  Language,
  Open311Error,
  Open311Update,
  RequestsOptions,
  UpdatesOptions,
} from './format.js';
export { MAX_DESCRIPTION_CHARS, parseCreate } from './parse.js';
export type { ParseResult, ParsedReport } from './parse.js';
export { ExportUnreadable, importTime, parseExport } from './import.js';
export type { ExportOptions, ImportedNote, ImportedRequest } from './import.js';
export { escapeXml } from './xml.js';
