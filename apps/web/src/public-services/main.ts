import './services.css';
import { resizePhoto } from '../citizen/photo.js';
import { WARDS } from 'virtual:thanglong-wards';
import { answersInFormOrder, type AnswerLine } from './answers.js';
import { applicantFieldsOf, dateBound, documentsFor, feePreview, formProblems, readForm, schoolsFor } from './form.js';
import type {
  Agency,
  ApplicantKey,
  Condition,
  DossierState,
  Filed,
  FormField,
  FormKind,
  MyDossier,
  MyDossierSummary,
  Problem,
  Procedure,
  ProcedureSummary,
  RequiredDocument,
  Text,
  Tracked,
  Upload,
} from './types.js';
import { WORDS, type Language, type Words } from './words.js';

/**
 * The citizens' online public services (/dich-vu-cong/): find a procedure (the server searches with or
 * without diacritics), read what it needs, apply through its e-form (drawn from the procedure's schema,
 * its conditional parts shown as the person answers), attach the documents (photos made small on the
 * phone, PDFs as they are), pay the fee by VietQR, and follow the dossier: by the token kept on this
 * device for each dossier, by code + contact + one-time code, or signed in with the city account.
 * Plain DOM, no framework: the first view stays small on a phone. Every text from the server goes in
 * as text, never as markup; the address carries no personal data (a session token arrives in the
 * fragment only, and leaves it at once).
 */

const API = '/api/v1/services';
const LANGUAGE_KEY = 'thanglong.dich-vu-cong.language';
const DOSSIERS_KEY = 'thanglong.dich-vu-cong.dossiers';
const SESSION_KEY = 'thanglong.dich-vu-cong.session';
/** The dossier being followed in this tab (its code, and when a one-time code was sent): survives a reload. */
const FOLLOW_KEY = 'thanglong.dich-vu-cong.follow';
const DRAFT_KEY = 'thanglong.dich-vu-cong.draft';
/** How long a one-time code may be used (the server's CODE_TTL_MS). */
const ONE_TIME_CODE_MS = 10 * 60_000;

let language: Language = localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi';
let w: Words = WORDS[language];
const root = document.getElementById('services') as HTMLElement;
const pick = (t: Text | string | undefined | null): string =>
  t == null ? '' : typeof t === 'string' ? t : t[language];

type Child = Node | string | null | undefined | false;
type Attr = string | number | boolean | null | undefined | ((event: Event) => void);

function h(tag: string, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const when = (iso: string | null | undefined, withTime = true): string =>
  iso
    ? new Date(iso).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        day: 'numeric',
        month: 'numeric',
        year: 'numeric',
        ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
      })
    : '';

// ---- The server ----

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    message: string,
  ) {
    super(message);
  }
}

async function refusalOf(res: Response): Promise<Refused> {
  let problem: Problem = {};
  try {
    problem = (await res.json()) as Problem;
  } catch {
    // Not JSON: the status says enough.
  }
  return new Refused(res.status, problem, problem.detail ?? problem.title ?? w.failed);
}

async function send(path: string, init: RequestInit = {}, token?: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        'accept-language': language,
        ...(token ? { 'x-applicant-token': token } : {}),
        ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(init.headers ?? {}),
      },
    });
  } catch {
    throw new Refused(0, {}, w.failed);
  }
  if (!res.ok) throw await refusalOf(res);
  return res;
}

async function call<T>(path: string, init: RequestInit = {}, token?: string): Promise<T> {
  const res = await send(path, init, token);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const post = <T>(path: string, body: unknown, token?: string): Promise<T> =>
  call<T>(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, token);

let agencies: Promise<Map<string, Text>> | undefined;
function agencyNames(): Promise<Map<string, Text>> {
  agencies ??= call<{ agencies: Agency[] }>(`${API}/agencies`).then(
    (a) => new Map(a.agencies.map((x) => [x.code, x.name])),
    () => {
      agencies = undefined;
      return new Map<string, Text>();
    },
  );
  return agencies;
}
// The ward stand-ins are left out of the agencies on purpose (no officer works for one): the page
// says in words which ward's office it means, never the code.
const STAND_INS: Record<string, keyof Pick<Words, 'wardCommittee' | 'wardPolice'>> = {
  'ubnd-phuong-xa': 'wardCommittee',
  'cong-an-phuong-xa': 'wardPolice',
};
const agencyName = (names: Map<string, Text>, a: string | { code: string; name: Text }): string => {
  const code = typeof a === 'string' ? a : a.code;
  const standIn = STAND_INS[code];
  if (standIn) return w[standIn];
  return typeof a === 'string' ? pick(names.get(a)) || a : pick(a.name);
};

// ---- What this device keeps: each dossier's token, and the city account's session ----

interface Kept {
  code: string;
  token: string;
  expiresAt: string;
  at: string;
  /** The fee's VietQR as given at filing (the city's account, the amount, the reference: nothing personal). */
  payment?: { totalVnd: number; reference: string; qrSvg: string; qr?: string };
}

function kept(): Kept[] {
  try {
    const list = JSON.parse(localStorage.getItem(DOSSIERS_KEY) ?? '[]') as Kept[];
    return Array.isArray(list) ? list.filter((k) => typeof k.code === 'string' && typeof k.token === 'string') : [];
  } catch {
    return [];
  }
}
function keep(entry: Kept): void {
  const before = kept().find((k) => k.code === entry.code);
  const list = kept().filter((k) => k.code !== entry.code);
  const merged = { ...(before?.payment ? { payment: before.payment } : {}), ...entry };
  localStorage.setItem(DOSSIERS_KEY, JSON.stringify([merged, ...list].slice(0, 100)));
}
function forget(code: string): void {
  localStorage.setItem(DOSSIERS_KEY, JSON.stringify(kept().filter((k) => k.code !== code)));
}
/** Why the city's sign-in did not succeed, said once on "My dossiers". */
let signOnError = '';
function session(): string | undefined {
  return localStorage.getItem(SESSION_KEY) ?? undefined;
}
/** The token that opens a dossier: its own, else the city account's. */
function tokenFor(code: string): string | undefined {
  const own = kept().find((k) => k.code === code && Date.parse(k.expiresAt) > Date.now());
  return own?.token ?? session();
}

/**
 * Following a dossier by its code survives a reload of the tab (sessionStorage: this tab only, gone
 * when it closes). Only the code and when a one-time code was sent are kept: never the one-time code,
 * nor the contact it went to.
 */
interface Following {
  code: string;
  sentAt?: string;
}
function following(): Following | undefined {
  try {
    const f = JSON.parse(sessionStorage.getItem(FOLLOW_KEY) ?? 'null') as Following | null;
    return f && typeof f.code === 'string' && f.code ? f : undefined;
  } catch {
    return undefined;
  }
}
function follow(f: Following | undefined): void {
  if (f) sessionStorage.setItem(FOLLOW_KEY, JSON.stringify(f));
  else sessionStorage.removeItem(FOLLOW_KEY);
}

// ---- Shared pieces ----

const vnd = (n: number): string => w.vnd(n);

/** A fee's terms in words: its amount, or its rates by a count, its cap a unit and what it is multiplied by. */
function feeTerms(p: Procedure, f: Procedure['fees'][number]): string {
  const label = (id: string | undefined) => {
    const field = p.form.sections.flatMap((s) => s.fields).find((x) => x.id === id);
    return field ? pick(field.label).toLocaleLowerCase(language === 'vi' ? 'vi-VN' : 'en') : (id ?? '');
  };
  if (!f.byCount) return vnd(f.amountVnd);
  const rates = f.byCount.rates;
  const parts = [
    ...(f.amountVnd > 0 ? [vnd(f.amountVnd)] : []),
    w.feeByCount(
      rates
        .map((r, i) => {
          const next = rates[i + 1];
          return w.feeRate(vnd(r.amountVnd), r.from, next ? next.from - 1 : undefined);
        })
        .join(', '),
      label(f.byCount.field),
    ),
  ];
  if (f.unitCapVnd !== undefined)
    parts.push(w.feeUnitCap(vnd(f.unitCapVnd), f.perField ? label(f.perField) : undefined));
  if (f.perField) parts.push(w.feePerUnit(label(f.perField)));
  return parts.join('; ');
}
const stateBadge = (s: DossierState): HTMLElement =>
  h('span', { class: `state state-${s}`, 'data-state': s }, w.states[s] ?? s);
const message = (): HTMLElement => h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
/**
 * What just happened, said once by a screen reader: the page itself is not a live region (a redraw
 * would be read out whole), this one short line is.
 */
function announce(text: string): void {
  const region = document.getElementById('announce');
  if (!region) return;
  // Emptied first, so the same words said twice are read twice.
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

function say(el: HTMLElement, text: string, error = false): void {
  el.textContent = text;
  el.classList.toggle('error', error && text !== '');
}

/** A file the server sends only with the applicant's token: fetched, then saved under its name. */
async function download(path: string, token: string, name: string): Promise<void> {
  const res = await send(path, { headers: { accept: 'application/pdf' } }, token);
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: name }) as HTMLAnchorElement;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** An EMVCo payload's fields (tag → value), read one level deep; undefined when it is not one. */
function emvFields(payload: string): Map<string, string> | undefined {
  const fields = new Map<string, string>();
  for (let i = 0; i < payload.length;) {
    const tag = payload.slice(i, i + 2);
    const length = Number(payload.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(tag) || !Number.isInteger(length) || i + 4 + length > payload.length) return undefined;
    fields.set(tag, payload.slice(i + 4, i + 4 + length));
    i += 4 + length;
  }
  return fields;
}

/** Banks' names by the BIN a VietQR names (the common ones; others show their BIN). */
const BANKS: Readonly<Record<string, string>> = {
  '970415': 'VietinBank',
  '970436': 'Vietcombank',
  '970418': 'BIDV',
  '970405': 'Agribank',
  '970422': 'MB',
  '970407': 'Techcombank',
  '970416': 'ACB',
  '970432': 'VPBank',
};

/**
 * The account a VietQR pays into, for a transfer typed by hand: a phone cannot scan its own screen.
 * Read from the payload the server made (field 38: the NAPAS GUID, then the bank's BIN and the account; 59: the name).
 */
function transferOf(qr: string | undefined): { bank: string; account: string; name: string } | undefined {
  const top = qr ? emvFields(qr) : undefined;
  const merchant = top?.get('38') ? emvFields(top.get('38') as string) : undefined;
  const beneficiary = merchant?.get('01') ? emvFields(merchant.get('01') as string) : undefined;
  const bin = beneficiary?.get('00');
  const account = beneficiary?.get('01');
  if (!bin || !account) return undefined;
  return { bank: BANKS[bin] ? `${BANKS[bin]} (${bin})` : bin, account, name: top?.get('59') ?? '' };
}

/** The fee's VietQR as the server drew it, shown as an image: an SVG in <img> runs nothing. */
function paymentBox(fee: Filed['fee']): HTMLElement | null {
  if (fee.totalVnd <= 0) return null;
  if (fee.state === 'paid')
    return h('p', { class: 'paid', 'data-fee': 'paid' }, `${w.fee}: ${vnd(fee.totalVnd)} · ${w.paid}`);
  const p = fee.payment;
  const transfer = transferOf(p?.qr);
  return h(
    'section',
    { class: 'payment', 'data-fee': fee.state, 'aria-labelledby': 'pay-title' },
    h('h3', { id: 'pay-title' }, w.pay),
    p?.qrSvg
      ? h('img', {
          class: 'qr',
          src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(p.qrSvg)}`,
          alt: w.qrAlt,
          width: 240,
          height: 240,
        })
      : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, w.amount),
      h('dd', { 'data-amount': fee.totalVnd }, vnd(fee.totalVnd)),
      p ? h('dt', {}, w.reference) : null,
      p ? h('dd', { 'data-reference': p.reference }, h('strong', {}, p.reference)) : null,
      ...(transfer
        ? [
            h('dt', {}, w.bank),
            h('dd', {}, transfer.bank),
            h('dt', {}, w.account),
            h('dd', { 'data-account': transfer.account }, transfer.account),
            h('dt', {}, w.accountName),
            h('dd', {}, transfer.name),
          ]
        : []),
    ),
    h('p', { class: 'quiet' }, transfer ? w.payHintManual : w.payHint),
  );
}

// ---- Find a procedure ----

let lastQuery = '';
async function showSearch(): Promise<HTMLElement[]> {
  const input = h('input', {
    id: 'q',
    name: 'q',
    type: 'search',
    value: lastQuery,
    autocomplete: 'off',
    'aria-describedby': 'q-hint',
  }) as HTMLInputElement;
  const status = message();
  const list = h('ul', { class: 'cards', id: 'procedures' });
  const names = await agencyNames();
  let asked = 0;
  const run = async () => {
    const q = input.value.trim();
    lastQuery = q;
    const mine = ++asked;
    say(status, w.searching);
    try {
      const found = await call<{ procedures: ProcedureSummary[] }>(
        `${API}/procedures${q ? `?q=${encodeURIComponent(q)}` : ''}`,
      );
      if (mine !== asked) return;
      say(status, found.procedures.length ? w.found(found.procedures.length) : w.none);
      list.replaceChildren(...found.procedures.map((p) => procedureCard(p, names)));
    } catch (err) {
      if (mine === asked) say(status, (err as Error).message, true);
    }
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void run(), 300);
  });
  void run();
  return [
    h(
      'form',
      {
        role: 'search',
        class: 'search',
        onsubmit: (e: Event) => {
          e.preventDefault();
          clearTimeout(typing);
          void run();
        },
      },
      h('label', { for: 'q', class: 'label' }, w.search),
      h('div', { class: 'row nowrap' }, input, h('button', { type: 'submit' }, w.searchButton)),
      h('p', { class: 'quiet', id: 'q-hint' }, w.searchHint),
    ),
    status,
    list,
  ];
}

function procedureCard(p: ProcedureSummary, names: Map<string, Text>): HTMLElement {
  return h(
    'li',
    { class: 'card', 'data-procedure': p.code },
    h(
      'a',
      { href: `#/thu-tuc/${encodeURIComponent(p.code)}`, class: 'card-link' },
      h('strong', {}, pick(p.name)),
      h('span', { class: 'quiet' }, `${p.code} · ${pick(p.field)} · ${w.levels[p.level] ?? p.level}`),
      h('span', { class: 'quiet' }, agencyName(names, p.agency)),
      h(
        'span',
        { class: 'tags' },
        h('span', { class: 'tag' }, `${w.limit}: ${w.days(p.limitDays)}`),
        h('span', { class: 'tag' }, `${w.fee}: ${p.feeFromVnd > 0 ? w.feeFrom(vnd(p.feeFromVnd)) : w.free}`),
        h('span', { class: `tag online-${p.onlineLevel}` }, w.onlineLevels[p.onlineLevel] ?? p.onlineLevel),
      ),
    ),
  );
}

// ---- What a procedure needs ----

const procedures = new Map<string, Promise<Procedure>>();
function procedure(code: string): Promise<Procedure> {
  let p = procedures.get(`${language}:${code}`);
  if (!p) {
    p = call<Procedure>(`${API}/procedures/${encodeURIComponent(code)}`);
    p.catch(() => procedures.delete(`${language}:${code}`));
    procedures.set(`${language}:${code}`, p);
  }
  return p;
}

/** Whether a document is needed, as the procedure declares it: always, only when an answer holds, or optional. */
const need = (d: RequiredDocument): string => (d.required ? (d.when ? 'required-when' : 'required') : 'optional');
function needWords(p: Procedure, d: RequiredDocument): string {
  if (!d.when) return d.required ? w.required : w.optional;
  const when = conditionWords(p, d.when);
  return d.required ? w.requiredWhen(when) : w.optionalWhen(when);
}

/** A condition of the form in the person's words: the question's label and the answer's. */
function conditionWords(p: Procedure, c: Condition): string {
  const f = p.form.sections.flatMap((s) => s.fields).find((x) => x.id === c.field);
  const label = f ? pick(f.label) : c.field;
  const answer = (v: string | number | boolean) =>
    pick(f?.options?.find((o) => o.value === String(v))?.label) || String(v);
  if (c.filled) return w.whenGiven(label);
  if (c.in) return w.whenIs(label, c.in.map(answer).join(' / '));
  if (typeof c.equals === 'boolean') return c.equals ? w.whenTicked(label) : w.whenNotTicked(label);
  if (c.equals !== undefined) return w.whenIs(label, answer(c.equals));
  return label;
}

const accepts = (d: RequiredDocument): string => d.accept.map((a) => a.toUpperCase()).join(', ');

async function showProcedure(code: string): Promise<HTMLElement[]> {
  const [p, names] = await Promise.all([procedure(code), agencyNames()]);
  return [
    h(
      'article',
      { class: 'procedure', 'data-procedure': p.code },
      h('h2', {}, pick(p.name)),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, w.field),
        h('dd', {}, pick(p.field)),
        h('dt', {}, w.level),
        h('dd', {}, w.levels[p.level] ?? p.level),
        h('dt', {}, w.agency),
        h('dd', {}, agencyName(names, p.agency)),
        h('dt', {}, w.limit),
        h('dd', {}, w.days(p.limitDays)),
        h('dt', {}, w.online),
        h('dd', {}, w.onlineLevels[p.onlineLevel] ?? p.onlineLevel),
        h('dt', {}, w.result),
        h('dd', {}, pick(p.result.name), p.result.electronic ? ` (${w.electronic})` : ''),
      ),
      h('a', { href: `#/nop/${encodeURIComponent(p.code)}`, class: 'button primary' }, w.apply),
      h('h3', {}, w.documents),
      p.documents.length === 0 ? h('p', { 'data-no-documents': '' }, w.noDocuments) : null,
      h(
        'ul',
        { hidden: p.documents.length === 0 },
        ...p.documents.map((d) =>
          h(
            'li',
            { 'data-document': d.code },
            pick(d.name),
            h('span', { class: 'need', 'data-need': need(d) }, ` (${needWords(p, d)}; ${accepts(d)})`),
            d.template
              ? h(
                  'span',
                  {},
                  ' · ',
                  h(
                    'a',
                    { href: `/api/v1/services/templates/${encodeURIComponent(d.template.replace(/^.*\//, ''))}` },
                    w.template,
                  ),
                )
              : null,
          ),
        ),
      ),
      h('h3', {}, w.fees),
      p.fees.length
        ? h('ul', {}, ...p.fees.map((f) => h('li', {}, `${pick(f.name)}: ${feeTerms(p, f)}`)))
        : h('p', {}, w.free),
      h('h3', {}, w.steps),
      h(
        'ol',
        {},
        ...p.steps.map((s) => h('li', {}, `${pick(s.name)} · ${agencyName(names, s.agency)} · ${w.days(s.days)}`)),
      ),
      h('h3', {}, w.legal),
      h('ul', {}, ...p.legalBasis.map((l) => h('li', {}, l))),
    ),
  ];
}

// ---- Apply: the e-form ----

type Values = Record<string, string | number | boolean>;

function fieldInput(f: FormField, values: Values, onChange: () => void): HTMLElement {
  const id = `f-${f.id}`;
  const set = (v: string | number | boolean | undefined) => {
    if (v === undefined || v === '') delete values[f.id];
    else values[f.id] = v;
    onChange();
  };
  const described = `${id}-error${f.help ? ` ${id}-help` : ''}`;
  const common = { id, name: f.id, 'aria-describedby': described, required: f.required };
  const onText = (e: Event) => set((e.target as HTMLInputElement).value);
  const current = values[f.id];
  switch (f.type) {
    case 'textarea':
      return h(
        'textarea',
        { ...common, rows: 3, maxlength: f.maxLength, oninput: onText },
        typeof current === 'string' ? current : '',
      );
    case 'number':
      return h('input', {
        ...common,
        type: 'number',
        inputmode: f.integer ? 'numeric' : 'decimal',
        min: typeof f.min === 'number' ? f.min : undefined,
        max: typeof f.max === 'number' ? f.max : undefined,
        // A count takes whole numbers; other numbers (an area) any.
        step: f.integer ? 1 : 'any',
        value: typeof current === 'number' ? current : '',
        oninput: (e: Event) => {
          const raw = (e.target as HTMLInputElement).value;
          set(raw === '' ? undefined : Number(raw));
        },
      });
    case 'date':
      return h('input', {
        ...common,
        type: 'date',
        min: dateBound(f.min),
        max: dateBound(f.max),
        value: typeof current === 'string' ? current : '',
        oninput: onText,
      });
    case 'select':
    case 'ward': {
      const options =
        f.type === 'ward'
          ? WARDS.map((x) => ({ value: x.code, label: language === 'vi' ? x.name : x.nameEn }))
          : (f.options ?? []).map((o) => ({ value: o.value, label: pick(o.label) }));
      return h(
        'select',
        { ...common, onchange: onText },
        h('option', { value: '' }, f.type === 'ward' ? w.ward : w.choose),
        ...options.map((o) => h('option', { value: o.value, selected: current === o.value }, o.label)),
      );
    }
    case 'radio':
      return h(
        'div',
        { class: 'choices', role: 'radiogroup', 'aria-labelledby': `${id}-label`, id },
        ...(f.options ?? []).map((o) =>
          h(
            'label',
            { class: 'check' },
            h('input', {
              type: 'radio',
              name: f.id,
              value: o.value,
              checked: current === o.value,
              onchange: () => set(o.value),
            }),
            ' ',
            pick(o.label),
          ),
        ),
      );
    case 'checkbox':
      return h('input', {
        ...common,
        type: 'checkbox',
        checked: current === true,
        onchange: (e: Event) => set((e.target as HTMLInputElement).checked),
      });
    case 'text':
    case 'email':
    case 'phone':
    case 'id-number':
      return h('input', {
        ...common,
        type: f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text',
        inputmode: f.type === 'id-number' ? 'numeric' : undefined,
        autocomplete: f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : undefined,
        minlength: f.minLength,
        maxlength: f.maxLength,
        pattern: f.pattern,
        title: f.patternHint ? pick(f.patternHint) : undefined,
        value: typeof current === 'string' ? current : '',
        oninput: onText,
      });
  }
}

/** A field with its label, help and the place for the server's word on it. */
function fieldBlock(key: string, label: string, input: HTMLElement, required: boolean, help?: string): HTMLElement {
  const id = `f-${key}`;
  const isCheck = input instanceof HTMLInputElement && input.type === 'checkbox';
  const caption = h('span', {}, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
  return h(
    'div',
    { class: `field${isCheck ? ' field-check' : ''}`, 'data-field': key },
    isCheck
      ? h('label', { class: 'check', id: `${id}-label` }, input, ' ', caption)
      : input.getAttribute('role') === 'radiogroup'
        ? h('span', { class: 'label', id: `${id}-label` }, caption)
        : h('label', { for: id, class: 'label', id: `${id}-label` }, caption),
    isCheck || input.getAttribute('role') === 'radiogroup' ? null : input,
    isCheck ? null : input.getAttribute('role') === 'radiogroup' ? input : null,
    help ? h('p', { class: 'quiet', id: `${id}-help` }, help) : null,
    // Not live: the summary says there are errors, and each is read with its field (aria-describedby).
    h('p', { class: 'field-error', id: `${id}-error` }),
  );
}

interface Attached {
  upload: Upload;
}

/**
 * The application being filled, kept while the page is open: switching the language (or going to read
 * the procedure and back) draws the form again with the answers and uploads as they were.
 */
let draft:
  { code: string; values: Values; applicant: Record<string, string>; attached: Map<string, Attached> } | undefined;

/**
 * An unfinished form also survives a reload of the tab (sessionStorage: this tab only, gone when it
 * closes): its answers, not its uploads (chosen again) nor ID numbers (typed again, not left stored).
 */
function keptDraft(p: Procedure): { values: Values; applicant: Record<string, string> } | undefined {
  try {
    const d = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as {
      code?: unknown;
      values?: Values;
      applicant?: Record<string, string>;
    } | null;
    return d && d.code === p.code && d.values && d.applicant ? { values: d.values, applicant: d.applicant } : undefined;
  } catch {
    return undefined;
  }
}
function keepDraft(p: Procedure, values: Values, applicant: Record<string, string>): void {
  const idFields = new Set(
    p.form.sections.flatMap((s) => s.fields).filter((f) => f.type === 'id-number' || f.applicant === 'idNumber'),
  );
  const ids = new Set([...idFields].map((f) => f.id));
  const kept = {
    code: p.code,
    values: Object.fromEntries(Object.entries(values).filter(([k]) => !ids.has(k))),
    applicant: Object.fromEntries(Object.entries(applicant).filter(([k]) => k !== 'idNumber')),
  };
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(kept));
  } catch {
    // A full or closed storage keeps nothing: the form still works.
  }
}

async function showApply(code: string): Promise<HTMLElement[]> {
  const [p, me] = await Promise.all([procedure(code), signedInPerson()]);
  if (draft?.code !== code) {
    const kept = keptDraft(p);
    draft = {
      code,
      values: kept?.values ?? {},
      applicant: kept?.applicant ?? { kind: p.applicants[0] ?? 'citizen' },
      attached: new Map(),
    };
  }
  const { values, applicant, attached } = draft;
  // Signed in, the requester is the person signed in (the server holds a filing to it): their name is
  // written in and sent as it is; their ID number, which this page has only masked, the server fills in.
  const held = new Map<string, string>();
  if (me) {
    for (const f of p.form.sections.flatMap((s) => s.fields)) {
      if (f.requester !== true) continue;
      if (f.personal === 'name') {
        held.set(f.id, me.name);
        values[f.id] = me.name;
      } else if (f.personal === 'national-id') {
        held.set(f.id, me.idNumberMasked);
        delete values[f.id];
      }
    }
    // A business's block names it; its representative's ID number is still the person's own.
    if (applicant['kind'] === 'citizen') applicant['name'] = me.name;
    delete applicant['idNumber'];
  }
  /** Marks an input drawn with the sign-on's value: shown, not to be changed. */
  const hold = (input: HTMLElement, shown: string): HTMLElement => {
    if (input instanceof HTMLInputElement) {
      input.value = shown;
      input.readOnly = true;
      // The masked ID number is no answer to check: the note says where it comes from.
      input.removeAttribute('pattern');
      input.setAttribute('aria-describedby', `${input.id}-error ${input.id}-help`);
      input.setAttribute('data-from-sign-on', '');
    }
    return input;
  };
  const status = message();
  const feeLine = h('p', { class: 'fee-total', 'data-fee-total': '' });
  const sections: { el: HTMLElement; id: string }[] = [];
  const fields: { el: HTMLElement; id: string }[] = [];
  const docs: { el: HTMLElement; doc: RequiredDocument }[] = [];

  // A school enrolment offers only the schools whose catchment holds the ward chosen.
  let schoolOptions: HTMLOptionElement[] | undefined;
  const offerSchools = () => {
    const allowed = schoolsFor(p, values);
    const id = p.allocation?.schoolField;
    const select = id ? form.querySelector<HTMLSelectElement>(`select[name="${id}"]`) : null;
    if (!allowed || !id || !select) return;
    const placeholder = select.options[0];
    schoolOptions ??= [...select.options].slice(1);
    select.replaceChildren(...(placeholder ? [placeholder] : []), ...schoolOptions.filter((o) => allowed.has(o.value)));
    const chosen = values[id];
    if (typeof chosen === 'string' && !allowed.has(chosen)) delete values[id];
    select.value = typeof values[id] === 'string' ? values[id] : '';
  };

  // What shows, what the documents and fees depend on: the answers as the server will read them.
  const refresh = () => {
    offerSchools();
    const read = readForm(p.form, values);
    const v = read.values;
    for (const s of sections) s.el.hidden = !read.sections.has(s.id);
    for (const f of fields) f.el.hidden = !read.fields.has(f.id);
    const needed = new Set(documentsFor(p, v).map((d) => d.code));
    for (const d of docs) d.el.hidden = !needed.has(d.doc.code);
    docsSection.hidden = needed.size === 0;
    // No amount for a count the server would refuse (0 copies, 999, blank): the field's problem instead.
    const fee = feePreview(p, values);
    if (fee.ok) {
      feeLine.textContent = `${w.feeTotal}: ${fee.totalVnd > 0 ? vnd(fee.totalVnd) : w.free}`;
      feeLine.setAttribute('data-fee-total', String(fee.totalVnd));
    } else {
      feeLine.textContent = `${w.feeTotal}: ${fee.problems.map((x) => pick(x.message)).join(' ')}`;
      feeLine.setAttribute('data-fee-total', '');
    }
  };

  const form = h('form', { id: 'apply', novalidate: true }) as HTMLFormElement;

  // The applicant: who files, and how the city reaches them (the contact receives the tracking code).
  const applicantInput = (key: string, type: string, autocomplete: string) =>
    h('input', {
      id: `f-applicant.${key}`,
      name: `applicant.${key}`,
      type,
      autocomplete,
      'aria-describedby': `f-applicant.${key}-error`,
      inputmode: key === 'idNumber' ? 'numeric' : undefined,
      value: applicant[key] ?? '',
      oninput: (e: Event) => {
        applicant[key] = (e.target as HTMLInputElement).value;
      },
    });
  const kindSelect = h(
    'select',
    {
      id: 'f-applicant.kind',
      name: 'applicant.kind',
      'aria-describedby': 'f-applicant.kind-error',
      onchange: (e: Event) => {
        applicant['kind'] = (e.target as HTMLSelectElement).value;
        // Signed in, a citizen's name is the person's own; a business's or organisation's is its own.
        const name = form.querySelector<HTMLInputElement>('input[name="applicant.name"]');
        if (me && name) {
          const citizen = applicant['kind'] === 'citizen';
          if (citizen) applicant['name'] = me.name;
          else if (name.readOnly) delete applicant['name'];
          name.value = applicant['name'] ?? '';
          name.readOnly = citizen;
        }
      },
    },
    ...p.applicants.map((k) => h('option', { value: k, selected: applicant['kind'] === k }, w.kinds[k] ?? k)),
  );
  // What the form itself asks of the person (their name, ID, phone…) is not asked twice: the applicant
  // is read from those fields when filing.
  const fromForm = applicantFieldsOf(p);
  const own = (
    key: ApplicantKey,
    label: string,
    type: string,
    autocomplete: string,
    required: boolean,
    help?: string,
  ) =>
    fromForm[key]
      ? null
      : me && (key === 'idNumber' || (key === 'name' && applicant['kind'] === 'citizen'))
        ? fieldBlock(
            `applicant.${key}`,
            label,
            hold(applicantInput(key, type, autocomplete), key === 'name' ? me.name : me.idNumberMasked),
            required,
            w.fromSignOn,
          )
        : fieldBlock(`applicant.${key}`, label, applicantInput(key, type, autocomplete), required, help);
  const applicantBlocks = [
    p.applicants.length > 1 ? fieldBlock('applicant.kind', w.applicantKind, kindSelect, true) : null,
    own('name', w.name, 'text', 'name', true),
    own('idNumber', w.idNumber, 'text', 'off', false),
    own('phone', w.phone, 'tel', 'tel', false, w.contactHint),
    own('email', w.email, 'email', 'email', false),
    own('address', w.address, 'text', 'street-address', false),
  ].filter((b): b is HTMLElement => b !== null);
  if (applicantBlocks.length > 0)
    form.append(
      h(
        'fieldset',
        { class: 'section', 'data-section': 'applicant' },
        h('legend', {}, h('h3', {}, w.applicant)),
        ...applicantBlocks,
      ),
    );

  for (const s of p.form.sections) {
    const el = h('fieldset', { class: 'section', 'data-section': s.id }, h('legend', {}, h('h3', {}, pick(s.title))));
    for (const f of s.fields) {
      const shown = held.get(f.id);
      const block =
        shown === undefined
          ? fieldBlock(f.id, pick(f.label), fieldInput(f, values, refresh), f.required === true, pick(f.help))
          : fieldBlock(f.id, pick(f.label), hold(fieldInput(f, values, refresh), shown), true, w.fromSignOn);
      fields.push({ el: block, id: f.id });
      el.append(block);
    }
    sections.push({ el, id: s.id });
    form.append(el);
  }

  // The documents: each its own file input; a photo is made small here first, a PDF goes as it is.
  const docsSection = h(
    'fieldset',
    { class: 'section', 'data-section': 'documents' },
    h('legend', {}, h('h3', {}, w.attach)),
    h('p', { class: 'quiet' }, w.attachHint),
  );
  for (const d of p.documents) {
    const line = message();
    const input = h('input', {
      id: `doc-${d.code}`,
      name: `doc-${d.code}`,
      type: 'file',
      accept: d.accept.map((a) => (a === 'pdf' ? 'application/pdf' : `image/${a}`)).join(','),
      'aria-describedby': `doc-${d.code}-status`,
      onchange: (e: Event) => {
        const file = (e.target as HTMLInputElement).files?.[0];
        attached.delete(d.code);
        if (file) void attach(d.code, file, line).then((u) => u && attached.set(d.code, { upload: u }));
      },
    });
    line.id = `doc-${d.code}-status`;
    // Uploaded before the form was drawn again: said, as the file input itself starts empty.
    const before = attached.get(d.code)?.upload;
    if (before) say(line, w.uploaded(before.name, Math.max(1, Math.round(before.bytes / 1024))));
    const el = h(
      'div',
      { class: 'field', 'data-document': d.code, 'data-field': `documents.${d.code}` },
      h(
        'label',
        { for: `doc-${d.code}`, class: 'label' },
        pick(d.name),
        d.required ? h('span', { class: 'req' }, ' *') : h('span', { class: 'quiet' }, ` (${w.optional})`),
      ),
      h('p', { class: 'quiet' }, w.accepts(accepts(d))),
      input,
      line,
      h('p', { class: 'field-error', id: `f-documents.${d.code}-error` }),
    );
    docs.push({ el, doc: d });
    docsSection.append(el);
  }
  form.append(docsSection, feeLine);

  const submit = h('button', { type: 'submit', class: 'primary' }, w.submit) as HTMLButtonElement;
  form.append(submit, status);
  // After the fields' own handlers (they bubble here last): the answers as they are now.
  for (const kind of ['input', 'change']) form.addEventListener(kind, () => keepDraft(p, values, applicant));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void file();
  });

  async function file(): Promise<void> {
    clearErrors(form);
    const v = readForm(p.form, values).values;
    const missing = documentsFor(p, v).filter((d) => d.required && !attached.has(d.code));
    // What the page can tell itself is marked at once, all together: the server would say it in rounds.
    // The ID number held from the sign-on is the server's to fill in: not missing here.
    const problems = formProblems(p.form, values).filter((x) => !held.has(x.field));
    const nameMissing = !fromForm.name && !(applicant['name'] ?? '').trim();
    if (missing.length > 0 || problems.length > 0 || nameMissing) {
      if (nameMissing) showFieldError(form, 'applicant.name', `${w.name}: ${w.requiredField}`);
      for (const x of problems) showFieldError(form, x.field, pick(x.message));
      for (const d of missing) showFieldError(form, `documents.${d.code}`, w.needDocument(pick(d.name)));
      say(status, w.fixErrors, true);
      focusFirstError(form);
      return;
    }
    submit.disabled = true;
    say(status, w.submitting);
    try {
      const needed = new Set(documentsFor(p, v).map((d) => d.code));
      const body = {
        procedure: p.code,
        applicant: Object.fromEntries(
          Object.entries({
            ...applicant,
            ...Object.fromEntries(
              Object.entries(fromForm).map(([k, id]) => [k, typeof v[id] === 'string' ? v[id] : '']),
            ),
          })
            .filter(([, x]) => x.trim() !== '')
            .map(([k, x]) => [k, x.trim()]),
        ),
        values: v,
        documents: [...attached].filter(([c]) => needed.has(c)).map(([c, a]) => ({ code: c, uploadId: a.upload.id })),
        language,
      };
      // Signed in, the filing goes with the session: the server holds it to the person and lists it as theirs.
      const filed = await post<Filed>(`${API}/dossiers`, body, me ? session() : undefined);
      draft = undefined;
      sessionStorage.removeItem(DRAFT_KEY);
      keep({
        code: filed.code,
        token: filed.token,
        expiresAt: filed.expiresAt,
        at: new Date().toISOString(),
        ...(filed.fee.payment?.qrSvg
          ? {
              payment: {
                totalVnd: filed.fee.totalVnd,
                reference: filed.fee.payment.reference,
                qrSvg: filed.fee.payment.qrSvg,
                qr: filed.fee.payment.qr,
              },
            }
          : {}),
      });
      root.replaceChildren(header(null), ...filedView(filed, p));
      // The address is the dossier's now: a reload (or a doubt) opens it, not an empty form to file again.
      history.replaceState(null, '', `${location.pathname}${location.search}#/ho-so/${encodeURIComponent(filed.code)}`);
      announce(w.filed(filed.code));
      window.scrollTo(0, 0);
    } catch (err) {
      const problem = err instanceof Refused ? err.problem : {};
      if (problem.errors?.length) {
        for (const fe of problem.errors) {
          // An error on the applicant read from the form's own field is shown beside that field.
          const key = /^applicant\.(\w+)$/.exec(fe.field)?.[1] as ApplicantKey | undefined;
          showFieldError(form, (key && fromForm[key]) || fe.field, pick(fe.message));
        }
        say(status, w.fixErrors, true);
        focusFirstError(form);
      } else if (p.allocation && problem.code === 'SERVICES_SCHOOL_CATCHMENT') {
        // The school is the answer to change: said beside it.
        showFieldError(form, p.allocation.schoolField, (err as Error).message);
        say(status, w.fixErrors, true);
        focusFirstError(form);
      } else say(status, (err as Error).message, true);
    } finally {
      submit.disabled = false;
    }
  }

  refresh();
  return [h('h2', {}, pick(p.name)), h('p', { class: 'quiet' }, `${p.code} · ${w.days(p.limitDays)}`), form];
}

function clearErrors(form: HTMLElement): void {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** The server's word on a field, beside it; a field it names that the page does not show goes on top. */
function showFieldError(form: HTMLElement, field: string, text: string): void {
  const block = [...form.querySelectorAll<HTMLElement>('[data-field]')].find((b) => b.dataset['field'] === field);
  const target = block?.querySelector<HTMLElement>('.field-error');
  if (!block || !target) {
    const top = form.querySelector<HTMLElement>('.form-errors') ?? h('ul', { class: 'form-errors' });
    top.append(h('li', {}, text));
    if (!top.isConnected) form.prepend(top);
    return;
  }
  target.textContent = text;
  for (const input of block.querySelectorAll('input, select, textarea')) input.setAttribute('aria-invalid', 'true');
}

function focusFirstError(form: HTMLElement): void {
  const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  first?.focus();
  first?.scrollIntoView({ block: 'center' });
}

/** A document chosen: a photo made small (and JPEG), a PDF as it is; then uploaded. */
async function attach(code: string, file: File, line: HTMLElement): Promise<Upload | undefined> {
  try {
    let blob: Blob = file;
    let name = file.name;
    if (file.type.startsWith('image/')) {
      say(line, w.resizing);
      blob = await resizePhoto(file);
      name = `${name.replace(/\.[^.]*$/, '') || 'anh'}.jpg`;
    }
    say(line, w.uploading);
    const body = new FormData();
    body.append('document', code);
    body.append('file', blob, name);
    const upload = await call<Upload>(`${API}/uploads`, { method: 'POST', body });
    say(line, w.uploaded(upload.name, Math.max(1, Math.round(upload.bytes / 1024))));
    return upload;
  } catch (err) {
    say(line, err instanceof Refused && err.status !== 0 ? err.message : w.uploadFailed, true);
    return undefined;
  }
}

function filedView(filed: Filed, p: Procedure): HTMLElement[] {
  return [
    h(
      'section',
      { class: 'filed', 'data-dossier': filed.code },
      h('h2', {}, w.filed(filed.code)),
      h('p', {}, pick(p.name)),
      h('p', { class: 'code-box' }, w.code, ': ', h('strong', { 'data-code': filed.code }, filed.code)),
      h('p', { class: 'quiet' }, w.filedHint),
      filed.fee.payBy && filed.fee.state === 'due' ? payByLine(filed.fee.payBy) : null,
      paymentBox(filed.fee),
      h(
        'a',
        {
          href: `#/ho-so/${encodeURIComponent(filed.code)}`,
          class: 'button primary',
          // The address is the dossier's already (no hashchange): drawn at once.
          onclick: (e: Event) => {
            if (location.hash !== `#/ho-so/${encodeURIComponent(filed.code)}`) return;
            e.preventDefault();
            void show();
          },
        },
        w.openDossier,
      ),
    ),
  ];
}

// ---- Follow a dossier ----

async function showFollow(asked = ''): Promise<HTMLElement[]> {
  // A reload of this tab (#/tra-cuu) finds the dossier it was following, and the code sent for it.
  const kept = following();
  const prefill = asked || kept?.code || '';
  const sentAt = kept?.code === prefill.toUpperCase() ? Date.parse(kept.sentAt ?? '') : NaN;
  const codeStillValid = Number.isFinite(sentAt) && Date.now() - sentAt < ONE_TIME_CODE_MS;
  const codeInput = h('input', {
    id: 'track-code',
    name: 'code',
    autocomplete: 'off',
    value: prefill,
    required: true,
  }) as HTMLInputElement;
  const trackOut = h('div', { id: 'track-result' });
  const contactInput = h('input', {
    id: 'access-contact',
    name: 'contact',
    autocomplete: 'off',
    required: true,
  }) as HTMLInputElement;
  const otpInput = h('input', {
    id: 'access-otp',
    name: 'otp',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    required: true,
  }) as HTMLInputElement;
  const accessStatus = message();
  const otpForm = h(
    'form',
    {
      id: 'verify-form',
      hidden: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const code = codeInput.value.trim().toUpperCase();
        void post<{ token: string; expiresAt: string }>(`${API}/access/verify`, {
          code,
          otp: otpInput.value.trim(),
        }).then(
          (t) => {
            keep({ code, token: t.token, expiresAt: t.expiresAt, at: new Date().toISOString() });
            // The dossier opens by its token now: nothing left to follow by code in this tab.
            follow(undefined);
            location.hash = `#/ho-so/${encodeURIComponent(code)}`;
          },
          (err: Error) => say(accessStatus, err.message, true),
        );
      },
    },
    h('label', { for: 'access-otp', class: 'label' }, w.otp),
    otpInput,
    h('button', { type: 'submit', class: 'primary' }, w.verify),
  );
  // Opened from a paper's QR code or a message's link (#/tra-cuu/<code>), or after a session ended: the
  // dossier's state at once — once the form is on the page (a task later: the page is drawn after awaits).
  if (prefill) setTimeout(() => (document.getElementById('track-form') as HTMLFormElement | null)?.requestSubmit());
  // A code sent before the reload is still good for its ten minutes: its box is open again, empty.
  if (codeStillValid) {
    otpForm.hidden = false;
    say(accessStatus, w.codeSentBefore);
  }
  return [
    h('h2', {}, w.followTitle),
    h(
      'form',
      {
        id: 'track-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          // Codes are printed in capitals; one typed in small letters is the same code.
          const code = codeInput.value.trim().toUpperCase();
          if (!code) return;
          const before = following();
          follow({ code, ...(before?.code === code && before.sentAt ? { sentAt: before.sentAt } : {}) });
          void call<Tracked>(`${API}/track/${encodeURIComponent(code)}`).then(
            (t) => {
              trackOut.replaceChildren(trackedCard(t));
              announce(`${t.code}: ${w.states[t.state]}`);
            },
            (err: Error) => {
              const said = err instanceof Refused && err.status === 404 ? w.notFound : err.message;
              trackOut.replaceChildren(h('p', { class: 'message error' }, said));
              announce(said);
            },
          );
        },
      },
      h('label', { for: 'track-code', class: 'label' }, w.code),
      codeInput,
      h('p', { class: 'quiet' }, w.trackHint),
      h('button', { type: 'submit' }, w.track),
    ),
    trackOut,
    h('h3', {}, w.mine),
    h('p', { class: 'quiet' }, w.orFull),
    h(
      'form',
      {
        id: 'access-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const code = codeInput.value.trim().toUpperCase();
          if (!code) return codeInput.focus();
          void post<unknown>(`${API}/access`, { code, contact: contactInput.value.trim() }).then(
            () => {
              follow({ code, sentAt: new Date().toISOString() });
              say(accessStatus, w.codeSent);
              otpForm.hidden = false;
              otpInput.focus();
            },
            (err: Error) => say(accessStatus, err.message, true),
          );
        },
      },
      h('label', { for: 'access-contact', class: 'label' }, w.contact),
      contactInput,
      h('button', { type: 'submit' }, w.sendCode),
    ),
    otpForm,
    accessStatus,
  ];
}

function trackedCard(t: Tracked): HTMLElement {
  return h(
    'div',
    { class: 'card tracked', 'data-dossier': t.code },
    h('strong', {}, `${t.code} · ${pick(t.procedure.name)}`),
    ' ',
    stateBadge(t.state),
    // A closed dossier keeps its dates: when it was filed, due, and returned or closed without a result.
    t.submittedAt
      ? h('p', { class: 'quiet', 'data-date': 'submitted' }, `${w.submittedAt}: ${when(t.submittedAt)}`)
      : null,
    t.dueAt ? h('p', { class: 'quiet', 'data-date': 'due' }, `${w.dueAt}: ${when(t.dueAt)}`) : null,
    t.returnedAt ? h('p', { class: 'quiet', 'data-date': 'returned' }, `${w.returnedAt}: ${when(t.returnedAt)}`) : null,
    t.closedAt
      ? h(
          'p',
          { class: 'quiet', 'data-date': 'closed' },
          `${w.closedOn[t.state] ?? w.states[t.state]} ${when(t.closedAt, false)}`,
        )
      : null,
    t.timeliness ? h('p', { class: 'quiet' }, w.timeliness[t.timeliness] ?? t.timeliness) : null,
  );
}

/**
 * Whether the city's sign-on is configured: the page's public configuration names its login when OIDC is
 * set, the one setting behind both the staff's and the applicants' sign-on. Without it there is no button.
 */
let signOn: Promise<boolean> | undefined;
function signOnAvailable(): Promise<boolean> {
  signOn ??= call<{ ssoLoginUrl?: string | null }>('/api/v1/ui/config').then(
    (c) => typeof c.ssoLoginUrl === 'string',
    () => {
      signOn = undefined;
      return false;
    },
  );
  return signOn;
}

/** Who the city account signed in on this device is: its name, and its ID number masked but for its end. */
interface SignedIn {
  readonly name: string;
  readonly idNumberMasked: string;
}
let signedIn: { token: string; who: Promise<SignedIn | undefined> } | undefined;
/** The signed-in person, read once per session (the form is drawn again on a language switch). */
function signedInPerson(): Promise<SignedIn | undefined> {
  const token = session();
  if (!token) return Promise.resolve(undefined);
  if (signedIn?.token !== token) {
    const who = call<{ kind: string; name?: string; idNumber?: string }>(`${API}/applicant`, {}, token).then(
      // Without an ID number from the provider the server takes nothing from the sign-on: nothing is held.
      (me) =>
        me.kind === 'identity' && me.name && me.idNumber ? { name: me.name, idNumberMasked: me.idNumber } : undefined,
      () => {
        signedIn = undefined;
        return undefined;
      },
    );
    signedIn = { token, who };
  }
  return signedIn.who;
}

async function showMine(): Promise<HTMLElement[]> {
  const own = kept();
  const canSignIn = signOnAvailable();
  const s = session();
  let fromAccount: MyDossierSummary[] = [];
  const status = message();
  let who = '';
  if (s) {
    try {
      const [me, list] = await Promise.all([
        call<{ kind: string; name?: string }>(`${API}/applicant`, {}, s),
        call<{ dossiers: MyDossierSummary[] }>(`${API}/my/dossiers`, {}, s),
      ]);
      who = me.name ?? '';
      fromAccount = list.dossiers;
    } catch (err) {
      if (err instanceof Refused && err.status === 401) localStorage.removeItem(SESSION_KEY);
      say(status, err instanceof Refused && err.status === 401 ? w.expired : (err as Error).message, true);
    }
  }
  if (signOnError) {
    say(status, w.signInFailed(signOnError), true);
    signOnError = '';
  }
  const account = h(
    'div',
    { class: 'account' },
    session()
      ? h(
          'p',
          { 'data-signed-in': '' },
          who ? w.signedInAs(who) : w.signedIn,
          ' ',
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => {
                const token = session();
                localStorage.removeItem(SESSION_KEY);
                void post(`${API}/applicant/logout`, undefined, token)
                  .catch(() => undefined)
                  .then(() => show());
              },
            },
            w.signOut,
          ),
        )
      : (await canSignIn)
        ? h('a', { href: `${API}/applicant/login`, class: 'button', id: 'sign-in' }, w.signIn)
        : null,
  );
  // Those this device follows, each read with its own token (they may belong to several people).
  const codes = new Set(fromAccount.map((d) => d.code));
  const ownCards = await Promise.all(
    own
      .filter((k) => !codes.has(k.code))
      .map(async (k) => {
        const d = await call<MyDossier>(`${API}/my/dossiers/${encodeURIComponent(k.code)}`, {}, k.token).catch(
          () => undefined,
        );
        return mineCard(k.code, d, true);
      }),
  );
  const cards = [...fromAccount.map((d) => mineCard(d.code, d, false)), ...ownCards];
  return [
    h('h2', {}, w.mine),
    account,
    status,
    cards.length ? h('ul', { class: 'cards', id: 'my-dossiers' }, ...cards) : h('p', { class: 'quiet' }, w.noMine),
  ];
}

function mineCard(code: string, d: MyDossierSummary | undefined, local: boolean): HTMLElement {
  return h(
    'li',
    { class: 'card', 'data-dossier': code },
    h(
      'a',
      { href: `#/ho-so/${encodeURIComponent(code)}`, class: 'card-link' },
      h('strong', {}, code),
      d ? h('span', {}, pick(d.procedure.name)) : null,
      d ? stateBadge(d.state) : h('span', { class: 'quiet' }, w.expired),
      d?.dueAt ? h('span', { class: 'quiet' }, `${w.dueAt}: ${when(d.dueAt)}`) : null,
    ),
    local
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              forget(code);
              void show();
            },
          },
          w.forget,
        )
      : null,
  );
}

const OPEN_STATES: readonly DossierState[] = ['submitted', 'received', 'processing', 'supplement'];
/** Closed without a result; each by its step, and the paper that gives the reason (none for a withdrawal). */
const ENDED_STATES: readonly DossierState[] = ['rejected', 'stopped', 'withdrawn'];
const ENDED_BY: Readonly<Record<string, { event: string; form?: FormKind }>> = {
  rejected: { event: 'reject', form: '03' },
  stopped: { event: 'stop', form: '05' },
  withdrawn: { event: 'withdraw' },
};

/** When and why the dossier ended: the reason the officer gave, and the paper that says it. */
function endedBlock(d: MyDossier, token: string, failed: (err: unknown) => void): HTMLElement {
  const by = ENDED_BY[d.state];
  const event = [...d.timeline].reverse().find((e) => e.kind === by?.event);
  const at = d.closed?.at ?? event?.at;
  const reason = d.closed?.reason ?? event?.note;
  const form = by?.form && d.forms.includes(by.form) ? by.form : undefined;
  return h(
    'section',
    { class: 'ended', id: 'ended', 'data-ended': d.state, role: 'note' },
    h('p', {}, h('strong', {}, `${w.closedOn[d.state] ?? w.states[d.state]} ${when(at, false)}`)),
    reason ? h('p', { 'data-reason': '' }, `${w.closedReason}: ${reason}`) : null,
    form
      ? h(
          'p',
          {},
          `${w.closedReasonIn(w.formNames[form] ?? form)} `,
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              'data-reason-form': form,
              onclick: () =>
                void download(
                  `${API}/my/dossiers/${encodeURIComponent(d.code)}/forms/${form}`,
                  token,
                  `mau-${form}-${d.code}.pdf`,
                ).catch(failed),
            },
            w.download,
          ),
        )
      : null,
  );
}

/** Runs out with the shown dossier's token: the open page then says the session ended. */
let tokenTimer: ReturnType<typeof setTimeout> | undefined;
/** The dossier whose session (a city account's too, which this device then forgets) ended on this page. */
let endedFor = '';

/**
 * The token stopped opening the dossier (its 8 hours are over, or it was withdrawn): this device lets it
 * go and the page says so, with the way to follow the dossier again by its code and a one-time code.
 */
function forgetSession(code: string, token: string): void {
  const own = kept().find((k) => k.code === code && k.token === token);
  if (own) keep({ ...own, expiresAt: new Date(0).toISOString() });
  if (session() === token) localStorage.removeItem(SESSION_KEY);
  endedFor = code;
}
/** As forgetSession, then the page is drawn again (for a session ending while the page is open). */
function endSession(code: string, token: string): void {
  forgetSession(code, token);
  void show();
}
async function sessionEnded(code: string): Promise<HTMLElement[]> {
  return [
    h('p', { class: 'message error', id: 'session-ended', role: 'alert' }, w.sessionEnded),
    ...(await showFollow(code)),
  ];
}
const isEnded = (err: unknown): boolean => err instanceof Refused && (err.status === 401 || err.status === 403);

async function showDossier(code: string): Promise<HTMLElement[]> {
  const token = tokenFor(code);
  // A token this device had for the dossier, now past its time: said, not a bare tracking form.
  if (!token) return endedFor === code || kept().some((k) => k.code === code) ? sessionEnded(code) : showFollow(code);
  let d: MyDossier;
  try {
    d = await call<MyDossier>(`${API}/my/dossiers/${encodeURIComponent(code)}`, {}, token);
  } catch (err) {
    if (isEnded(err)) {
      // This draw says it: drawing the page again as well would draw it twice.
      forgetSession(code, token);
      return sessionEnded(code);
    }
    if (err instanceof Refused && err.status === 404) return [h('p', { class: 'message error' }, w.notFound)];
    throw err;
  }
  // The page stays open past the token's time: at that moment it says the session ended.
  const expiresAt = Date.parse(kept().find((k) => k.code === code && k.token === token)?.expiresAt ?? '');
  if (Number.isFinite(expiresAt)) {
    const shown = location.hash;
    tokenTimer = setTimeout(
      () => location.hash === shown && endSession(code, token),
      Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1),
    );
  }
  const names = await agencyNames();
  const p = await procedure(d.procedure.code).catch(() => undefined);
  const status = message();
  const reload = () => void show();
  // A step refused because the token no longer opens the dossier ends the session, said; others are said here.
  const failed = (err: unknown) => (isEnded(err) ? endSession(code, token) : say(status, (err as Error).message, true));
  const act = async (what: () => Promise<unknown>, done?: string) => {
    try {
      await what();
      if (done) say(status, done);
      reload();
    } catch (err) {
      failed(err);
    }
  };
  const ratingScore = typeof d.rating === 'number' ? d.rating : d.rating?.score;
  const ended = ENDED_STATES.includes(d.state);
  return [
    h(
      'article',
      { class: 'dossier', 'data-dossier': d.code, 'data-state': d.state },
      h('h2', {}, `${w.code} ${d.code}`),
      h('p', {}, pick(d.procedure.name)),
      h('p', {}, stateBadge(d.state)),
      h(
        'dl',
        { class: 'facts' },
        // The agency that decides it; the office holding it (the one-stop centre, often) apart when another.
        h('dt', {}, w.agency),
        h('dd', { 'data-agency': 'deciding' }, agencyName(names, d.decidingAgency ?? d.agency)),
        ...(d.decidingAgency && d.decidingAgency.code !== (typeof d.agency === 'string' ? d.agency : d.agency.code)
          ? [h('dt', {}, w.heldBy), h('dd', { 'data-agency': 'holding' }, agencyName(names, d.agency))]
          : []),
        d.submittedAt ? h('dt', {}, w.submittedAt) : null,
        d.submittedAt ? h('dd', {}, when(d.submittedAt)) : null,
        d.receivedAt ? h('dt', {}, w.receivedAt) : null,
        d.receivedAt ? h('dd', {}, when(d.receivedAt)) : null,
        d.dueAt ? h('dt', {}, w.dueAt) : null,
        d.dueAt ? h('dd', { 'data-due': d.dueAt }, when(d.dueAt)) : null,
        d.returnedAt ? h('dt', {}, w.returnedAt) : null,
        d.returnedAt ? h('dd', { 'data-returned': d.returnedAt }, when(d.returnedAt)) : null,
        d.timeliness ? h('dt', {}, w.state) : null,
        d.timeliness ? h('dd', {}, w.timeliness[d.timeliness] ?? d.timeliness) : null,
        d.fee.totalVnd > 0 ? h('dt', {}, w.fee) : null,
        d.fee.totalVnd > 0
          ? h(
              'dd',
              { 'data-fee': ended && d.fee.state === 'due' ? 'cancelled' : d.fee.state },
              `${vnd(d.fee.totalVnd)} · ${d.fee.state === 'paid' ? w.paid : ended ? w.feeNotDue : w.due}`,
            )
          : null,
      ),
      // A refused, stopped or withdrawn dossier's fee is cancelled: nothing to pay, no QR.
      d.fee.state === 'due' && !ended && d.fee.payBy ? payByLine(d.fee.payBy) : null,
      d.fee.state === 'due' && !ended ? paymentBox(feeWithQr(d)) : null,
      ended ? endedBlock(d, token, failed) : null,
      d.fee.state === 'paid' && d.fee.totalVnd > 0 ? receiptLine(d.code, token) : null,
      d.state === 'supplement' && d.asked ? supplementForm(d, p, token, act) : null,
      d.result?.available
        ? h(
            'button',
            {
              type: 'button',
              class: 'primary',
              id: 'download-result',
              onclick: () =>
                void download(
                  `${API}/my/dossiers/${encodeURIComponent(d.code)}/result`,
                  token,
                  `ket-qua-${d.code}.pdf`,
                ).catch(failed),
            },
            w.resultDownload,
          )
        : null,
      d.state === 'returned' ? ratingBlock(d, ratingScore, token, act) : null,
      d.forms.length
        ? h(
            'section',
            { 'aria-labelledby': 'forms-title' },
            h('h3', { id: 'forms-title' }, w.forms),
            h(
              'ul',
              { class: 'forms' },
              ...d.forms.map((k) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      'data-form': k,
                      onclick: () =>
                        void download(
                          `${API}/my/dossiers/${encodeURIComponent(d.code)}/forms/${k}`,
                          token,
                          `mau-${k}-${d.code}.pdf`,
                        ).catch(failed),
                    },
                    `${w.download} ${w.formNames[k] ?? k}`,
                  ),
                ),
              ),
            ),
          )
        : null,
      d.values && Object.keys(d.values).length > 0 ? answersBlock(p, d.values) : null,
      d.documents.length > 0 ? filedDocuments(d, p) : null,
      h('h3', {}, w.timeline),
      h(
        'ol',
        { class: 'timeline' },
        ...d.timeline.map((e) =>
          h(
            'li',
            { 'data-event': e.kind },
            h('time', { datetime: e.at, class: 'quiet' }, when(e.at)),
            ' ',
            pick(e.text),
          ),
        ),
      ),
      OPEN_STATES.includes(d.state) ? withdrawBlock(d.code, token, act) : null,
      status,
    ),
  ];
}

/** What was filed, as the officers read it: in the form's order, under its sections, in words. */
function answersBlock(p: Procedure | undefined, values: Readonly<Record<string, unknown>>): HTMLElement {
  const { sections, rest } = answersInFormOrder(p?.form, values, {
    pick: (t) => pick(t),
    yes: w.yes,
    no: w.no,
    wardName: (code) => {
      const x = WARDS.find((ward) => ward.code === code);
      return x ? (language === 'vi' ? x.name : x.nameEn) : '';
    },
  });
  const lines = (list: AnswerLine[]) =>
    h(
      'dl',
      { class: 'facts' },
      ...list.flatMap((l) => [h('dt', {}, l.label), h('dd', { 'data-answer': l.id }, l.text)]),
    );
  return h(
    'section',
    { class: 'answers', id: 'answers', 'aria-labelledby': 'answers-title' },
    h('h3', { id: 'answers-title' }, w.answers),
    ...sections.map((s) => h('div', { 'data-section': s.id }, h('h4', {}, s.title), lines(s.lines))),
    rest.length > 0 ? lines(rest) : null,
  );
}

/** Withdrawal, asked once more on the page itself, with the applicant's reason if they give one. */
function withdrawBlock(code: string, token: string, act: Act): HTMLElement {
  const reason = h('textarea', {
    id: 'withdraw-reason',
    name: 'reason',
    rows: 2,
    maxlength: 2000,
  }) as HTMLTextAreaElement;
  const ask = h(
    'form',
    {
      id: 'withdraw-form',
      class: 'withdraw',
      hidden: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const why = reason.value.trim();
        void act(() =>
          post(`${API}/my/dossiers/${encodeURIComponent(code)}/withdraw`, why ? { reason: why } : {}, token),
        );
      },
    },
    h('p', { role: 'alert' }, h('strong', {}, w.withdrawConfirm)),
    h('label', { for: 'withdraw-reason', class: 'label small' }, w.withdrawReason),
    reason,
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit', class: 'danger', id: 'withdraw-yes' }, w.withdrawYes),
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            ask.hidden = true;
            open.hidden = false;
            open.focus();
          },
        },
        w.withdrawNo,
      ),
    ),
  );
  const open = h(
    'button',
    {
      type: 'button',
      class: 'link danger',
      id: 'withdraw',
      onclick: () => {
        ask.hidden = false;
        open.hidden = true;
        reason.focus();
      },
    },
    w.withdraw,
  );
  return h('div', {}, open, ask);
}

/** The fee to pay, with the QR kept from filing when the dossier's page gives the reference alone. */
function feeWithQr(d: MyDossier): Filed['fee'] {
  const k = kept().find((x) => x.code === d.code)?.payment;
  const reference = d.fee.payment?.reference ?? k?.reference;
  const qrSvg = d.fee.payment?.qrSvg ?? (k && k.reference === reference ? k.qrSvg : undefined);
  return {
    totalVnd: d.fee.totalVnd,
    state: d.fee.state,
    ...(reference
      ? {
          payment: {
            reference,
            qr: d.fee.payment?.qr || (k && k.reference === reference ? (k.qr ?? '') : ''),
            qrSvg: qrSvg ?? '',
          },
        }
      : {}),
  };
}

/** The fee's receipt number once paid, read with the applicant's token. */
/** By when the fee must be paid: unpaid then, the dossier filed online is refused by itself. */
function payByLine(at: string): HTMLElement {
  return h('p', { class: 'warning', role: 'note', 'data-pay-by': at }, w.payBy(when(at)));
}

function receiptLine(code: string, token: string): HTMLElement {
  const line = h('p', { class: 'quiet', 'data-receipt': '' });
  const path = `${API}/my/dossiers/${encodeURIComponent(code)}/receipt`;
  void call<{ number?: string; paidAt?: string }>(path, {}, token).then(
    (r) => {
      if (!r.number) return;
      line.textContent = `${w.receipt}: ${r.number}${r.paidAt ? ` · ${when(r.paidAt)}` : ''} `;
      // The receipt as the payment recorded it, kept on the device (the bank's transaction, the amount, when).
      const json = JSON.stringify(r, null, 2);
      line.append(
        h(
          'a',
          {
            id: 'download-receipt',
            class: 'link',
            href: URL.createObjectURL(new Blob([json], { type: 'application/json' })),
            download: `bien-lai-${code}.json`,
          },
          w.receiptDownload,
        ),
      );
    },
    () => undefined,
  );
  return line;
}

/** The documents on the dossier, each by what it is (the procedure's name, or the supplement item it answers). */
function filedDocuments(d: MyDossier, p: Procedure | undefined): HTMLElement {
  const titleOf = (x: MyDossier['documents'][number]) =>
    x.title ??
    (p?.documents.find((r) => r.code === x.code)?.name
      ? pick(p.documents.find((r) => r.code === x.code)!.name)
      : x.code);
  return h(
    'section',
    { 'aria-labelledby': 'filed-documents-title' },
    h('h3', { id: 'filed-documents-title' }, w.filedDocuments),
    h(
      'ul',
      { class: 'filed-documents' },
      ...d.documents.map((x) =>
        h(
          'li',
          { 'data-filed-document': x.code },
          h('strong', {}, titleOf(x)),
          ' · ',
          h('span', { class: 'quiet' }, typeof x.name === 'string' ? x.name : pick(x.name)),
        ),
      ),
    ),
  );
}

type Act = (what: () => Promise<unknown>, done?: string) => Promise<void>;

/** What the agency asked for, and the form to send it: a note and the documents again or anew. */
function supplementForm(d: MyDossier, p: Procedure | undefined, token: string, act: Act): HTMLElement {
  const asked = d.asked!;
  const attached = new Map<string, Upload>();
  const note = h('textarea', { id: 'supplement-note', name: 'note', rows: 3 }) as HTMLTextAreaElement;
  // The server takes again only documents the application asks for: those every application needs, and
  // those this one was filed with (a conditional one depends on answers the page no longer has).
  const given = new Set(d.documents.map((x) => x.code));
  // Each item asked for that is none of the procedure's documents takes an upload of its own
  // (asked-<n>), so a photo asked for in words is not filed under another document's name.
  const listed = new Set((p?.documents ?? []).map((doc) => pick(doc.name).trim().toLowerCase()));
  const itemDocs = asked.items.flatMap((item, i) =>
    listed.has(item.trim().toLowerCase())
      ? []
      : [{ code: `asked-${i + 1}`, name: { vi: item, en: item }, accept: ['pdf', 'jpeg', 'png'] as const }],
  );
  const docs = [...(p?.documents ?? []).filter((doc) => !doc.when || given.has(doc.code)), ...itemDocs].map((doc) => {
    const line = message();
    line.id = `sup-${doc.code}-status`;
    return h(
      'div',
      { class: 'field', 'data-document': doc.code },
      h('label', { for: `sup-${doc.code}`, class: 'label small' }, pick(doc.name)),
      h('input', {
        id: `sup-${doc.code}`,
        type: 'file',
        accept: doc.accept.map((a) => (a === 'pdf' ? 'application/pdf' : `image/${a}`)).join(','),
        'aria-describedby': line.id,
        onchange: (e: Event) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          attached.delete(doc.code);
          if (file) void attach(doc.code, file, line).then((u) => u && attached.set(doc.code, u));
        },
      }),
      line,
    );
  });
  return h(
    'section',
    { class: 'asked', 'aria-labelledby': 'asked-title' },
    h('h3', { id: 'asked-title' }, w.asked),
    h('p', { class: 'quiet' }, when(asked.at)),
    h('ul', {}, ...asked.items.map((i) => h('li', {}, i))),
    asked.note ? h('p', {}, asked.note) : null,
    h(
      'form',
      {
        id: 'supplement-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void act(
            () =>
              post(
                `${API}/my/dossiers/${encodeURIComponent(d.code)}/supplement`,
                {
                  ...(note.value.trim() ? { note: note.value.trim() } : {}),
                  documents: [...attached].map(([code, u]) => ({ code, uploadId: u.id })),
                },
                token,
              ),
            w.supplementSent,
          );
        },
      },
      ...docs,
      h('label', { for: 'supplement-note', class: 'label small' }, w.supplementNote),
      note,
      h('button', { type: 'submit', class: 'primary' }, w.supplement),
    ),
  );
}

function ratingBlock(d: MyDossier, score: number | undefined, token: string, act: Act): HTMLElement {
  if (score) return h('p', { class: 'rated', 'data-rating': score }, w.rated(score));
  let chosen = 0;
  const comment = h('textarea', { id: 'rating-comment', name: 'comment', rows: 2 }) as HTMLTextAreaElement;
  return h(
    'form',
    {
      id: 'rating-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (!chosen) return;
        void act(() =>
          post(
            `${API}/my/dossiers/${encodeURIComponent(d.code)}/rating`,
            { score: chosen, ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) },
            token,
          ),
        );
      },
    },
    h(
      'fieldset',
      {},
      h('legend', { class: 'label' }, w.rate),
      h('p', { class: 'quiet' }, w.rateHint),
      h(
        'div',
        { class: 'stars' },
        ...[1, 2, 3, 4, 5].map((n) =>
          h(
            'label',
            { class: 'check star' },
            h('input', { type: 'radio', name: 'score', value: n, onchange: () => (chosen = n) }),
            ' ',
            w.score(n),
          ),
        ),
      ),
    ),
    h('label', { for: 'rating-comment', class: 'label small' }, w.comment),
    comment,
    h('button', { type: 'submit', class: 'primary' }, w.sendRating),
  );
}

// ---- The page ----

type Tab = 'find' | 'follow' | 'mine';

function header(tab: Tab | null): HTMLElement {
  const link = (t: Tab, href: string, text: string) =>
    h('a', { href, class: 'tab', 'aria-current': tab === t ? 'page' : undefined }, text);
  return h(
    'header',
    {},
    h(
      'div',
      { class: 'bar' },
      h('h1', {}, w.title),
      h(
        'button',
        {
          type: 'button',
          class: 'language',
          lang: language === 'vi' ? 'en' : 'vi',
          'aria-label': w.switchLabel,
          onclick: () => {
            language = language === 'vi' ? 'en' : 'vi';
            localStorage.setItem(LANGUAGE_KEY, language);
            void show();
          },
        },
        w.switchTo,
      ),
    ),
    h(
      'nav',
      { 'aria-label': w.sections },
      link('find', '#/', w.find),
      link('follow', '#/tra-cuu', w.follow),
      link('mine', '#/cua-toi', w.mine),
    ),
  );
}

async function show(): Promise<void> {
  clearTimeout(tokenTimer);
  w = WORDS[language];
  document.documentElement.lang = language;
  document.title = `${w.title} · Thăng Long`;
  const [, kind, arg] = /^#\/(thu-tuc|nop|ho-so|tra-cuu|cua-toi)(?:\/(.+))?$/.exec(location.hash) ?? [];
  const code = arg ? decodeURIComponent(arg) : '';
  const tab: Tab | null =
    kind === 'tra-cuu' ? 'follow' : kind === 'cua-toi' || kind === 'ho-so' ? 'mine' : kind ? null : 'find';
  let content: HTMLElement[];
  try {
    content =
      kind === 'thu-tuc' && code
        ? await showProcedure(code)
        : kind === 'nop' && code
          ? await showApply(code)
          : kind === 'ho-so' && code
            ? await showDossier(code)
            : kind === 'tra-cuu'
              ? await showFollow(code)
              : kind === 'cua-toi'
                ? await showMine()
                : await showSearch();
  } catch (err) {
    content = [h('p', { class: 'message error' }, (err as Error).message || w.failed)];
  }
  const back =
    tab === null || kind === 'ho-so'
      ? h(
          'a',
          {
            href: kind === 'nop' ? `#/thu-tuc/${encodeURIComponent(code)}` : kind === 'ho-so' ? '#/cua-toi' : '#/',
            class: 'back',
          },
          `← ${w.back}`,
        )
      : null;
  root.replaceChildren(header(tab), ...(back ? [back] : []), ...content);
}

/**
 * Back from the city's sign-in (/dich-vu-cong/#session=<token>): the session is kept on this device and
 * leaves the address bar (and the history) at once; then the person's dossiers.
 */
function start(): void {
  const returned = /^#session=([^&]+)$/.exec(location.hash)?.[1];
  const failed = /^#sso-error=([^&]+)$/.exec(location.hash)?.[1];
  if (returned) localStorage.setItem(SESSION_KEY, decodeURIComponent(returned));
  if (failed) signOnError = decodeURIComponent(failed);
  if (returned || failed) history.replaceState(null, '', `${location.pathname}${location.search}#/cua-toi`);
  window.addEventListener('hashchange', () => void show());
  void show();
}
start();
