/**
 * The fonts of Thang Long's PDF documents: DejaVu Sans (regular and bold) from the npm package
 * `dejavu-fonts-ttf`, which covers every Vietnamese letter with its tone marks. Embedded as subsets, so
 * a form carries only the glyphs it uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';

export type FontWeight = 'regular' | 'bold';

const FILES: Record<FontWeight, string> = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

const require = createRequire(import.meta.url);
const cache = new Map<FontWeight, Uint8Array>();

/** The font file's bytes, read once (resolved through the package, wherever npm put it). */
export function fontBytes(weight: FontWeight): Uint8Array {
  let bytes = cache.get(weight);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(require.resolve(FILES[weight])));
    cache.set(weight, bytes);
  }
  return bytes;
}

let parsed: ReturnType<typeof fontkit.create> | undefined;

/**
 * The characters of `text` the regular font has no glyph for (each once, in order): they would print as
 * an empty box. Text is compared in NFC, the form the writer draws.
 */
export function missingGlyphs(text: string): string[] {
  parsed ??= fontkit.create(fontBytes('regular'));
  const font = parsed;
  const missing = new Set<string>();
  for (const ch of text.normalize('NFC')) {
    if (/\s/u.test(ch)) continue;
    if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) missing.add(ch);
  }
  return [...missing];
}
