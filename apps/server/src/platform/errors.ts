/**
 * The one error type of Thang Long. Domain code throws an AppError with a stable code; the HTTP layer
 * turns it into RFC 9457 problem+json (see http/problems.ts). Anything else that escapes is a bug and
 * becomes a plain 500.
 */

export interface ProblemOptions {
  /** Problem type URI; defaults to `urn:thanglong:problem:<code>`. The NGSI-LD API sets its own. */
  readonly type?: string;
  /** Short, human-readable summary of the problem type; defaults to the HTTP reason phrase. */
  readonly title?: string;
  /** Extension members added to the problem document. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Response headers the problem needs (e.g. WWW-Authenticate, Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Values the detail is made of, for saying it in another language (http/problem-language.ts); not sent. */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * Whether an error proves the input itself is bad (an AppError of a 4xx status): doing the same again
 * gives the same answer. Anything else (the database unreachable, a bug) may pass when tried again.
 */
export const isBadInput = (err: unknown): err is AppError =>
  err instanceof AppError && err.status >= 400 && err.status < 500;

export class AppError extends Error {
  readonly type: string;
  readonly title: string | undefined;
  readonly extra: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, unknown>>;

  constructor(
    /** Stable, documented, SCREAMING_SNAKE code, e.g. `EMERGENCY_UNIT_NOT_AVAILABLE`. */
    readonly code: string,
    readonly status: number,
    /** The `detail`: what went wrong with this request, safe to show to the caller. */
    detail: string,
    options: ProblemOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.type = options.type ?? problemType(code);
    this.title = options.title;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
    this.params = options.params ?? {};
  }
}

export function problemType(code: string): string {
  return `urn:thanglong:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** The common problems, so every module says them the same way. */
export const problems = {
  badRequest: (code: string, detail: string, extra?: Record<string, unknown>) =>
    new AppError(code, 400, detail, extra ? { extra } : {}),
  unauthenticated: (detail = 'Authentication is required: send a bearer token or an API key.') =>
    new AppError('UNAUTHENTICATED', 401, detail, {
      headers: { 'www-authenticate': 'Bearer realm="thanglong"' },
    }),
  forbidden: (detail = 'Your role does not allow this action.') => new AppError('FORBIDDEN', 403, detail),
  /** "Not found" and "not yours" look the same to the caller. */
  notFound: (what: string, id?: string) =>
    new AppError('NOT_FOUND', 404, id === undefined ? `${what} not found.` : `${what} "${id}" not found.`),
  conflict: (code: string, detail: string) => new AppError(code, 409, detail),
  unavailable: (code: string, detail: string, retryAfterSeconds?: number) =>
    new AppError(
      code,
      503,
      detail,
      retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(retryAfterSeconds) } },
    ),
} as const;

/**
 * An entry of the error catalogue. Every code the server can send is declared once, by the part of
 * the server that sends it (the platform, the broker, ingestion, each module); `docs/errors.md` is
 * made from the catalogue, and a test fails when a code in the sources is not in it.
 */
export interface ErrorEntry {
  readonly status: number;
  /** When the code is sent: one line for docs/errors.md. */
  readonly when: string;
  /** The NGSI-LD error type it carries on the NGSI-LD API (ETSI GS CIM 009 §5.5.2), where one applies. */
  readonly ngsiLd?: string;
}
export type ErrorCatalogue = Readonly<Record<string, ErrorEntry>>;
export const defineErrors = <C extends ErrorCatalogue>(catalogue: C): C => catalogue;
