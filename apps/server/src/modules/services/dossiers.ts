import { AppError } from '../../platform/errors.js';
import type { DossierState, FeeState, FormKind, HandlingStep } from './model.js';

/**
 * A dossier's life under Decree 118/2025 (one-stop shop) as a pure state machine: which action is
 * allowed from which state and by whom, and what it changes. The service stores what `decide` returns
 * and writes the event; nothing here reads the database or the clock (the caller gives `now`).
 *
 * Who may act: the applicant on their own dossier (supplement, withdraw); an officer working for the
 * dossier's current agency (services_staff), or an admin, for everything else. A step from the wrong
 * state is refused with SERVICES_STATE (409) naming the state and the states it is allowed from; the
 * wrong person with SERVICES_NOT_YOURS (403). The agency that decides the procedure does each of its
 * steps: a result before its last one, or its step handed to another agency, is SERVICES_STEP_SKIPPED
 * (409). A refusal changes nothing.
 */

export const DOSSIER_ACTIONS = [
  'receive',
  'reject',
  'request-supplement',
  'supplement',
  'start',
  'hand-off',
  'extend',
  'stop',
  'result',
  'return',
  'withdraw',
  'note',
] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

/** The actions an officer takes through POST /dossiers/{code}/{action}. */
export const STAFF_ACTIONS = [
  'receive',
  'reject',
  'request-supplement',
  'start',
  'hand-off',
  'extend',
  'stop',
  'result',
  'return',
  'note',
] as const satisfies readonly DossierAction[];
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/**
 * What an officer may do now on a dossier, as its `actions` list it: the steps above, and recording the
 * fee paid at the counter (POST /dossiers/{code}/fee/paid-at-counter), which is no step of the state machine.
 */
export const OFFICER_ACTIONS = [...STAFF_ACTIONS, 'fee-paid-at-counter'] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];

type Party = 'applicant' | 'staff';

/** Each action: the states it is allowed from, and the party that takes it. */
export const ACTION_RULES: Readonly<Record<DossierAction, { from: readonly DossierState[]; by: Party }>> = {
  receive: { from: ['submitted'], by: 'staff' },
  reject: { from: ['submitted', 'received'], by: 'staff' },
  'request-supplement': { from: ['submitted', 'received', 'processing'], by: 'staff' },
  supplement: { from: ['supplement'], by: 'applicant' },
  start: { from: ['received'], by: 'staff' },
  'hand-off': { from: ['processing'], by: 'staff' },
  // Decree 118/2025 lets the handling agency ask for more time with a written apology (form 04) as
  // often as it must; each extension is recorded and counted against it in the Decision 766 index.
  extend: { from: ['processing'], by: 'staff' },
  stop: { from: ['processing', 'supplement'], by: 'staff' },
  result: { from: ['processing'], by: 'staff' },
  return: { from: ['result-ready'], by: 'staff' },
  // Before a result exists the applicant may take the dossier back.
  withdraw: { from: ['submitted', 'received', 'processing', 'supplement'], by: 'applicant' },
  note: {
    from: ['submitted', 'received', 'processing', 'supplement', 'result-ready'],
    by: 'staff',
  },
};

/** Who asks. */
export type Actor =
  | { readonly kind: 'applicant'; readonly owns: boolean }
  | { readonly kind: 'staff'; readonly id: string; readonly admin: boolean; readonly agencies: readonly string[] };

/** What the machine needs to know of a dossier. */
export interface DossierFacts {
  readonly code: string;
  readonly state: DossierState;
  /** The agency that has it now. */
  readonly agency: string;
  /** The state a dossier asked for a supplement came from (its clock stops only if received or later). */
  readonly supplementFrom?: DossierState | undefined;
  readonly stepIndex: number;
  /** The procedure's steps, each with the agency that does it for this dossier. */
  readonly steps: readonly HandlingStep[];
  /** The agency that decides and signs (a ward's committee for a birth): none of its steps is skipped. */
  readonly decidingAgency: string;
  readonly feeState: FeeState;
  /** Full-process with fees: the fee is paid online before the dossier is received. */
  readonly feeBeforeReceipt: boolean;
  readonly electronicResult: boolean;
}

/** The action's own input. */
export type ActionInput =
  | { readonly action: 'receive' }
  | { readonly action: 'reject'; readonly reason: string }
  | { readonly action: 'request-supplement'; readonly items: readonly string[]; readonly note: string }
  | { readonly action: 'supplement'; readonly note?: string | undefined }
  | { readonly action: 'start' }
  | {
      readonly action: 'hand-off';
      readonly toAgency?: string | undefined;
      readonly toOfficer?: string | undefined;
      readonly note?: string | undefined;
    }
  | { readonly action: 'extend'; readonly days: number; readonly reason: string }
  | { readonly action: 'stop'; readonly reason: string }
  | { readonly action: 'result'; readonly title: string; readonly body: readonly string[] }
  | { readonly action: 'return' }
  | { readonly action: 'withdraw'; readonly reason?: string | undefined }
  | { readonly action: 'note'; readonly text: string };

/** What an allowed action changes. */
export interface Transition {
  readonly action: DossierAction;
  readonly from: DossierState;
  readonly to: DossierState;
  /** The agency that has the dossier afterwards (a hand-off moves it). */
  readonly agency: string;
  readonly fromAgency?: string | undefined;
  readonly stepIndex: number;
  /** The officer the dossier goes to (a hand-off naming one); null clears it. */
  readonly officer?: string | null | undefined;
  /** The form this step produces (Circular 03/2025 Appendix I). */
  readonly form?: FormKind | undefined;
  /** The receipt sets the due date; an extension adds days; a supplement stops / restarts the clock. */
  readonly clock?: 'start' | 'pause' | 'resume' | 'extend' | 'stop' | undefined;
  /** The state a supplement returns to. */
  readonly supplementFrom?: DossierState | undefined;
  /** A hand-off's step: its own due date from its days. */
  readonly step?: HandlingStep | undefined;
  /** The words kept with the event (reason, note, items). */
  readonly note?: string | undefined;
}

export const dossierErrors = {
  state: (code: string, state: DossierState, action: DossierAction) =>
    new AppError(
      'SERVICES_STATE',
      409,
      `The dossier ${code} is ${state}: "${action}" is allowed only when it is ${ACTION_RULES[action].from.join(', ')}.`,
      { extra: { state, allowed: ACTION_RULES[action].from } },
    ),
  notYours: (code: string, why: string) => new AppError('SERVICES_NOT_YOURS', 403, `Dossier ${code}: ${why}`),
  feeUnpaid: (code: string) =>
    new AppError(
      'SERVICES_FEE_UNPAID',
      409,
      `The dossier ${code} is a full-process one with fees: it is received once its fee is paid.`,
    ),
  /** Decree 42/2022, Decree 118/2025: the result is handed out once the fee is paid (online or at the counter). */
  feeDue: (code: string, what: string) =>
    new AppError(
      'SERVICES_FEE_UNPAID',
      409,
      `The dossier ${code} has its fee still due: ${what} once it is paid (by its VietQR code, or at the counter, recorded by the officer).`,
    ),
  stepSkipped: (
    code: string,
    at: HandlingStep | undefined,
    skipped: HandlingStep,
    skippedIndex: number,
    action: DossierAction,
  ) =>
    new AppError(
      'SERVICES_STEP_SKIPPED',
      409,
      `The dossier ${code} is at the step "${at?.name.en ?? 'none'}": "${action}" would pass over the step ` +
        `"${skipped.name.en}" (step ${skippedIndex + 1}), which ${skipped.agency} must do itself, as the agency that decides the procedure.`,
      { extra: { step: at?.code ?? null, skipped: skipped.code, agency: skipped.agency } },
    ),
  lastStep: (code: string, deciding?: HandlingStep) =>
    new AppError(
      'SERVICES_LAST_STEP',
      409,
      deciding
        ? `The dossier ${code} is at the step "${deciding.name.en}", the last of ${deciding.agency}, the agency that decides the procedure: make the result here before it is handed on.`
        : `The dossier ${code} is at its procedure's last step: make the result instead of handing it off.`,
    ),
};

/**
 * The deciding agency's first step the dossier has not reached yet, if any: a result before it would be
 * made without the agency that signs it. Steps are reached one by one (start, then each hand-off).
 */
export function stepPending(d: {
  readonly stepIndex: number;
  readonly steps: readonly { readonly agency: string }[];
  readonly decidingAgency: string;
}): number | undefined {
  const i = d.steps.findIndex((s, index) => index > d.stepIndex && s.agency === d.decidingAgency);
  return i < 0 ? undefined : i;
}

/** The last step of the agency that decides the procedure (where its result is made), or undefined. */
export function decidingStep(d: {
  readonly steps: readonly { readonly agency: string }[];
  readonly decidingAgency: string;
}): number | undefined {
  const i = d.steps.findLastIndex((s) => s.agency === d.decidingAgency);
  return i < 0 ? undefined : i;
}

/** Whether the result may be made now: at the deciding agency's last step (anywhere, if it has none). */
export function resultAllowedHere(d: {
  readonly stepIndex: number;
  readonly steps: readonly { readonly agency: string }[];
  readonly decidingAgency: string;
}): boolean {
  const at = decidingStep(d);
  return at === undefined || at === d.stepIndex;
}

/** Checks the party: the applicant only on their own dossier; staff of the current agency, or an admin. */
export function checkActor(d: DossierFacts, action: DossierAction, who: Actor): void {
  const rule = ACTION_RULES[action];
  if (rule.by === 'applicant') {
    if (who.kind !== 'applicant') throw dossierErrors.notYours(d.code, `only the applicant may ${action}.`);
    if (!who.owns) throw dossierErrors.notYours(d.code, 'this is not your dossier.');
    return;
  }
  if (who.kind !== 'staff') throw dossierErrors.notYours(d.code, `only the handling officers may ${action}.`);
  if (!who.admin && !who.agencies.includes(d.agency)) {
    throw dossierErrors.notYours(d.code, `it is with the agency ${d.agency}, which you do not work for.`);
  }
}

/**
 * Decides an action: the party first (a stranger learns nothing of the state), then the state, then
 * the action's own conditions. Throws the refusal; returns what changes.
 */
export function decide(d: DossierFacts, input: ActionInput, who: Actor): Transition {
  const action = input.action;
  checkActor(d, action, who);
  if (!ACTION_RULES[action].from.includes(d.state)) throw dossierErrors.state(d.code, d.state, action);
  const same = { action, from: d.state, agency: d.agency, stepIndex: d.stepIndex };
  switch (input.action) {
    case 'receive':
      if (d.feeBeforeReceipt && d.feeState === 'due') throw dossierErrors.feeUnpaid(d.code);
      return { ...same, to: 'received', form: '01', clock: 'start' };
    case 'reject':
      return { ...same, to: 'rejected', form: '03', note: input.reason };
    case 'request-supplement':
      return {
        ...same,
        to: 'supplement',
        form: '02',
        supplementFrom: d.state,
        // Before receipt no clock runs: there is nothing to stop.
        clock: d.state === 'submitted' ? undefined : 'pause',
        note: [input.note, ...input.items.map((i) => `• ${i}`)].join('\n'),
      };
    case 'supplement': {
      const back = d.supplementFrom ?? 'submitted';
      return { ...same, to: back, clock: back === 'submitted' ? undefined : 'resume', note: input.note };
    }
    case 'start': {
      const first = d.steps[0];
      return {
        ...same,
        to: 'processing',
        stepIndex: 0,
        agency: first?.agency ?? d.agency,
        fromAgency: d.agency,
        step: first,
        form: '06',
      };
    }
    case 'hand-off': {
      const nextIndex = d.stepIndex + 1;
      const next = d.steps[nextIndex];
      if (!next && !input.toAgency && !input.toOfficer) throw dossierErrors.lastStep(d.code);
      // The deciding agency's last step is where the result is made: handed on without one, the
      // result would be made by an agency in whose name it is not issued.
      if (next && decidingStep(d) === d.stepIndex) throw dossierErrors.lastStep(d.code, d.steps[d.stepIndex]);
      // The deciding agency's step goes to that agency: handed to another, it would be done by no one.
      if (next && next.agency === d.decidingAgency && input.toAgency !== undefined && input.toAgency !== next.agency) {
        throw dossierErrors.stepSkipped(d.code, d.steps[d.stepIndex], next, nextIndex, action);
      }
      return {
        ...same,
        to: 'processing',
        stepIndex: next ? nextIndex : d.stepIndex,
        agency: input.toAgency ?? next?.agency ?? d.agency,
        fromAgency: d.agency,
        officer: input.toOfficer ?? null,
        step: next,
        form: '06',
        note: input.note,
      };
    }
    case 'extend':
      return { ...same, to: 'processing', form: '04', clock: 'extend', note: input.reason };
    case 'stop':
      return { ...same, to: 'stopped', form: '05', clock: 'stop', note: input.reason };
    case 'result': {
      const pending = stepPending(d);
      const skipped = pending === undefined ? undefined : d.steps[pending];
      if (pending !== undefined && skipped) {
        throw dossierErrors.stepSkipped(d.code, d.steps[d.stepIndex], skipped, pending, action);
      }
      const at = decidingStep(d);
      const deciding = at === undefined ? undefined : d.steps[at];
      if (at !== undefined && deciding && at !== d.stepIndex) {
        throw dossierErrors.stepSkipped(d.code, d.steps[d.stepIndex], deciding, at, action);
      }
      // The result goes on to the step after (the one-stop's return), with its agency.
      const nextIndex = d.stepIndex + 1;
      const next = d.steps[nextIndex];
      if (next && next.agency !== d.agency) {
        return {
          ...same,
          to: 'result-ready',
          stepIndex: nextIndex,
          agency: next.agency,
          fromAgency: d.agency,
          officer: null,
          step: next,
          note: input.title,
        };
      }
      return { ...same, to: 'result-ready', note: input.title };
    }
    case 'return':
      if (d.feeState === 'due') throw dossierErrors.feeDue(d.code, 'its result is returned');
      return { ...same, to: 'returned', clock: 'stop' };
    case 'withdraw':
      return { ...same, to: 'withdrawn', clock: 'stop', note: input.reason };
    case 'note':
      return { ...same, to: d.state, note: input.text };
  }
}
