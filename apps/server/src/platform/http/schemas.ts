import type { Readable } from 'node:stream';
import { Type, type TArrayOptions, type TSchema } from 'typebox';

/**
 * Pieces of response schemas every route uses. A response schema also serialises: a property it does
 * not name is dropped from the response, so each one says everything its route sends.
 */

/** A point in time: services hand over Dates, the response carries ISO 8601 strings. */
export const DateTime = (description?: string) =>
  Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });

export const Nullable = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {});

/** A list as services hand it over (readonly); the same array in the document. */
export const List = <T extends TSchema>(items: T, options?: TArrayOptions) =>
  Type.Immutable(Type.Array(items, options));

/** An answer without a body (`reply.send()`): a 204, a 201 whose resource the request named, a redirect. */
export const Empty = (description: string) => Type.Unsafe<void>({ type: 'null', description });

export const NoContent = Empty('No content');

/**
 * A body that is not JSON (XML, a feed, text, lines of JSON), under its media type: sent as it is,
 * a string, bytes or a stream, never serialised.
 */
export const Document = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: Type.Unsafe<string | Buffer | Readable>({ type: 'string' }) } },
});
