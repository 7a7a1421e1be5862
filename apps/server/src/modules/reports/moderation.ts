/**
 * What the public may read of a citizen's or an officer's text: personal data (phone numbers, also
 * spelt out in words, e-mail addresses however disguised, ID card and passport numbers, number plates,
 * bank accounts and other long runs of digits) and abusive words are masked, and a text that is mostly
 * abuse is hidden. The text as written stays with the report for its officers (as personal data).
 * Numbers of places (house, lane, street, kilometre), dates, times, sums of money and report codes are
 * not personal data and are left alone. Names and addresses are not recognised: free text cannot tell
 * "Nguyễn Văn An" from a street named after him.
 */

export type MaskKind = 'phone' | 'email' | 'id-number' | 'plate' | 'account' | 'abuse';

export interface Moderated {
  /** Cleaned (NFKC, no control or invisible characters, trimmed) and masked. */
  readonly text: string;
  /** Mostly abuse: the public sees none of it. */
  readonly hidden: boolean;
  /** The kinds of thing masked, each once, in this order: phone, email, id-number, plate, account, abuse. */
  readonly masked: MaskKind[];
}

/** What stands in the text where something was masked (the web pages may style them). */
export const MASKS: Readonly<Record<MaskKind, string>> = {
  phone: '[số điện thoại]',
  email: '[email]',
  'id-number': '[số giấy tờ]',
  plate: '[biển số]',
  account: '[số tài khoản]',
  abuse: '[***]',
};

/** Share of a text's words that are abuse from which it is hidden altogether. */
const HIDDEN_SHARE = 0.5;

// Controls but tab and newline; format characters (zero-width spaces and joiners, bidi overrides, soft
// hyphens) are invisible and split a word to slip it past a filter; non-characters (U+FFFE, U+FFFF, …)
// and half surrogate pairs are no text at all, and XML cannot carry them (so JSON and XML would differ).
const CONTROLS = /(?![\t\n])\p{Cc}/gu;
const INVISIBLE = /[\p{Cf}\p{Noncharacter_Code_Point}\p{Cs}]/gu;

/** NFKC (full-width digits and letters read as themselves, so they are masked too), line ends as \n, no controls or invisible characters, no blank runs, trimmed. */
export function cleanText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const SEP = '[ .\\-\\u00A0]?';
const NOT_AFTER_NUMBER = '(?<![\\p{N}])';
// Never the start of a longer number; two numbers joined by a slash or a comma are two numbers.
const NOT_BEFORE_NUMBER = '(?![\\p{N}]|[.\\-]\\p{N})';

/**
 * Vietnamese phone numbers: mobiles (0 or +84, then 3, 5, 7, 8 or 9 and eight more digits) and
 * landlines (0 or +84, then 2, then nine more: 024 3825 3536), grouped with spaces, dots or dashes,
 * the country code maybe in brackets. Short numbers (113, 1900 hotlines) are public and left.
 */
const PHONE = new RegExp(
  `${NOT_AFTER_NUMBER}(?:\\(\\s?(?:\\+?84|0)\\s?2\\d\\s?\\)${SEP}\\d(?:${SEP}\\d){7}` +
    `|(?:\\(\\s?\\+?84\\s?\\)|\\+?84|0)${SEP}(?:[35789](?:${SEP}\\d){8}|2(?:${SEP}\\d){9}))${NOT_BEFORE_NUMBER}`,
  'gu',
);

const AT = String.raw`\s?(?:@|[([{]\s?(?:at|a còng)\s?[)\]}])\s?`;
// A dot spaced on both sides ("example . vn"), never a sentence's end ("… a@b.vn. Cảm ơn").
const DOT = String.raw`(?:\.|\s\.\s|\s?[([{]\s?(?:dot|chấm)\s?[)\]}]\s?|\s(?:dot|chấm)\s)`;

/**
 * E-mail addresses, also disguised: (at), [at], (dot), [chấm], spaces around @ and the dots; and any
 * mailto: link, whatever follows.
 */
const EMAIL = new RegExp(
  String.raw`mailto:\S+|[\p{L}\p{N}._%+-]+${AT}[\p{L}\p{N}-]+(?:${DOT}[\p{L}\p{N}-]+)*${DOT}\p{L}{2,}(?![\p{L}\p{N}])`,
  'giu',
);

/**
 * Identity card numbers: 9 digits (CMND) or 12 (CCCD), together or in threes; and any number of nine
 * digits or more written a digit at a time (0 0 1 2 0 3 …). Money (1.500.000) is grouped with dots and
 * is left.
 */
const ID_NUMBER = new RegExp(
  `${NOT_AFTER_NUMBER}(?:\\d{12}|\\d{3}(?: \\d{3}){3}|\\d{9}|\\d{3}(?: \\d{3}){2}|\\d(?:[ .\\-]\\d){8,})${NOT_BEFORE_NUMBER}`,
  'gu',
);

/** Passports: a capital letter and seven digits (C1234567). */
const PASSPORT = /(?<![\p{L}\p{N}])[A-Z]\d{7}(?![\p{L}\p{N}])/gu;

/**
 * Vietnamese number plates: the province's two digits, the series (one or two capitals, maybe a digit:
 * 29A, 30LD, 29B1), then four digits or five as 123.45 (29A-123.45, 30A 12345, 29-B1 123.45). Lower-case
 * series are taken only with the 123.45 form, so "12 km 1234" stays.
 */
const PLATE =
  /(?<![\p{L}\p{N}])\d{2}(?:-?\s?[A-Z]{1,2}\d?\s?[-.\s]?\s?(?:\d{3}\.\d{2}|\d{4,5})|-?\s?[a-z]{1,2}\d?\s?[-.\s]?\s?\d{3}\.\d{2})(?![\p{L}\p{N}])/gu;

/** Bank accounts, cards and any other run of ten digits or more not already taken for a phone or an ID. */
const ACCOUNT = /(?<!\p{N})\d{10,}(?!\p{N})/gu;

const DIGIT_WORDS = [
  'không',
  'khong',
  'một',
  'mot',
  'mốt',
  'hai',
  'ba',
  'bốn',
  'bon',
  'tư',
  'năm',
  'nam',
  'lăm',
  'sáu',
  'sau',
  'bảy',
  'bay',
  'tám',
  'tam',
  'chín',
  'chin',
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
];
/** A phone number spelt out: nine digit words or more in a row (không chín một hai …). */
const PHONE_IN_WORDS = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${DIGIT_WORDS.join('|')})(?:[\\s,.\\-]+(?:${DIGIT_WORDS.join('|')})){8,}(?![\\p{L}\\p{N}])`,
  'giu',
);

/**
 * Abusive words, matched as whole words. Written with their marks, they are matched with them only:
 * without marks many are everyday words (lồn/lớn → "lon", buồi/buổi → "buoi", đéo/đeo → "deo",
 * cặc/các → "cac"). The unmarked list holds only what means nothing else once the marks are gone, and
 * is matched on the text with its marks folded, so "dịt mẹ" and "dit me" are found alike.
 */
const MARKED = [
  'địt',
  'đụ',
  'lồn',
  'buồi',
  'cặc',
  'đéo',
  'đĩ',
  'đm',
  'đcm',
  'đkm',
  'đmm',
  'đờ mờ',
  'mất dạy',
  'chó đẻ',
  'óc chó',
  'thằng chó',
  'đồ chó',
  'đồ ngu',
  'thằng ngu',
  'ngu như bò',
  'súc vật',
];
const UNMARKED = [
  'dit',
  'dit me',
  'dit mu',
  'dcm',
  'dkm',
  'dmm',
  'dm',
  'vcl',
  'vkl',
  'vcc',
  'clgt',
  'cmm',
  'loz',
  'me kiep',
  'khon nan',
  'fuck',
  'fucking',
  'fucker',
  'motherfucker',
  'shit',
  'bullshit',
  'bitch',
  'asshole',
  'bastard',
  'cunt',
  'dickhead',
  'wanker',
];

const escape = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * A word as people disguise it: letters repeated (fuuuck), one dot, dash, star or space between
 * letters (đ.m, f-u-c-k, l ồ n), a star for a vowel (f*ck), j for i (đjt), words run together (ditme).
 */
function disguised(phrase: string): string {
  const letter = (c: string) => {
    // Teen code writes i as j (đjt).
    const repeated = c === 'i' ? '[ij]+' : `(?:${escape(c)})+`;
    return /[aeiou]/.test(c) ? `(?:${repeated}|\\*)` : repeated;
  };
  return phrase
    .split(' ')
    .map((word) => [...word].map(letter).join('[._*\\-\\s]?'))
    .join('[\\s._*\\-]*');
}

const wordsRegex = (words: readonly string[]) =>
  new RegExp(
    // Longest first, so "dit me" is one mask and not "dit" then "me"; never after a number (5 dm).
    `(?<![\\p{L}\\p{N}]|\\p{N}\\s)(?:${[...words]
      .sort((a, b) => b.length - a.length)
      .map(disguised)
      .join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );

const ABUSE_MARKED = wordsRegex(MARKED);
const ABUSE_UNMARKED = wordsRegex(UNMARKED);

/** Each letter met so far, folded: normalizing letter by letter cost more than the rest of moderation. */
const FOLDED = new Map<string, string>();

/** Marks and đ folded and lower-cased letter by letter, so that every index still points at the same letter. */
function foldInPlace(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    let folded = FOLDED.get(c);
    if (folded === undefined) {
      const f = c.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
      folded = f.length === 1 ? f : c;
      // UTF-16 units, so at most 65,536 entries.
      FOLDED.set(c, folded);
    }
    out += folded;
  }
  return out;
}

const WORD = /[\p{L}\p{N}]+/gu;
const countWords = (text: string) => text.match(WORD)?.length ?? 0;

/** Masks personal data and abuse in a citizen's text (a description, a reply) for the public. */
export function moderate(text: string): Moderated {
  const masked = new Set<MaskKind>();
  const replace = (input: string, pattern: RegExp, kind: MaskKind) =>
    input.replace(pattern, () => {
      masked.add(kind);
      return MASKS[kind];
    });

  let out = cleanText(text);
  out = replace(out, EMAIL, 'email');
  out = replace(out, PHONE, 'phone');
  out = replace(out, PHONE_IN_WORDS, 'phone');
  out = replace(out, ID_NUMBER, 'id-number');
  out = replace(out, PASSPORT, 'id-number');
  out = replace(out, PLATE, 'plate');
  out = replace(out, ACCOUNT, 'account');

  // Abuse: spans found on the text and on its folded twin, joined where they overlap.
  const spans: [number, number][] = [];
  for (const [pattern, subject] of [
    [ABUSE_MARKED, out],
    [ABUSE_UNMARKED, foldInPlace(out)],
  ] as const) {
    for (const m of subject.matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const joined: [number, number][] = [];
  for (const span of spans) {
    const last = joined.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else joined.push([...span]);
  }
  const words = countWords(out);
  let abusive = 0;
  let result = '';
  let at = 0;
  for (const [from, to] of joined) {
    abusive += Math.max(1, countWords(out.slice(from, to)));
    result += out.slice(at, from) + MASKS.abuse;
    at = to;
  }
  if (joined.length > 0) {
    masked.add('abuse');
    out = result + out.slice(at);
  }
  const order: MaskKind[] = ['phone', 'email', 'id-number', 'plate', 'account', 'abuse'];
  return {
    text: out,
    hidden: abusive > 0 && abusive >= words * HIDDEN_SHARE,
    masked: order.filter((k) => masked.has(k)),
  };
}
