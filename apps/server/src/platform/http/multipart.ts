import { AppError } from '../errors.js';

/**
 * A multipart form the server cannot take, as a problem with its own code: @fastify/multipart's limits
 * (files, fields, parts, a file's size) and busboy's plain Errors for a form cut short or without a
 * boundary, which would otherwise be a 500. Every multipart route (service uploads, Open311 media) is
 * answered through it; `words` lets a route say its limit in its own terms.
 */
export function multipartProblem(
  error: { code?: unknown; message: string },
  words: Partial<Record<MultipartLimit, string>> = {},
): AppError | undefined {
  const limit = LIMITS[String(error.code)];
  if (limit) return new AppError(limit.code, 413, words[limit.code] ?? limit.detail);
  if (error.code === 'FST_MP_PREMATURE_CLOSE' || /unexpected end of multipart data/i.test(error.message)) {
    return new AppError(
      'MULTIPART_INCOMPLETE',
      400,
      'The multipart form ends before its closing boundary: the upload was cut short. Send it again.',
    );
  }
  if (error.code === 'FST_PROTO_VIOLATION' || /^Multipart: Boundary not found$/.test(error.message)) {
    return new AppError(
      'MULTIPART_MALFORMED',
      400,
      `The multipart form cannot be read (${error.code === 'FST_PROTO_VIOLATION' ? 'a field named __proto__' : 'no boundary in Content-Type'}).`,
    );
  }
  return undefined;
}

export type MultipartLimit =
  'MULTIPART_TOO_MANY_FILES' | 'MULTIPART_TOO_MANY_FIELDS' | 'MULTIPART_TOO_MANY_PARTS' | 'MULTIPART_FILE_TOO_LARGE';

const LIMITS: Readonly<Record<string, { code: MultipartLimit; detail: string }>> = {
  FST_FILES_LIMIT: { code: 'MULTIPART_TOO_MANY_FILES', detail: 'The form carries more files than this request takes.' },
  FST_FIELDS_LIMIT: { code: 'MULTIPART_TOO_MANY_FIELDS', detail: 'The form has more fields than this request takes.' },
  FST_PARTS_LIMIT: { code: 'MULTIPART_TOO_MANY_PARTS', detail: 'The form has more parts than this request takes.' },
  FST_REQ_FILE_TOO_LARGE: {
    code: 'MULTIPART_FILE_TOO_LARGE',
    detail: 'A file in the form is larger than this request takes.',
  },
};
