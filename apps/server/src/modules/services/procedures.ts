import { canonicalJson, SYSTEM_ACTOR, type AuditActor } from '../../platform/audit/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { cityWards, wardOf } from '../city/index.js';
import { wardDepartment } from '../reports/index.js';
import { checkSchema, conditionProblems, formFields, holds, isText } from './forms.js';
import {
  APPLICANT_KINDS,
  ONLINE_LEVELS,
  PROCEDURE_LEVELS,
  RESULT_KINDS,
  type Agency,
  type Condition,
  type Fee,
  type FormField,
  type FormValues,
  type HandlingStep,
  type OnlineLevel,
  type Procedure,
  type ProcedureLevel,
  type RequiredDocument,
  type Text,
} from './model.js';
import * as store from './procedures-store.js';
import { sameText, search } from './search.js';

/**
 * The catalogue of administrative procedures a city offers online, as the National Database on
 * Administrative Procedures lists them, with the e-form of each. A procedure is kept in versions: an
 * admin's change makes a new version (a save that changes nothing makes none), and a dossier keeps the
 * version it was filed under, so its form, fees and steps never change under it.
 *
 * Auditing: the platform records every write that reaches a route (platform/audit/http.ts: the actor,
 * `PUT /api/v1/services/procedures/:code`, the outcome); each version also keeps who saved it.
 *
 * Ward committees are not stored: they are the People's Committees of the city's wards (modules/city),
 * with the codes the citizen reports give them (modules/reports `wardDepartment`: `ward-<ward code>`),
 * so a ward's committee is the same body in both modules.
 */

export type NewProcedure = Omit<Procedure, 'version' | 'updatedAt'>;

export const PROCEDURE_ERRORS = defineErrors({
  SERVICES_PROCEDURE_NOT_FOUND: {
    status: 404,
    when: 'services: no procedure of that code (or no such version of it) in the catalogue, or one not offered to the public',
  },
  SERVICES_PROCEDURE_INVALID: {
    status: 400,
    when: 'services: a procedure an admin sends with problems (its e-form, steps, fees, documents or agencies); `problems` lists each; nothing saved',
  },
  SERVICES_PROCEDURE_EXISTS: {
    status: 409,
    when: 'services: a new procedure with the code of one already in the catalogue (change it with PUT instead)',
  },
});

export const procedureErrors = {
  notFound: (code: string, version?: number) =>
    new AppError(
      'SERVICES_PROCEDURE_NOT_FOUND',
      404,
      version === undefined
        ? `There is no procedure "${code}".`
        : `There is no version ${version} of the procedure "${code}".`,
      { params: { code, ...(version === undefined ? {} : { version }) } },
    ),
  invalid: (problems: readonly string[]) =>
    new AppError(
      'SERVICES_PROCEDURE_INVALID',
      400,
      `The procedure has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`,
      { extra: { problems } },
    ),
  exists: (code: string) =>
    new AppError('SERVICES_PROCEDURE_EXISTS', 409, `The procedure "${code}" is already in the catalogue.`, {
      params: { code },
    }),
};

/** What the public list shows of a procedure. */
export interface ProcedureSummary {
  readonly code: string;
  readonly version: number;
  readonly name: Text;
  readonly field: Text;
  readonly level: ProcedureLevel;
  readonly agency: string;
  readonly limitDays: number;
  /** What every applicant pays at least (the fees without a condition, one unit each of a count of one). */
  readonly feeFromVnd: number;
  readonly onlineLevel: OnlineLevel;
}

export function procedureSummary(p: Procedure): ProcedureSummary {
  return {
    code: p.code,
    version: p.version,
    name: p.name,
    field: p.field,
    level: p.level,
    agency: p.agency,
    limitDays: p.limitDays,
    feeFromVnd: p.fees.filter((f) => f.when === undefined).reduce((sum, f) => sum + leastOf(f), 0),
    onlineLevel: p.onlineLevel,
  };
}

/** A fee for one unit of a count of one (a copy of a one-page original). */
const leastOf = (f: Fee): number =>
  feeAmount(f, Object.fromEntries([f.perField ?? [], f.byCount?.field ?? []].flat().map((id) => [id, 1])));

/**
 * Agencies that stand for "the one of the applicant's ward": a procedure names one, and each dossier is
 * given the real agency of the ward its form names (`agencyByWard`) when filed. They are never picked.
 */
export const WARD_COMMITTEE = 'ubnd-phuong-xa';
export const WARD_POLICE = 'cong-an-phuong-xa';
export const isWardStandIn = (code: string): boolean => code === WARD_COMMITTEE || code === WARD_POLICE;

/** The People's Committee of a ward (by its official code), as an agency. */
export function wardCommittee(wardCode: string): Agency | undefined {
  const ward = wardOf(wardCode);
  if (!ward || ward.code !== wardCode) return undefined;
  const d = wardDepartment(ward.code, ward.name);
  return { code: d.id, name: d.name, level: 'commune' };
}

/** The police of a ward (by its official code), as an agency: `cong-an-<ward code>`. */
export function wardPolice(wardCode: string): Agency | undefined {
  const ward = wardOf(wardCode);
  if (!ward || ward.code !== wardCode) return undefined;
  const name = ward.name.trim();
  const kind = /^(phường|xã)\s+/iu.exec(name);
  const bare = kind ? name.slice(kind[0].length) : name;
  const commune = kind?.[1]?.toLowerCase() === 'xã';
  const en = bare
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
  return {
    code: `cong-an-${ward.code}`,
    name: {
      vi: `Công an ${kind ? (commune ? 'xã' : 'phường') : 'phường/xã'} ${bare}`,
      en: `${en} ${kind ? (commune ? 'Commune' : 'Ward') : 'Ward/Commune'} Police`,
    },
    level: 'commune',
  };
}

let committees: ReadonlyMap<string, Agency> | undefined;
let police: ReadonlyMap<string, Agency> | undefined;
/** Every ward's and commune's People's Committee, by its agency code. */
function committeesByCode(): ReadonlyMap<string, Agency> {
  committees ??= new Map(cityWards().map((w) => [wardDepartment(w.code, w.name).id, wardCommittee(w.code) as Agency]));
  return committees;
}
function policeByCode(): ReadonlyMap<string, Agency> {
  police ??= new Map(cityWards().map((w) => [`cong-an-${w.code}`, wardPolice(w.code) as Agency]));
  return police;
}

/** Every ward's and commune's People's Committee, then every ward's police. */
export function wardCommittees(): readonly Agency[] {
  return [...committeesByCode().values(), ...policeByCode().values()];
}

/** A ward's committee or police by its agency code (e.g. "ward-00070", "cong-an-00070"), or undefined. */
export const wardCommitteeByCode = (code: string): Agency | undefined =>
  committeesByCode().get(code) ?? policeByCode().get(code);

/** The ward agency a procedure handled where the applicant lives resolves to, by the ward's code. */
const wardAgencyOf = (p: Procedure | NewProcedure, wardCode: string): Agency | undefined =>
  p.agency === WARD_POLICE ? wardPolice(wardCode) : wardCommittee(wardCode);

/** Whether an agency is one of the wards' agencies of the kind a procedure handled by ward resolves to. */
const isWardAgencyOf = (p: Procedure | NewProcedure, agency: string): boolean =>
  p.agencyByWard !== undefined &&
  (p.agency === WARD_POLICE ? policeByCode().has(agency) : committeesByCode().has(agency));

/**
 * The agency that decides a dossier: the applicant's ward's committee (or the ward's police, for a
 * procedure of the ward police) when the procedure is handled where the applicant lives
 * (`agencyByWard` names the form's ward field), else the procedure's agency.
 */
export function agencyFor(p: Procedure | NewProcedure, values: FormValues): string {
  if (p.agencyByWard === undefined) return p.agency;
  const ward = values[p.agencyByWard];
  return (typeof ward === 'string' && wardAgencyOf(p, ward)?.code) || p.agency;
}

/**
 * The agency of one step for a dossier: in a procedure handled by the applicant's ward, the steps that
 * name the procedure's agency (the ward committee in general) are done by that ward's committee.
 */
export function stepAgency(p: Procedure | NewProcedure, step: HandlingStep, values: FormValues): string {
  return p.agencyByWard !== undefined && step.agency === p.agency ? agencyFor(p, values) : step.agency;
}

/**
 * Whether an agency decides a procedure's dossiers (`agencyFor` may name it): the procedure's agency, or
 * for one handled where the applicant lives, every ward's committee. The index scores an agency's
 * procedures by this.
 */
export function decides(p: Procedure, agency: string): boolean {
  return p.agency === agency || isWardAgencyOf(p, agency);
}

/** Whether an agency decides or does a step of a procedure; a ward's committee, those handled by the applicant's ward. */
function handledBy(p: Procedure, agency: string): boolean {
  if (p.agency === agency || p.steps.some((s) => s.agency === agency)) return true;
  return isWardAgencyOf(p, agency);
}

export function feesFor(
  p: Procedure | NewProcedure,
  values: FormValues,
): { items: { code: string; name: Text; amountVnd: number }[]; totalVnd: number } {
  const items = p.fees
    .filter((f) => holds(f.when, values, p.form))
    .map((f) => ({ code: f.code, name: f.name, amountVnd: feeAmount(f, values) }))
    .filter((i) => i.amountVnd > 0);
  return { items, totalVnd: items.reduce((sum, i) => sum + i.amountVnd, 0) };
}

/** A number field's value as a count (absent or not a number: none). */
const countOf = (values: FormValues, field: string | undefined): number => {
  if (field === undefined) return 1;
  const n = Number(values[field] ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
};

/**
 * What one fee comes to: a unit's amount plus its count at the rates (each rate from its `from` to the
 * next one's), capped a unit, times the units. The citizens' page counts the same way (its form.ts).
 */
export function feeAmount(f: Fee, values: FormValues): number {
  let unit = f.amountVnd;
  if (f.byCount) {
    const count = countOf(values, f.byCount.field);
    const rates = f.byCount.rates;
    rates.forEach((r, i) => {
      const until = rates[i + 1]?.from ?? Infinity;
      unit += r.amountVnd * Math.max(0, Math.min(count + 1, until) - r.from);
    });
  }
  if (f.unitCapVnd !== undefined) unit = Math.min(unit, f.unitCapVnd);
  return Math.round(unit * countOf(values, f.perField));
}

export function documentsFor(p: Procedure | NewProcedure, values: FormValues): RequiredDocument[] {
  return p.documents.filter((d) => holds(d.when, values, p.form));
}

// ---------------------------------------------------------------------------------------------------
// A procedure an admin sends, checked whole.

const CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;
const PART = /^[a-z0-9][a-z0-9-]{0,63}$/;
const KEYS = new Set([
  'code',
  'name',
  'field',
  'level',
  'agency',
  'agencyByWard',
  'steps',
  'limitDays',
  'fees',
  'documents',
  'result',
  'onlineLevel',
  'applicants',
  'legalBasis',
  'form',
  'allocation',
  'published',
  'version',
  'updatedAt',
]);
const ACCEPT = ['pdf', 'jpeg', 'png'];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isHalfDays = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 365 && Number.isInteger(v * 2);

/** A property the procedure does not have would be kept unseen: refused, so a typo is heard. */
function unknownKeys(where: string, o: Record<string, unknown>, known: readonly string[], problems: string[]): void {
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) problems.push(`${where}: unknown property "${key}"`);
  }
}

function uniqueCodes(where: string, list: unknown[], problems: string[]): void {
  const seen = new Set<unknown>();
  list.forEach((item, i) => {
    const code = isObject(item) ? item['code'] : undefined;
    if (typeof code !== 'string' || !PART.test(code)) {
      problems.push(`${where} ${i + 1}: "code" must be lower-case letters, digits and -`);
    } else if (seen.has(code)) problems.push(`${where} "${code}" is listed twice`);
    seen.add(code);
  });
}

/** What is wrong with a procedure (empty: nothing); `agencies` are the codes it may name. */
export function checkProcedure(p: unknown, agencies: ReadonlySet<string>): string[] {
  if (!isObject(p)) return ['the procedure must be an object'];
  const problems: string[] = [];
  for (const key of Object.keys(p)) {
    if (!KEYS.has(key)) problems.push(`unknown property "${key}"`);
  }
  if (typeof p['code'] !== 'string' || !CODE.test(p['code']))
    problems.push('"code" must be the National Database code (e.g. 1.001193): letters, digits, . _ -');
  if (!isText(p['name'], 500)) problems.push('"name" must have non-empty vi and en texts');
  if (!isText(p['field'], 200)) problems.push('"field" must have non-empty vi and en texts');
  if (!PROCEDURE_LEVELS.includes(p['level'] as ProcedureLevel))
    problems.push(`"level" must be one of ${PROCEDURE_LEVELS.join(', ')}`);
  const knownAgency = (code: unknown) =>
    typeof code === 'string' && (agencies.has(code) || wardCommitteeByCode(code) !== undefined);
  if (!knownAgency(p['agency']))
    problems.push(`"agency" must be an agency of the catalogue (got ${JSON.stringify(p['agency'])})`);
  if (!ONLINE_LEVELS.includes(p['onlineLevel'] as OnlineLevel))
    problems.push(`"onlineLevel" must be one of ${ONLINE_LEVELS.join(', ')}`);
  if (typeof p['published'] !== 'boolean') problems.push('"published" must be true or false');
  const applicants = p['applicants'];
  if (
    !Array.isArray(applicants) ||
    applicants.length === 0 ||
    applicants.some((a) => !(APPLICANT_KINDS as readonly unknown[]).includes(a)) ||
    new Set(applicants).size !== applicants.length
  ) {
    problems.push(`"applicants" must list some of ${APPLICANT_KINDS.join(', ')}, each once`);
  }
  const legal = p['legalBasis'];
  if (
    !Array.isArray(legal) ||
    legal.length === 0 ||
    legal.some((l) => typeof l !== 'string' || l.trim() === '' || l.length > 500)
  ) {
    problems.push('"legalBasis" must list the legal documents (non-empty texts)');
  }
  const result = p['result'];
  if (
    !isObject(result) ||
    !(RESULT_KINDS as readonly unknown[]).includes(result['kind']) ||
    !isText(result['name'], 500) ||
    typeof result['electronic'] !== 'boolean'
  ) {
    problems.push(`"result" must be { kind: ${RESULT_KINDS.join(' | ')}, name: { vi, en }, electronic: true | false }`);
  }
  if (isObject(result)) unknownKeys('result', result, ['kind', 'name', 'electronic', 'subject'], problems);

  // The e-form first: fees, documents and the allocation refer to its fields.
  const formProblems = checkSchema(p['form']);
  problems.push(...formProblems.map((x) => `form: ${x}`));
  const form = formProblems.length === 0 ? (p['form'] as Procedure['form']) : undefined;
  const fields = new Map(form ? formFields(form).map((f) => [f.id, f]) : []);
  const condition = (where: string, c: unknown) => {
    if (c !== undefined && form) problems.push(...conditionProblems(where, c, form));
  };

  if (p['agencyByWard'] !== undefined && form && fields.get(p['agencyByWard'] as string)?.type !== 'ward') {
    problems.push('"agencyByWard" must name a ward field of the form');
  }

  const subject = isObject(result) ? result['subject'] : undefined;
  if (subject !== undefined) {
    const fieldOf = (id: unknown, type: string) => typeof id === 'string' && fields.get(id)?.type === type;
    if (
      !isObject(subject) ||
      !isText(subject['label'], 200) ||
      !isText(subject['applicantLabel'], 200) ||
      (form && !fieldOf(subject['nameField'], 'text')) ||
      (form && subject['birthDateField'] !== undefined && !fieldOf(subject['birthDateField'], 'date'))
    ) {
      problems.push(
        '"result.subject" must be { label: { vi, en }, nameField: a text field, birthDateField?: a date field, applicantLabel: { vi, en } }',
      );
    }
    if (isObject(subject))
      unknownKeys('result.subject', subject, ['label', 'nameField', 'birthDateField', 'applicantLabel'], problems);
  }

  const limit = p['limitDays'];
  if (!isHalfDays(limit) || limit === 0)
    problems.push('"limitDays" must be a number of working days above 0 (halves allowed)');
  const steps = p['steps'];
  if (!Array.isArray(steps) || steps.length === 0) problems.push('"steps" must list the handling steps');
  else {
    uniqueCodes('step', steps, problems);
    steps.forEach((s, i) => {
      const at = `step ${isObject(s) && typeof s['code'] === 'string' ? s['code'] : i + 1}`;
      if (!isObject(s)) return;
      unknownKeys(at, s, ['code', 'name', 'agency', 'days'], problems);
      if (!isText(s['name'], 500)) problems.push(`${at}: "name" must have non-empty vi and en texts`);
      if (!knownAgency(s['agency']))
        problems.push(`${at}: "agency" must be an agency of the catalogue (got ${JSON.stringify(s['agency'])})`);
      if (!isHalfDays(s['days'])) problems.push(`${at}: "days" must be working days (halves allowed)`);
    });
    const total = steps.reduce((sum: number, s) => sum + (isObject(s) && isHalfDays(s['days']) ? s['days'] : 0), 0);
    if (isHalfDays(limit) && total !== limit)
      problems.push(`the steps' days add up to ${total}, not the limit of ${limit}`);
  }

  const fees = p['fees'];
  if (!Array.isArray(fees)) problems.push('"fees" must be a list (empty when free)');
  else {
    uniqueCodes('fee', fees, problems);
    fees.forEach((f, i) => {
      const at = `fee ${isObject(f) && typeof f['code'] === 'string' ? f['code'] : i + 1}`;
      if (!isObject(f)) return;
      unknownKeys(at, f, ['code', 'name', 'amountVnd', 'when', 'perField', 'byCount', 'unitCapVnd'], problems);
      if (!isText(f['name'], 500)) problems.push(`${at}: "name" must have non-empty vi and en texts`);
      if (!isDong(f['amountVnd'])) problems.push(`${at}: "amountVnd" must be whole đồng, 0 or more`);
      condition(at, f['when']);
      if (f['perField'] !== undefined && form && fields.get(f['perField'] as string)?.type !== 'number') {
        problems.push(`${at}: "perField" must name a number field of the form`);
      }
      problems.push(...feeRateProblems(at, f, form ? fields : undefined));
    });
  }

  const documents = p['documents'];
  if (!Array.isArray(documents)) problems.push('"documents" must be a list');
  else {
    uniqueCodes('document', documents, problems);
    documents.forEach((d, i) => {
      const at = `document ${isObject(d) && typeof d['code'] === 'string' ? d['code'] : i + 1}`;
      if (!isObject(d)) return;
      unknownKeys(at, d, ['code', 'name', 'required', 'when', 'template', 'accept'], problems);
      if (!isText(d['name'], 500)) problems.push(`${at}: "name" must have non-empty vi and en texts`);
      if (typeof d['required'] !== 'boolean') problems.push(`${at}: "required" must be true or false`);
      const accept = d['accept'];
      if (!Array.isArray(accept) || accept.length === 0 || accept.some((a) => !ACCEPT.includes(a as string)))
        problems.push(`${at}: "accept" must list some of ${ACCEPT.join(', ')}`);
      if (
        d['template'] !== undefined &&
        (typeof d['template'] !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(d['template']))
      )
        problems.push(`${at}: "template" must be a file name under /api/v1/services/templates/`);
      condition(at, d['when']);
    });
  }

  const allocation = p['allocation'];
  if (allocation !== undefined) {
    if (!isObject(allocation) || !Array.isArray(allocation['schools']) || allocation['schools'].length === 0) {
      problems.push('"allocation" must be { schoolField, wardField, schools: [...] }');
    } else if (form) {
      unknownKeys('allocation', allocation, ['schoolField', 'wardField', 'pupilField', 'schools'], problems);
      const pupil = allocation['pupilField'];
      if (pupil !== undefined && fields.get(pupil as string)?.type !== 'id-number')
        problems.push('allocation: "pupilField" must name an id-number field of the form');
      const school = fields.get(allocation['schoolField'] as string);
      if (school?.type !== 'select') problems.push('allocation: "schoolField" must name a select field of the form');
      if (fields.get(allocation['wardField'] as string)?.type !== 'ward')
        problems.push('allocation: "wardField" must name a ward field of the form');
      const schools = allocation['schools'] as unknown[];
      uniqueCodes('school', schools, problems);
      const options = new Set((school?.options ?? []).map((o) => o.value));
      schools.forEach((s, i) => {
        const at = `school ${isObject(s) && typeof s['code'] === 'string' ? s['code'] : i + 1}`;
        if (!isObject(s)) return;
        unknownKeys(at, s, ['code', 'name', 'wards', 'places'], problems);
        if (!isText(s['name'], 500)) problems.push(`${at}: "name" must have non-empty vi and en texts`);
        if (!Number.isInteger(s['places']) || (s['places'] as number) < 1)
          problems.push(`${at}: "places" must be 1 or more`);
        const wards = s['wards'];
        if (
          !Array.isArray(wards) ||
          wards.length === 0 ||
          wards.some((w) => typeof w !== 'string' || wardOf(w)?.code !== w)
        )
          problems.push(`${at}: "wards" must list official ward codes of the city`);
        if (school && typeof s['code'] === 'string' && !options.has(s['code']))
          problems.push(`${at}: is not a choice of the field "${school.id}"`);
      });
      for (const o of options) {
        if (!schools.some((s) => isObject(s) && s['code'] === o))
          problems.push(`allocation: the choice "${o}" is not a school`);
      }
    }
  }
  return problems;
}

const isDong = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1e12;

/**
 * What is wrong with a fee's count and cap: rates from 1, each starting after the one before, in whole
 * đồng, counted by a number field of the form other than the units'; a cap in whole đồng above 0.
 */
function feeRateProblems(at: string, f: Record<string, unknown>, fields?: Map<string, FormField>): string[] {
  const problems: string[] = [];
  const cap = f['unitCapVnd'];
  if (cap !== undefined && (!isDong(cap) || cap === 0)) problems.push(`${at}: "unitCapVnd" must be whole đồng above 0`);
  const by = f['byCount'];
  if (by === undefined) return problems;
  const shape = `${at}: "byCount" must be { field: a number field of the form, rates: [{ from: 1, amountVnd }, { from, amountVnd }…] }`;
  if (!isObject(by) || typeof by['field'] !== 'string' || !Array.isArray(by['rates'])) return [...problems, shape];
  unknownKeys(`${at} byCount`, by, ['field', 'rates'], problems);
  if (fields && fields.get(by['field'])?.type !== 'number')
    problems.push(`${at}: "byCount.field" must name a number field of the form (got ${JSON.stringify(by['field'])})`);
  if (by['field'] === f['perField'])
    problems.push(`${at}: "byCount.field" must differ from "perField" (a unit's count, not the units)`);
  const rates = by['rates'] as unknown[];
  if (rates.length === 0 || rates.length > 20) problems.push(`${at}: "byCount.rates" must list 1 to 20 rates`);
  let after = 0;
  rates.forEach((r, i) => {
    const where = `${at}: rate ${i + 1}`;
    if (!isObject(r)) {
      problems.push(`${where} must be { from, amountVnd }`);
      return;
    }
    unknownKeys(where, r, ['from', 'amountVnd'], problems);
    const from = r['from'];
    if (!Number.isInteger(from) || (i === 0 ? from !== 1 : (from as number) <= after || (from as number) > 1e6))
      problems.push(
        i === 0
          ? `${where}: "from" must be 1 (the first rate counts from the first one)`
          : `${where}: "from" must be a whole number above the rate before's (${after}), at most 1000000`,
      );
    if (Number.isInteger(from)) after = Math.max(after, from as number);
    if (!isDong(r['amountVnd'])) problems.push(`${where}: "amountVnd" must be whole đồng, 0 or more`);
  });
  return problems;
}

/** The content that makes a version: everything but whether it is offered. */
function content(p: NewProcedure | Record<string, unknown>): string {
  const rest: Record<string, unknown> = { ...p };
  delete rest['published'];
  delete rest['version'];
  delete rest['updatedAt'];
  return canonicalJson(rest);
}

function toProcedure(v: store.StoredVersion): Procedure {
  const body = standInResolved(requesterMarked(wholeCounts(v.body as unknown as NewProcedure)));
  return { ...body, published: v.published, version: v.version, updatedAt: v.updatedAt };
}

/**
 * A version saved naming a ward stand-in without its ward field (the residence confirmation's first
 * ones) is read with its form's one ward field: its dossiers go to that ward's agency as later ones do.
 */
function standInResolved(p: NewProcedure): NewProcedure {
  if (p.agencyByWard !== undefined || !isWardStandIn(p.agency)) return p;
  const wards = formFields(p.form).filter((f) => f.type === 'ward');
  return wards.length === 1 && wards[0] ? { ...p, agencyByWard: wards[0].id } : p;
}

/**
 * A fee charged per a field's number (per copy, per page) is charged per whole one: that field takes
 * whole numbers, however the procedure was saved (1.5 copies would be charged half a fee more).
 */
function wholeCounts(p: NewProcedure): NewProcedure {
  const counts = new Set(p.fees.flatMap((f) => [f.perField ?? [], f.byCount?.field ?? []].flat()));
  if (counts.size === 0) return p;
  return {
    ...p,
    form: {
      ...p.form,
      sections: p.form.sections.map((section) => ({
        ...section,
        fields: section.fields.map((f) => (counts.has(f.id) && f.type === 'number' ? { ...f, integer: true } : f)),
      })),
    },
  };
}

/** The city's forms' requester fields, by id (the record's person only when asked for oneself). */
const CITY_REQUESTER_FIELDS: Readonly<Record<string, true | Condition>> = {
  requesterName: true,
  requesterIdNumber: true,
  parentName: true,
  parentIdNumber: true,
  recordPerson: { field: 'forSelf', equals: true },
};

/**
 * A procedure saved before fields were marked `requester` (none is): the city's forms' requester fields
 * are marked by their ids, so a signed-in filer is held to their own identity in those versions too.
 */
function requesterMarked(p: NewProcedure): NewProcedure {
  const fields = p.form.sections.flatMap((s) => s.fields);
  if (fields.some((f) => f.requester !== undefined)) return p;
  const ids = new Set(fields.map((f) => f.id));
  const mark = (f: FormField): FormField => {
    const requester = CITY_REQUESTER_FIELDS[f.id];
    if (requester === undefined || (f.personal !== 'name' && f.personal !== 'national-id')) return f;
    if (requester !== true && !ids.has(requester.field)) return f;
    return { ...f, requester };
  };
  return {
    ...p,
    form: { ...p.form, sections: p.form.sections.map((section) => ({ ...section, fields: section.fields.map(mark) })) },
  };
}

/** The procedure as sent, keeping only its own properties (a version or time sent along is not kept). */
function bodyOf(p: NewProcedure): NewProcedure {
  const rest: Record<string, unknown> = { ...p };
  delete rest['version'];
  delete rest['updatedAt'];
  return JSON.parse(JSON.stringify(rest)) as NewProcedure;
}

export interface ListQuery {
  readonly text?: string;
  readonly field?: string;
  readonly level?: ProcedureLevel;
  readonly agency?: string;
  /** Unpublished ones too (staff). */
  readonly all?: boolean;
}

/**
 * How long a procedure read is kept in memory: every filing and every dossier's page reads its
 * procedure. A save here forgets it at once; another instance's save is seen within this time.
 */
const KEPT_MS = 10_000;
const KEPT_MAX = 1000;

export class ProcedureCatalogue {
  readonly #db: Database;
  readonly #now: () => Date;
  /** Procedures read lately, by tenant, code and version (`latest` for the current one). */
  readonly #kept = new Map<string, { until: number; version: store.StoredVersion | undefined }>();
  /** Saves made by this instance so far: a read that overlapped one is not kept. */
  #saves = 0;

  constructor(deps: { db: Database; now?: () => Date }) {
    this.#db = deps.db;
    this.#now = deps.now ?? (() => new Date());
  }

  /**
   * The demo catalogue: its agencies, and its procedures saved as the system. A procedure whose latest
   * version the system saved follows the demo's changes (a new version, offered or not as it was;
   * dossiers keep theirs); one an admin saved is left as it is: seeding at every start never undoes an
   * admin's change.
   */
  async seed(tenant: string, procedures: readonly NewProcedure[], agencies: readonly Agency[]): Promise<void> {
    const at = this.#now().toISOString();
    for (const a of agencies) await store.upsertAgency(this.#db, tenant, a, at);
    for (const p of procedures) await this.#save(tenant, p, SYSTEM_ACTOR, true);
  }

  async list(tenant: string, q: ListQuery = {}): Promise<Procedure[]> {
    const all = (await store.currentVersions(this.#db, tenant)).map(toProcedure);
    const kept = all.filter(
      (p) =>
        (q.all === true || p.published) &&
        (q.level === undefined || p.level === q.level) &&
        (q.field === undefined || sameText(p.field, q.field)) &&
        (q.agency === undefined || handledBy(p, q.agency)),
    );
    return search(kept, q.text);
  }

  async get(tenant: string, code: string, version?: number): Promise<Procedure> {
    const v = await this.#version(tenant, code, version);
    if (!v) throw procedureErrors.notFound(code, version);
    return toProcedure(v);
  }

  /** Whether the catalogue has a procedure of that code (any version). */
  async has(tenant: string, code: string): Promise<boolean> {
    return (await this.#version(tenant, code)) !== undefined;
  }

  async #version(tenant: string, code: string, version?: number): Promise<store.StoredVersion | undefined> {
    const key = JSON.stringify([tenant, code, version ?? 'latest']);
    const now = Date.now();
    const kept = this.#kept.get(key);
    if (kept && kept.until > now) return kept.version;
    const saves = this.#saves;
    const read = await store.procedureVersion(this.#db, tenant, code, version);
    // A save that ended while this read ran may have made it old: it is returned, not kept.
    if (saves !== this.#saves) return read;
    if (this.#kept.size >= KEPT_MAX) this.#kept.clear();
    this.#kept.set(key, { until: now + KEPT_MS, version: read });
    return read;
  }

  #forget(tenant: string, code: string): void {
    this.#saves++;
    const prefix = JSON.stringify([tenant, code]).slice(0, -1);
    for (const key of this.#kept.keys()) if (key.startsWith(`${prefix},`)) this.#kept.delete(key);
  }

  /** What is wrong with a procedure for this tenant's catalogue (empty: nothing). */
  async check(tenant: string, p: unknown): Promise<string[]> {
    const agencies = new Set((await store.listAgencies(this.#db, tenant)).map((a) => a.code));
    return checkProcedure(p, agencies);
  }

  /**
   * Saves a procedure: a new version when its content changed; only its `published` flag when that is
   * all that changed; nothing when nothing did. Refused whole (SERVICES_PROCEDURE_INVALID) with problems.
   */
  async save(tenant: string, p: NewProcedure, actor: AuditActor): Promise<Procedure> {
    return this.#save(tenant, p, actor, false);
  }

  /** A save; seeding, only over a version the system saved (under the procedure's lock, so never over an admin's). */
  async #save(tenant: string, p: NewProcedure, actor: AuditActor, seeding: boolean): Promise<Procedure> {
    const problems = await this.check(tenant, p);
    if (problems.length > 0) throw procedureErrors.invalid(problems);
    let body = bodyOf(p);
    const saved = await this.#db.transaction(async (tx) => {
      await store.lockProcedure(tx, tenant, body.code);
      const current = await store.procedureVersion(tx, tenant, body.code);
      if (seeding && current) {
        if ((await store.latestSavedBy(tx, tenant, body.code))?.kind !== 'system') return toProcedure(current);
        // An admin may have withdrawn it (which makes no version): the seed keeps that.
        body = { ...body, published: current.published };
      }
      const at = this.#now().toISOString();
      if (current && content(current.body) === content(body)) {
        if (current.published === body.published) return toProcedure(current);
        await store.setPublished(tx, tenant, body.code, current.version, body.published, at);
        return toProcedure({ ...current, published: body.published, updatedAt: at });
      }
      const next: store.StoredVersion = {
        code: body.code,
        version: (current?.version ?? 0) + 1,
        body: { ...body },
        published: body.published,
        updatedAt: at,
      };
      await store.insertVersion(tx, tenant, next, actor);
      return toProcedure(next);
    });
    // What was kept of it is read again: this instance sees its own save at once.
    this.#forget(tenant, body.code);
    return saved;
  }

  async versions(tenant: string, code: string): Promise<{ version: number; updatedAt: string }[]> {
    const list = await store.procedureVersions(this.#db, tenant, code);
    if (list.length === 0) throw procedureErrors.notFound(code);
    return list;
  }

  /**
   * Whether a dossier was filed under that version: filing takes a published version only, so such a
   * version was offered, even when it is no longer.
   */
  async filedUnder(tenant: string, code: string, version: number): Promise<boolean> {
    return store.versionFiledUnder(this.#db, tenant, code, version);
  }

  /**
   * The agencies to pick: the catalogue's, then every ward's People's Committee and police. The stand-ins
   * for "the applicant's ward's" are not among them: a dossier is never given one.
   */
  async agencies(tenant: string): Promise<Agency[]> {
    const stored = (await store.listAgencies(this.#db, tenant)).filter((a) => !isWardStandIn(a.code));
    const codes = new Set(stored.map((a) => a.code));
    return [...stored, ...wardCommittees().filter((w) => !codes.has(w.code))];
  }

  async agency(tenant: string, code: string): Promise<Agency | undefined> {
    return (await store.findAgency(this.#db, tenant, code)) ?? wardCommitteeByCode(code);
  }

  feesFor(
    p: Procedure,
    values: FormValues,
  ): { items: { code: string; name: Text; amountVnd: number }[]; totalVnd: number } {
    return feesFor(p, values);
  }

  documentsFor(p: Procedure, values: FormValues): RequiredDocument[] {
    return documentsFor(p, values);
  }

  agencyFor(p: Procedure, values: FormValues): string {
    return agencyFor(p, values);
  }

  /** The agency of a step for a dossier (see `stepAgency`). */
  stepAgency(p: Procedure, step: HandlingStep, values: FormValues): string {
    return stepAgency(p, step, values);
  }
}
