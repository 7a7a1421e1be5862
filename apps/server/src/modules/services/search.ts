import type { Text } from './model.js';

/**
 * Finding a procedure as people type it: with or without Vietnamese marks ("dang ky khai sinh" finds
 * "Đăng ký khai sinh"), in any case, in Vietnamese or English. The catalogue is a few hundred
 * procedures, so matching is done on the texts themselves rather than in the database.
 */

/** Lower case, marks stripped, đ → d, spaces single: "Đăng ký  Khai sinh" → "dang ky khai sinh". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .trim();
}

export interface Searchable {
  readonly code: string;
  readonly name: Text;
  readonly field: Text;
}

/**
 * How well an item answers a query: its code (4), the whole query in its name (3), every word in its
 * name (2), every word in its name and field together (1); 0 = no match.
 */
export function score(item: Searchable, query: string): number {
  const q = fold(query);
  if (q === '') return 1;
  if (fold(item.code) === q) return 4;
  const words = q.split(' ');
  const names = [fold(item.name.vi), fold(item.name.en)];
  const padded = names.map((n) => ` ${n} `);
  if (padded.some((n) => n.includes(` ${q} `))) return 3;
  // A word may be the start of one ("khai" finds "khai sinh", "giay phep" finds "giấy phép").
  const has = (text: string, w: string) => ` ${text}`.includes(` ${w}`);
  if (names.some((n) => words.every((w) => has(n, w)))) return 2;
  const all = `${names.join(' ')} ${fold(item.field.vi)} ${fold(item.field.en)}`;
  return words.every((w) => has(all, w)) ? 1 : 0;
}

/**
 * The items that match, best first; among equals the shorter name first (the query is more of it:
 * "khai sinh" is "Đăng ký khai sinh" before a copy of a birth certificate), then by name.
 */
export function search<T extends Searchable>(items: readonly T[], query: string | undefined): T[] {
  if (query === undefined || fold(query) === '') return [...items];
  return items
    .map((item) => ({ item, s: score(item, query), length: fold(item.name.vi).length }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.length - b.length || a.item.name.vi.localeCompare(b.item.name.vi, 'vi'))
    .map((x) => x.item);
}

/** Whether a Text is the one asked for, with or without marks (a field filter: "Hộ tịch" or "ho tich"). */
export const sameText = (text: Text, asked: string): boolean => {
  const a = fold(asked);
  return fold(text.vi) === a || fold(text.en) === a;
};
