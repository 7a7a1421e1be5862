import { ngsiErrors } from '../errors.js';
import type { SqlParams } from './sql.js';

/**
 * The NGSI-LD query language (`q`, ETSI GS CIM 009 V1.8.1 §4.9 with the V1.9.1 additions): a parser to
 * an AST and a translator of that AST to one boolean PostgreSQL expression over `ngsi_entity.attrs`.
 * Every value the caller wrote reaches the database as a parameter, never as SQL text.
 */

// ---------------------------------------------------------------------------------------------------
// The AST

export type QOperator = '==' | '!=' | '>' | '>=' | '<' | '<=';
export type QEqualityOperator = '==' | '!=';
export type QPatternOperator = '~=' | '!~=';

/** Members of an attribute instance that a path may end with (`temperature.observedAt`). */
export const Q_INSTANCE_MEMBERS = ['observedAt', 'createdAt', 'modifiedAt', 'unitCode', 'datasetId'] as const;
export type QInstanceMember = (typeof Q_INSTANCE_MEMBERS)[number];

/** What a query term looks at: `attribute.subAttribute….member` or `attribute.subAttribute[key][key]`. */
export interface QAttributePath {
  /** The attribute name as written: a term, a compact IRI or an IRI. */
  readonly attribute: string;
  /** Sub-attribute names (properties of properties), outermost first, as written. */
  readonly subAttributes: readonly string[];
  /** A member of the addressed instance instead of its value. */
  readonly member?: QInstanceMember;
  /** Keys into the value when it is a JSON object (`[key]`), outermost first; not expanded. */
  readonly valueKeys: readonly string[];
}

export type QValue =
  /** `literal` is the number as JSON text, exact even where a double would round. */
  | { readonly kind: 'number'; readonly value: number; readonly literal: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** Dates and times keep the text written, already checked to be a real calendar instant. */
  | { readonly kind: 'dateTime'; readonly value: string }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'time'; readonly value: string }
  | { readonly kind: 'uri'; readonly value: string };

/** Values that have an order, so may bound a range or follow `>`, `<`, `>=`, `<=`. */
export type QComparableValue = Extract<QValue, { kind: 'number' | 'string' | 'dateTime' | 'date' | 'time' }>;

interface QTermBase {
  readonly path: QAttributePath;
  /** Where the term starts in the query text (0-based), for messages. */
  readonly offset: number;
}

export interface QExistenceTerm extends QTermBase {
  readonly kind: 'exists';
}
export interface QComparisonTerm extends QTermBase {
  readonly kind: 'compare';
  readonly operator: QOperator;
  readonly value: QValue;
}
export interface QRangeTerm extends QTermBase {
  readonly kind: 'range';
  /** `==` within [min, max] inclusive; `!=` outside it. */
  readonly operator: QEqualityOperator;
  readonly min: QComparableValue;
  readonly max: QComparableValue;
}
export interface QListTerm extends QTermBase {
  readonly kind: 'list';
  /** `==` any of the values; `!=` none of them. */
  readonly operator: QEqualityOperator;
  readonly values: readonly QValue[];
}
export interface QPatternTerm extends QTermBase {
  readonly kind: 'pattern';
  readonly operator: QPatternOperator;
  /** A POSIX-style regular expression that PostgreSQL is known to compile. */
  readonly regex: string;
}

export type QTerm = QExistenceTerm | QComparisonTerm | QRangeTerm | QListTerm | QPatternTerm;
export type QLogical =
  | { readonly kind: 'and'; readonly parts: readonly QExpression[] }
  | { readonly kind: 'or'; readonly parts: readonly QExpression[] };
export type QExpression = QTerm | QLogical;

// ---------------------------------------------------------------------------------------------------
// Parsing

export const Q_MAX_LENGTH = 4096;
export const Q_MAX_DEPTH = 32;

const OPERATORS = ['==', '!=', '!~=', '~=', '>=', '<=', '>', '<'] as const;
const FULL_IRI_START = /[A-Za-z][A-Za-z0-9+.-]*:\/\//y;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/;
const DATE_TIME = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?/y;
const DATE = /(\d{4})-(\d{2})-(\d{2})/y;
const TIME = /(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z?/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE]([+-]?\d+))?/y;
const BOOLEAN = /true|false/y;
/** Characters that end a name: operators, logical operators, grouping, path syntax, quotes. */
const NOT_IN_NAMES = new Set([...'=!<>~;&|()[]".,\'']);

const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
const isControl = (ch: string) => ch < ' ' || ch === '\u007f';
const endsTerm = (ch: string | undefined) => ch === undefined || ch === ';' || ch === '&' || ch === '|' || ch === ')';
const isNameChar = (ch: string) => !NOT_IN_NAMES.has(ch) && !isSpace(ch) && !isControl(ch);
const isEquality = (op: QOperator): op is QEqualityOperator => op === '==' || op === '!=';
const isComparable = (v: QValue): v is QComparableValue => v.kind !== 'boolean' && v.kind !== 'uri';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
const isCalendarDate = (y: number, m: number, d: number) =>
  y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
const isClockTime = (h: number, min: number, s: number) => h <= 23 && min <= 59 && s <= 59;

/** Parses the text of a `q` parameter; throws BadRequestData naming the character at fault. */
export function parseQ(text: string): QExpression {
  if (text.length === 0) throw ngsiErrors.badRequestData('Invalid q: the query is empty.');
  if (text.length > Q_MAX_LENGTH) {
    throw ngsiErrors.badRequestData(`Invalid q: the query is ${text.length} characters long; at most ${Q_MAX_LENGTH}.`);
  }
  // PostgreSQL text holds neither NUL nor half a surrogate pair; either would fail as a database error.
  const nul = text.indexOf('\u0000');
  const halfPair = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text)?.index;
  const unstorable = nul >= 0 ? nul : halfPair;
  if (unstorable !== undefined) {
    throw ngsiErrors.badRequestData(
      `Invalid q at character ${unstorable + 1}: a NUL character or a broken surrogate pair is not allowed.`,
    );
  }
  return new QParser(text).parse();
}

class QParser {
  #pos = 0;
  /** Size of the regular expressions read so far: together they run on every candidate value. */
  #patternSize = 0;

  constructor(private readonly text: string) {}

  parse(): QExpression {
    const expression = this.#or(0);
    this.#skipSpaces();
    if (this.#pos < this.text.length) {
      if (this.#peek() === ')') this.#fail('this ")" closes no "("');
      this.#fail(`";", "&", "|" or the end of the query is expected, found ${this.#found()}`);
    }
    return expression;
  }

  #fail(what: string, at = this.#pos): never {
    throw ngsiErrors.badRequestData(`Invalid q at character ${at + 1}: ${what}.`);
  }

  #peek(offset = 0): string | undefined {
    return this.text[this.#pos + offset];
  }

  #found(at = this.#pos): string {
    const rest = this.text.slice(at, at + 12);
    return rest === '' ? 'the end of the query' : JSON.stringify(rest.length === 12 ? `${rest}…` : rest);
  }

  #skipSpaces(): void {
    while (isSpace(this.#peek())) this.#pos++;
  }

  #or(depth: number): QExpression {
    const parts = [this.#and(depth)];
    while (this.#peek() === '|') {
      this.#pos++;
      parts.push(this.#and(depth));
    }
    return parts.length === 1 ? (parts[0] as QExpression) : { kind: 'or', parts };
  }

  #and(depth: number): QExpression {
    const parts = [this.#factor(depth)];
    while (this.#peek() === ';' || this.#peek() === '&') {
      this.#pos++;
      parts.push(this.#factor(depth));
    }
    return parts.length === 1 ? (parts[0] as QExpression) : { kind: 'and', parts };
  }

  #factor(depth: number): QExpression {
    this.#skipSpaces();
    if (this.#peek() !== '(') {
      const term = this.#term();
      this.#skipSpaces();
      return term;
    }
    const open = this.#pos;
    if (depth >= Q_MAX_DEPTH) this.#fail(`parentheses are nested deeper than ${Q_MAX_DEPTH}`);
    this.#pos++;
    const inner = this.#or(depth + 1);
    if (this.#peek() !== ')') {
      if (this.#pos >= this.text.length) this.#fail('this "(" is never closed', open);
      this.#fail(`";", "&", "|" or ")" is expected, found ${this.#found()}`);
    }
    this.#pos++;
    this.#skipSpaces();
    return inner;
  }

  #term(): QTerm {
    const offset = this.#pos;
    const path = this.#path();
    this.#skipSpaces();
    const operator = OPERATORS.find((op) => this.text.startsWith(op, this.#pos));
    if (operator === undefined) {
      if (endsTerm(this.#peek())) return { kind: 'exists', path, offset };
      const ch = this.#peek() as string;
      if ('=!<>~'.includes(ch)) {
        const start = this.#pos;
        while ('=!<>~'.includes(this.#peek() ?? ' ')) this.#pos++;
        this.#fail(
          `${JSON.stringify(this.text.slice(start, this.#pos))} is not an operator (==, !=, >, >=, <, <=, ~=, !~=)`,
          start,
        );
      }
      this.#fail(
        `an operator (==, !=, >, >=, <, <=, ~=, !~=) or the end of the term is expected, found ${this.#found()}`,
      );
    }
    this.#pos += operator.length;
    if (operator === '~=' || operator === '!~=') {
      return { kind: 'pattern', path, offset, operator, regex: this.#pattern() };
    }
    this.#skipSpaces();
    const firstAt = this.#pos;
    const first = this.#value();
    this.#skipSpaces();
    if (this.text.startsWith('..', this.#pos)) {
      const dots = this.#pos;
      if (!isEquality(operator)) this.#fail(`a range min..max needs == or !=, not ${operator}`, dots);
      this.#pos += 2;
      this.#skipSpaces();
      const secondAt = this.#pos;
      const second = this.#value();
      if (!isComparable(first)) this.#fail('a range must be bounded by numbers, strings, dates or times', firstAt);
      if (!isComparable(second)) this.#fail('a range must be bounded by numbers, strings, dates or times', secondAt);
      if (first.kind !== second.kind) {
        this.#fail(`both ends of a range must be of one kind (here ${first.kind} and ${second.kind})`, secondAt);
      }
      return { kind: 'range', path, offset, operator, min: first, max: second };
    }
    if (this.#peek() === ',') {
      if (!isEquality(operator)) this.#fail(`a list of values needs == or !=, not ${operator}`);
      const values = [first];
      while (this.#peek() === ',') {
        this.#pos++;
        this.#skipSpaces();
        values.push(this.#value());
        this.#skipSpaces();
      }
      return { kind: 'list', path, offset, operator, values };
    }
    if (!isEquality(operator) && !isComparable(first)) {
      this.#fail(
        `${operator} compares numbers, strings, dates and times only; a ${first.kind} takes == or !=`,
        firstAt,
      );
    }
    return { kind: 'compare', path, offset, operator, value: first };
  }

  #path(): QAttributePath {
    const attribute = this.#name();
    const names: { name: string; at: number }[] = [];
    while (this.#peek() === '.') {
      this.#pos++;
      const at = this.#pos;
      names.push({ name: this.#name(), at });
    }
    const valueKeys: string[] = [];
    while (this.#peek() === '[') {
      this.#pos++;
      const at = this.#pos;
      while (this.#pos < this.text.length && isNameChar(this.#peek() as string)) this.#pos++;
      if (this.#pos === at) this.#fail(`a member name is expected inside [ ], found ${this.#found()}`);
      if (this.#peek() !== ']') this.#fail(`"]" is expected, found ${this.#found()}`);
      valueKeys.push(this.text.slice(at, this.#pos));
      this.#pos++;
    }
    if (this.#peek() === '.') this.#fail('a path cannot go on with "." after [ ]; sub-attributes come first: a.b[c]');
    const last = names[names.length - 1];
    const member = Q_INSTANCE_MEMBERS.find((m) => m === last?.name);
    names.forEach(({ name, at }, i) => {
      if (i < names.length - 1 && (Q_INSTANCE_MEMBERS as readonly string[]).includes(name)) {
        this.#fail(`${name} is a member of an attribute and must end the path`, at);
      }
    });
    if (member !== undefined && last !== undefined && valueKeys.length > 0) {
      this.#fail(`${member} has no members to address with [ ]`, last.at);
    }
    const subAttributes = (member === undefined ? names : names.slice(0, -1)).map((n) => n.name);
    return { attribute, subAttributes, ...(member !== undefined ? { member } : {}), valueKeys };
  }

  /** One attribute or sub-attribute name: a term, a compact IRI or a full IRI (whose dots are its own). */
  #name(): string {
    const start = this.#pos;
    FULL_IRI_START.lastIndex = start;
    if (FULL_IRI_START.test(this.text)) return this.#fullIri(start, FULL_IRI_START.lastIndex);
    while (this.#pos < this.text.length && isNameChar(this.#peek() as string)) this.#pos++;
    if (this.#pos === start) this.#fail(`an attribute name is expected, found ${this.#found()}`);
    return this.text.slice(start, this.#pos);
  }

  /**
   * A full IRI runs to the first operator or bracket. A dot after its authority separates path names
   * only when no "/" or "#" follows (so `https://ex.org/speed.observedAt` ends at "speed"), or when
   * another full IRI follows it.
   */
  #fullIri(start: number, afterScheme: number): string {
    let end = afterScheme;
    while (end < this.text.length && (isNameChar(this.text[end] as string) || this.text[end] === '.')) end++;
    let authorityEnd = afterScheme;
    while (authorityEnd < end && !'/?#'.includes(this.text[authorityEnd] as string)) authorityEnd++;
    let stop = end;
    for (let i = authorityEnd; i < end; i++) {
      if (this.text[i] !== '.') continue;
      const rest = this.text.slice(i + 1, end);
      FULL_IRI_START.lastIndex = 0;
      if (!/[/#]/.test(rest) || FULL_IRI_START.test(rest)) {
        stop = i;
        break;
      }
    }
    if (stop === afterScheme) this.#fail('an IRI is expected after "://"', afterScheme);
    this.#pos = stop;
    return this.text.slice(start, stop);
  }

  /** True where a value may end: before a logical operator, ")", ",", "..", a space or the end. */
  #valueEndsAt(i: number): boolean {
    const ch = this.text[i];
    return endsTerm(ch) || ch === ',' || isSpace(ch) || this.text.startsWith('..', i);
  }

  #match(pattern: RegExp): RegExpExecArray | undefined {
    pattern.lastIndex = this.#pos;
    const m = pattern.exec(this.text);
    return m && this.#valueEndsAt(pattern.lastIndex) ? m : undefined;
  }

  #value(): QValue {
    const at = this.#pos;
    const ch = this.#peek();
    if (endsTerm(ch) || ch === ',' || this.text.startsWith('..', at)) {
      this.#fail(`a value is expected, found ${this.#found()}`);
    }
    if (ch === '"') return { kind: 'string', value: this.#quoted() };
    const num = (s: string | undefined) => Number(s ?? '0');
    const dateTime = this.#match(DATE_TIME);
    if (dateTime) {
      const [text, y, mo, d, h, mi, s, , zone, zh, zm] = dateTime;
      const zoneOk = zone === undefined || zone === 'Z' || (num(zh) <= 14 && num(zm) <= 59);
      if (!isCalendarDate(num(y), num(mo), num(d)) || !isClockTime(num(h), num(mi), num(s)) || !zoneOk) {
        this.#fail(`${text} is not a real date and time`);
      }
      this.#pos += text.length;
      return { kind: 'dateTime', value: text };
    }
    const date = this.#match(DATE);
    if (date) {
      const [text, y, mo, d] = date;
      if (!isCalendarDate(num(y), num(mo), num(d))) this.#fail(`${text} is not a real date`);
      this.#pos += text.length;
      return { kind: 'date', value: text };
    }
    const time = this.#match(TIME);
    if (time) {
      const [text, h, mi, s] = time;
      if (!isClockTime(num(h), num(mi), num(s))) this.#fail(`${text} is not a real time of day`);
      this.#pos += text.length;
      return { kind: 'time', value: text };
    }
    const number = this.#match(NUMBER);
    if (number) {
      const [text, exponent] = number;
      const value = Number(text);
      if (!Number.isFinite(value) || Math.abs(num(exponent)) > 308 || text.length > 64) {
        this.#fail(`${text} is too large or too precise a number`);
      }
      this.#pos += text.length;
      // JSON forbids leading zeros; the literal is handed to PostgreSQL as JSON.
      return { kind: 'number', value, literal: text.replace(/^(-?)0+(?=\d)/, '$1') };
    }
    const boolean = this.#match(BOOLEAN);
    if (boolean) {
      this.#pos += boolean[0].length;
      return { kind: 'boolean', value: boolean[0] === 'true' };
    }
    // A URI may contain "..", so only a logical operator, ")", "," or a space ends it.
    while (!endsTerm(this.#peek()) && !isSpace(this.#peek()) && this.#peek() !== ',') this.#pos++;
    const raw = this.text.slice(at, this.#pos);
    if (!URI.test(raw)) {
      this.#fail(
        `${JSON.stringify(raw)} is not a value: quote strings ("…"), or write a number, true, false, a date, a time or a URI`,
        at,
      );
    }
    return { kind: 'uri', value: raw };
  }

  /** A "quoted string"; \" and \\ are the only escapes, any other backslash is itself. */
  #quoted(): string {
    const open = this.#pos;
    this.#pos++;
    let out = '';
    for (;;) {
      const ch = this.#peek();
      if (ch === undefined) this.#fail('this string is never closed (a " is missing)', open);
      const next = this.#peek(1);
      if (ch === '\\' && (next === '"' || next === '\\')) {
        out += next;
        this.#pos += 2;
      } else if (ch === '"') {
        this.#pos++;
        break;
      } else {
        out += ch;
        this.#pos++;
      }
    }
    if (!this.#valueEndsAt(this.#pos)) this.#fail(`the string should end here, found ${this.#found()}`);
    return out;
  }

  /**
   * The regular expression after ~= or !~= runs to the first ";", "&", "|" or ")" outside its own
   * groups and brackets; a "quoted" one runs to its closing quote.
   */
  #pattern(): string {
    const at = this.#pos;
    const quoted = this.#peek() === '"';
    let regex: string;
    if (quoted) {
      regex = this.#quoted();
    } else {
      let depth = 0;
      let bracketFrom = -1;
      for (; this.#pos < this.text.length; this.#pos++) {
        const ch = this.text[this.#pos] as string;
        if (ch === '\\') {
          this.#pos++;
        } else if (bracketFrom >= 0) {
          const first = this.#pos === bracketFrom || (this.#pos === bracketFrom + 1 && this.text[bracketFrom] === '^');
          if (ch === '[' && this.#peek(1) === ':') {
            const close = this.text.indexOf(':]', this.#pos + 2);
            if (close > 0) this.#pos = close + 1;
          } else if (ch === ']' && !first) bracketFrom = -1;
        } else if (ch === '[') bracketFrom = this.#pos + 1;
        else if (ch === '(') depth++;
        else if (ch === ')') {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && (ch === ';' || ch === '&' || ch === '|')) break;
      }
      this.#pos = Math.min(this.#pos, this.text.length);
      regex = this.text.slice(at, this.#pos);
    }
    if (regex === '') this.#fail('a regular expression is expected after the operator', at);
    const start = quoted ? at + 1 : at;
    this.#patternSize += checkPattern(regex, (offset, what) =>
      this.#fail(`the regular expression ${what}`, start + offset),
    );
    if (this.#patternSize > MAX_Q_PATTERN_SIZE) {
      this.#fail(`the regular expressions of this query are too complex together (at most ${MAX_Q_PATTERN_SIZE})`, at);
    }
    return regex;
  }
}

// ---------------------------------------------------------------------------------------------------
// Regular expressions: only what PostgreSQL's ARE engine is sure to compile gets through

const EMBEDDED_OPTIONS = /^\(\?([a-zA-Z]+)\)/;
/** Embedded options that keep the syntax checked here (b, e, q and x change it). */
const SAFE_OPTIONS = 'cimnpstw';
const CLASS_ESCAPES = 'dDsSwW';
const CHARACTER_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, e: 27, f: 12, n: 10, r: 13, t: 9, v: 11 };
const CONSTRAINT_ESCAPES = 'AZmMyY';
const CHARACTER_CLASSES = new Set([
  'alnum',
  'alpha',
  'blank',
  'cntrl',
  'digit',
  'graph',
  'lower',
  'print',
  'punct',
  'space',
  'upper',
  'xdigit',
  'word',
]);
/**
 * What a regular expression may cost. PostgreSQL runs a pattern against every candidate row, and the
 * embedded database runs inside the server process, so a costly one stalls HTTP and MQTT for as long
 * as it runs: `(.{100}){40}` took seconds over 2,000 ids. Within these bounds the worst pattern costs
 * about what a plain scan with an ordinary pattern does.
 */
export const REGEX_MAX_LENGTH = 256;
/** The largest {m,n} bound, and the largest product of counted repetitions nested in each other. */
export const REGEX_MAX_BOUND = 64;
/** A rough count of NFA states: the pattern with its repetitions written out. */
const MAX_PATTERN_SIZE = 256;
/** The regular expressions of one q together. */
const MAX_Q_PATTERN_SIZE = 2 * MAX_PATTERN_SIZE;
const MAX_PATTERN_DEPTH = 32;
const BOUND = /\{(\d{1,3})(?:(,)(\d{1,3})?)?\}/y;

type PatternFailure = (offset: number, what: string) => never;

interface PatternGroup {
  size: number;
  /** Size of what a quantifier here would repeat; 0 when nothing can be repeated. */
  repeatable: number;
  /** Product of the counted repetitions inside what a quantifier here would repeat. */
  repeatableCount: number;
  /** The largest product of nested counted repetitions in the group. */
  counted: number;
  readonly open: number;
}

/**
 * A regular expression safe to hand to PostgreSQL (idPattern, scopes): the same checks as a q pattern.
 * Throws BadRequestData naming `parameter`.
 */
export function checkRegularExpression(pattern: string, parameter: string): void {
  if (pattern.length === 0 || pattern.length > REGEX_MAX_LENGTH) {
    throw ngsiErrors.badRequestData(
      `${parameter} must be a regular expression of 1 to ${REGEX_MAX_LENGTH} characters (got ${pattern.length}).`,
    );
  }
  checkPattern(pattern, (offset, what) => {
    throw ngsiErrors.badRequestData(`Invalid ${parameter} at character ${offset + 1}: ${what}.`);
  });
}

/**
 * Checks a regular expression against the subset of PostgreSQL's ARE syntax accepted here, and its
 * cost against the bounds above; returns its size (NFA states, roughly).
 */
function checkPattern(pattern: string, fail: PatternFailure): number {
  if (pattern.length > REGEX_MAX_LENGTH) {
    fail(REGEX_MAX_LENGTH, `is ${pattern.length} characters long; at most ${REGEX_MAX_LENGTH}`);
  }
  let i = 0;
  const options = EMBEDDED_OPTIONS.exec(pattern);
  if (options) {
    const unsafe = [...(options[1] as string)].find((o) => !SAFE_OPTIONS.includes(o));
    if (unsafe !== undefined) {
      fail(1, `has the embedded option "${unsafe}"; only ${[...SAFE_OPTIONS].join(', ')} are accepted`);
    }
    i = options[0].length;
  }
  const groups: PatternGroup[] = [{ size: 0, repeatable: 0, repeatableCount: 1, counted: 1, open: -1 }];
  let afterQuantifier = false;
  let lazyAllowed = false;
  const current = () => groups[groups.length - 1] as PatternGroup;
  const atom = (size: number) => {
    current().size += size;
    current().repeatable = size;
    current().repeatableCount = 1;
    afterQuantifier = false;
  };
  const anchor = () => {
    current().repeatable = 0;
    afterQuantifier = false;
  };
  const repeat = (at: number, times: number, counted: boolean) => {
    const group = current();
    if (afterQuantifier) fail(at, 'repeats a repetition (write a group around it)');
    if (group.repeatable === 0) fail(at, `has nothing to repeat before ${JSON.stringify(pattern[at])}`);
    if (counted) {
      group.repeatableCount *= times;
      if (group.repeatableCount > REGEX_MAX_BOUND) {
        fail(at, `nests counted repetitions that multiply to more than ${REGEX_MAX_BOUND}`);
      }
      group.counted = Math.max(group.counted, group.repeatableCount);
    }
    group.size += group.repeatable * (times - 1);
    group.repeatable *= times;
    afterQuantifier = true;
    lazyAllowed = true;
  };
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    const at = i;
    if (ch === '?' && afterQuantifier && lazyAllowed) {
      lazyAllowed = false;
      i++;
      continue;
    }
    switch (ch) {
      case '\\': {
        const next = pattern[i + 1];
        if (next === undefined) fail(at, 'ends with a lone backslash');
        i += 2;
        if (!/[A-Za-z0-9]/.test(next)) atom(1);
        else if (CLASS_ESCAPES.includes(next)) atom(1);
        else if (CONSTRAINT_ESCAPES.includes(next)) anchor();
        else if (next === 'b') fail(at, 'uses \\b, which is a backspace here; write \\y for a word boundary');
        else if (/[1-9]/.test(next)) fail(at, `uses the back-reference \\${next}, which is not accepted`);
        else if (next in CHARACTER_ESCAPES) atom(1);
        else fail(at, `uses the unknown escape \\${next}`);
        break;
      }
      case '[':
        i = bracketEnd(pattern, i, fail);
        atom(1);
        break;
      case '(': {
        const rest = pattern.slice(i, i + 4);
        // Lookarounds cost PostgreSQL a search at every position, and V8 (notification matching) has
        // no linear-time engine for them.
        if (['(?<=', '(?<!', '(?=', '(?!'].some((o) => rest.startsWith(o))) {
          fail(at, 'uses a lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which is not accepted');
        }
        const opener = rest.startsWith('(?:') ? '(?:' : undefined;
        if (rest.startsWith('(?') && opener === undefined) fail(at, 'opens a group "(?…" other than (?:');
        if (groups.length > MAX_PATTERN_DEPTH) fail(at, `nests groups deeper than ${MAX_PATTERN_DEPTH}`);
        groups.push({ size: 0, repeatable: 0, repeatableCount: 1, counted: 1, open: at });
        afterQuantifier = false;
        i += opener?.length ?? 1;
        break;
      }
      case ')': {
        if (groups.length === 1) fail(at, 'has a ")" that closes no "("');
        const group = groups.pop() as PatternGroup;
        i++;
        current().size += group.size;
        current().repeatable = Math.max(group.size, 1);
        current().repeatableCount = group.counted;
        afterQuantifier = false;
        current().counted = Math.max(current().counted, group.counted);
        break;
      }
      case '|':
        anchor();
        i++;
        break;
      case '^':
      case '$':
        anchor();
        i++;
        break;
      case '*':
      case '+':
      case '?':
        repeat(at, 2, false);
        i++;
        break;
      case '{': {
        BOUND.lastIndex = i;
        const bound = BOUND.exec(pattern);
        if (!bound) fail(at, 'has a "{" that starts no {m}, {m,} or {m,n} bound (write \\{ for a brace)');
        const min = Number(bound[1]);
        const max = bound[2] === undefined ? min : bound[3] === undefined ? undefined : Number(bound[3]);
        if (min > REGEX_MAX_BOUND || (max ?? 0) > REGEX_MAX_BOUND) {
          fail(at, `repeats more than ${REGEX_MAX_BOUND} times`);
        }
        if (max !== undefined && max < min) fail(at, `has the bound ${bound[0]} whose maximum is below its minimum`);
        repeat(at, Math.max(max ?? min + 1, 1), true);
        i = BOUND.lastIndex;
        break;
      }
      default:
        atom(1);
        i += ch.length;
    }
    if (groups.some((g) => g.size > MAX_PATTERN_SIZE) || current().repeatable > MAX_PATTERN_SIZE) {
      fail(at, `is too complex: written out, its repetitions would make it longer than ${MAX_PATTERN_SIZE}`);
    }
  }
  if (groups.length > 1) fail(current().open, 'has a "(" that is never closed');
  return current().size;
}

/** Reads a bracket expression starting at `start` ("["); returns the index after its "]". */
function bracketEnd(pattern: string, start: number, fail: PatternFailure): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  let first = true;
  /** One element: its code point when it is a single character (so may start or end a range). */
  const element = (): number | undefined => {
    const ch = pattern[i] as string;
    if (ch === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close < 0) fail(i, 'has a "[:" that is never closed by ":]"');
      const name = pattern.slice(i + 2, close);
      if (!CHARACTER_CLASSES.has(name)) fail(i, `names the unknown character class [:${name}:]`);
      i = close + 2;
      return undefined;
    }
    if (ch === '[' && (pattern[i + 1] === '.' || pattern[i + 1] === '=')) {
      fail(i, 'uses a collating element or equivalence class ([. .] or [= =]), which is not supported');
    }
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) fail(i, 'ends with a lone backslash');
      i += 2;
      if (!/[A-Za-z0-9]/.test(next)) return next.codePointAt(0);
      if ('dsw'.includes(next)) return undefined;
      const code = CHARACTER_ESCAPES[next];
      if (code === undefined) fail(i - 2, `uses the escape \\${next}, which is not allowed inside [ ]`);
      return code;
    }
    const code = pattern.codePointAt(i) as number;
    i += code > 0xffff ? 2 : 1;
    return code;
  };
  for (;;) {
    if (i >= pattern.length) fail(start, 'has a "[" that is never closed');
    if (pattern[i] === ']' && !first) return i + 1;
    first = false;
    const elementAt = i;
    const from = element();
    if (pattern[i] !== '-' || pattern[i + 1] === ']' || i + 1 >= pattern.length) continue;
    if (from === undefined) fail(elementAt, 'has a range that starts with a character class');
    i++;
    const toAt = i;
    const to = element();
    if (to === undefined) fail(toAt, 'has a range that ends with a character class');
    if (to < from) fail(elementAt, `has the range ${pattern.slice(elementAt, i)} whose end comes before its start`);
    if (pattern[i] === '-' && pattern[i + 1] !== ']') fail(i, 'has a "-" right after a range (write \\- for a hyphen)');
  }
}

// ---------------------------------------------------------------------------------------------------
// Translation to SQL

export interface QSqlContext {
  readonly params: SqlParams;
  /** SQL expression of the entity's attrs jsonb, e.g. `e.attrs`. */
  readonly attrs: string;
  /** A term → its expanded IRI, from the request's @context. */
  expand(term: string): string;
}

/**
 * Stored strings that PostgreSQL can certainly cast, checked before casting so that a string which is
 * not a date is simply not equal (a cast error would fail the whole query). Real calendar days only.
 */
const SQL_YEAR = '([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})';
const SQL_MONTH_DAY =
  '((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))';
const SQL_LEAP_DAY = '([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)-02-29';
const SQL_DATE = `(${SQL_YEAR}-${SQL_MONTH_DAY}|${SQL_LEAP_DAY})`;
const SQL_CLOCK = '([01][0-9]|2[0-3]):[0-5][0-9]';
const TEMPORAL = {
  dateTime: {
    sqlType: 'timestamptz',
    shape: `^${SQL_DATE}T${SQL_CLOCK}(:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](0[0-9]|1[0-4]):?[0-5][0-9])?$`,
  },
  date: { sqlType: 'date', shape: `^${SQL_DATE}$` },
  time: { sqlType: 'time', shape: `^${SQL_CLOCK}:[0-5][0-9]([.][0-9]{1,9})?Z?$` },
} as const;

/** Members of an instance that hold what a term compares, by attribute type; `value` otherwise. */
const TARGET_MEMBER: Readonly<Record<string, string>> = {
  Relationship: 'object',
  VocabProperty: 'vocab',
  JsonProperty: 'json',
  ListProperty: 'valueList',
  ListRelationship: 'objectList',
};
/** Members that only ever hold strings (URIs): shapes the containment prefilter adds for string values. */
const STRING_ONLY_MEMBERS = ['object', 'vocab'] as const;
const MAX_PREFILTERED_VALUES = 10;

const CANDIDATE = 'q_candidate.v';

/** The boolean SQL expression that selects the entities matching `expr`. */
export function qToSql(expr: QExpression, ctx: QSqlContext): string {
  if (expr.kind === 'and' || expr.kind === 'or') {
    return `(${expr.parts.map((part) => qToSql(part, ctx)).join(expr.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
  return termToSql(expr, ctx);
}

function termToSql(term: QTerm, ctx: QSqlContext): string {
  const { path } = term;
  const attributeIri = ctx.expand(path.attribute);
  const iri = `${ctx.params.add(attributeIri)}::text`;
  const present = `${ctx.attrs} ? ${iri}`;
  const instances = `jsonb_array_elements(${ctx.attrs} -> ${iri}) AS q_attr(instance)`;
  let node = 'q_attr.instance';
  for (const sub of path.subAttributes) node = `(${node} -> ${ctx.params.add(ctx.expand(sub))}::text)`;
  const plain = path.subAttributes.length === 0 && path.member === undefined && path.valueKeys.length === 0;
  const addressed = addressedSql(node, path, ctx);

  if (term.kind === 'exists') {
    if (plain) return present;
    return `(${present} AND EXISTS (SELECT 1 FROM ${instances} WHERE ${addressed ?? node} IS NOT NULL))`;
  }

  const candidates = `jsonb_path_query(${addressed ?? valueOfSql(node)}, 'lax $[*]') AS q_candidate(v)`;
  // A VocabProperty stores expanded IRIs, so a term written in the query is compared expanded too.
  const vocabNode = addressed === undefined ? node : undefined;
  const some = (condition: string, prefilter = present) =>
    `(${prefilter} AND EXISTS (SELECT 1 FROM ${instances}, ${candidates} WHERE ${condition}))`;
  // "Not equal" (§4.9): the attribute is there and none of its values is equal.
  const none = (condition: string, onlyStrings = false) =>
    `(${present} AND EXISTS (SELECT 1 FROM ${instances} WHERE (SELECT bool_and(NOT coalesce(${condition}, false))${
      onlyStrings ? ` FILTER (WHERE jsonb_typeof(${CANDIDATE}) = 'string')` : ''
    } FROM ${candidates})))`;
  const prefilterFor = (values: readonly QValue[]) => (plain ? containmentSql(values, attributeIri, ctx) : undefined);

  switch (term.kind) {
    case 'compare': {
      if (term.operator === '==') return some(equalsSql(term.value, ctx, vocabNode), prefilterFor([term.value]));
      if (term.operator === '!=') return none(equalsSql(term.value, ctx, vocabNode));
      const { value } = term;
      if (!isComparable(value)) throw ngsiErrors.badRequestData(`q: ${term.operator} cannot compare a ${value.kind}.`);
      return some(orderSql(term.operator, value, ctx));
    }
    case 'range': {
      const within = rangeSql(term.min, term.max, ctx);
      return term.operator === '==' ? some(within) : none(within);
    }
    case 'list': {
      const anyOf = `(${term.values.map((v) => equalsSql(v, ctx, vocabNode)).join(' OR ')})`;
      return term.operator === '==' ? some(anyOf, prefilterFor(term.values)) : none(anyOf);
    }
    case 'pattern': {
      const matches = `(jsonb_typeof(${CANDIDATE}) = 'string' AND (${CANDIDATE} #>> '{}') ~ ${ctx.params.add(term.regex)}::text)`;
      return term.operator === '~=' ? some(matches) : none(matches, true);
    }
  }
}

/** The jsonb a path addresses below the instance node, or undefined when it is the attribute's value. */
function addressedSql(node: string, path: QAttributePath, ctx: QSqlContext): string | undefined {
  if (path.member !== undefined) return `(${node} -> '${path.member}')`;
  if (path.valueKeys.length === 0) return undefined;
  // A compound path looks inside the value, the JSON of a JsonProperty or the languageMap (name[vi]).
  let inside = `(CASE ${node} ->> 'type' WHEN 'JsonProperty' THEN ${node} -> 'json' WHEN 'LanguageProperty' THEN ${node} -> 'languageMap' ELSE ${node} -> 'value' END)`;
  for (const key of path.valueKeys) inside = `(${inside} -> ${ctx.params.add(key)}::text)`;
  return inside;
}

/** What an instance is compared by, per attribute type; arrays are unwrapped by the caller. */
function valueOfSql(node: string): string {
  const branches = Object.entries(TARGET_MEMBER).map(([type, member]) => `WHEN '${type}' THEN ${node} -> '${member}'`);
  const languages = `WHEN 'LanguageProperty' THEN jsonb_path_query_array(${node} -> 'languageMap', 'lax $.*[*]')`;
  return `(CASE ${node} ->> 'type' ${branches.join(' ')} ${languages} ELSE ${node} -> 'value' END)`;
}

/** The value as JSON text; a number keeps its exact literal. */
function jsonOf(value: QValue): string {
  return value.kind === 'number' ? value.literal : JSON.stringify(value.value);
}

function temporalSql(kind: keyof typeof TEMPORAL, compare: (stored: string) => string): string {
  const { sqlType, shape } = TEMPORAL[kind];
  // CASE, not AND: PostgreSQL may evaluate AND operands in any order, and the cast must come last.
  return `(CASE WHEN jsonb_typeof(${CANDIDATE}) = 'string' AND (${CANDIDATE} #>> '{}') ~ '${shape}' THEN ${compare(
    `(${CANDIDATE} #>> '{}')::${sqlType}`,
  )} ELSE false END)`;
}

function equalsSql(value: QValue, ctx: QSqlContext, vocabNode: string | undefined): string {
  switch (value.kind) {
    case 'dateTime':
    case 'date':
    case 'time':
      return temporalSql(
        value.kind,
        (stored) => `${stored} = ${ctx.params.add(value.value)}::${TEMPORAL[value.kind].sqlType}`,
      );
    case 'number':
    case 'boolean':
      // jsonb equality is type-aware: 1 = 1.0, but "1" is not 1 and true is not "true".
      return `${CANDIDATE} = ${ctx.params.add(jsonOf(value))}::jsonb`;
    case 'string':
    case 'uri': {
      const equal = `${CANDIDATE} = ${ctx.params.add(jsonOf(value))}::jsonb`;
      const vocab = vocabNode === undefined ? undefined : vocabularyIri(value.value, ctx);
      if (vocab === undefined) return equal;
      return `(${equal} OR (${vocabNode} ->> 'type' = 'VocabProperty' AND ${CANDIDATE} = ${ctx.params.add(JSON.stringify(vocab))}::jsonb))`;
    }
  }
}

function orderSql(operator: '>' | '>=' | '<' | '<=', value: QComparableValue, ctx: QSqlContext): string {
  switch (value.kind) {
    case 'number':
    case 'string':
      // jsonb orders numbers numerically and strings by collation, but ranks types too: guard the type.
      return `(jsonb_typeof(${CANDIDATE}) = '${value.kind}' AND ${CANDIDATE} ${operator} ${ctx.params.add(jsonOf(value))}::jsonb)`;
    case 'dateTime':
    case 'date':
    case 'time':
      return temporalSql(
        value.kind,
        (stored) => `${stored} ${operator} ${ctx.params.add(value.value)}::${TEMPORAL[value.kind].sqlType}`,
      );
  }
}

function rangeSql(min: QComparableValue, max: QComparableValue, ctx: QSqlContext): string {
  if (min.kind !== max.kind) throw ngsiErrors.badRequestData('q: both ends of a range must be of one kind.');
  switch (min.kind) {
    case 'number':
    case 'string': {
      const low = `${ctx.params.add(jsonOf(min))}::jsonb`;
      const high = `${ctx.params.add(jsonOf(max))}::jsonb`;
      return `(jsonb_typeof(${CANDIDATE}) = '${min.kind}' AND ${CANDIDATE} >= ${low} AND ${CANDIDATE} <= ${high})`;
    }
    case 'dateTime':
    case 'date':
    case 'time': {
      const { sqlType } = TEMPORAL[min.kind];
      const low = `${ctx.params.add(min.value)}::${sqlType}`;
      const high = `${ctx.params.add(max.value)}::${sqlType}`;
      return temporalSql(min.kind, (stored) => `${stored} BETWEEN ${low} AND ${high}`);
    }
  }
}

/** The expanded IRI a VocabProperty would store for this value, when it differs from the value. */
function vocabularyIri(value: string, ctx: QSqlContext): string | undefined {
  if (value.length > 256 || !/^[A-Za-z_][\w.-]*(:[^\s]+)?$/.test(value)) return undefined;
  const iri = ctx.expand(value);
  return iri === value ? undefined : iri;
}

/**
 * An indexable superset of `attr==value` for the GIN index on attrs (jsonb_ops): containment of every
 * shape an instance matching the value can have. LanguageProperty maps have unknown keys, so any
 * LanguageProperty instance passes and the exact condition decides.
 */
function containmentSql(values: readonly QValue[], attributeIri: string, ctx: QSqlContext): string | undefined {
  if (values.length > MAX_PREFILTERED_VALUES) return undefined;
  const shapes = new Set<string>();
  for (const value of values) {
    if (value.kind === 'dateTime' || value.kind === 'date' || value.kind === 'time') return undefined;
    const json = jsonOf(value);
    for (const member of ['value', 'json']) {
      shapes.add(`{"${member}":${json}}`);
      shapes.add(`{"${member}":[${json}]}`);
    }
    shapes.add(`{"valueList":[${json}]}`);
    if (value.kind !== 'string' && value.kind !== 'uri') continue;
    const vocab = vocabularyIri(value.value, ctx);
    for (const text of vocab === undefined ? [json] : [json, JSON.stringify(vocab)]) {
      for (const member of STRING_ONLY_MEMBERS) {
        shapes.add(`{"${member}":${text}}`);
        shapes.add(`{"${member}":[${text}]}`);
      }
    }
    shapes.add(`{"objectList":[${json}]}`);
    shapes.add('{"type":"LanguageProperty"}');
  }
  const key = JSON.stringify(attributeIri);
  const tests = [...shapes].map((shape) => `${ctx.attrs} @> ${ctx.params.add(`{${key}:[${shape}]}`)}::jsonb`);
  return `(${tests.join(' OR ')})`;
}
