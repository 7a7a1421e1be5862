/** The papers of online public services: forms 01–07, the electronic result, its signature and its check. */
export { FORM_TITLES, renderForm } from './forms.js';
export { renderResult, type DossierResult } from './result.js';
export {
  AgencySigners,
  ResultSigner,
  loadOrCreateDemoSigner,
  verifySignedPdf,
  type SignatureCheck,
} from './signing.js';
export { TIMELINESS_VI, STATE_VI, shortTimeVi, timelinessOf, type DossierSheet, type SheetEvent } from './sheet.js';
