import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { aqiInk } from '../src/palette.js';

// Every badge, chip and coloured text of styles.css keeps a contrast of at least 4.5:1 (WCAG 2.2 AA
// for normal text), computed from the stylesheet itself: a colour changed there is checked here.

const CSS = readFileSync(fileURLToPath(new URL('../src/styles.css', import.meta.url)), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);
const MIN_CONTRAST = 4.5;
/** Decision 1459's category colours, as format.ts gives them to the map and the inspector. */
const AQI_COLOURS = [
  ...(
    /AQI_COLOURS = \[([^\]]+)\]/.exec(
      readFileSync(fileURLToPath(new URL('../src/format.ts', import.meta.url)), 'utf8'),
    )?.[1] ?? ''
  ).matchAll(/#[0-9a-f]{6}/gi),
].map((m) => m[0]);

interface Rule {
  readonly selectors: readonly string[];
  readonly decls: ReadonlyMap<string, string>;
}

const rules: Rule[] = [...CSS.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => ({
  selectors: (m[1] as string).split(',').map((s) => s.trim().replace(/\s+/g, ' ')),
  decls: new Map(
    (m[2] as string)
      .split(';')
      .map((d) => d.split(':'))
      .filter((d) => d.length >= 2)
      .map(([k, ...v]) => [(k as string).trim(), v.join(':').trim()] as const),
  ),
}));

const variables = new Map<string, string>();
for (const r of rules)
  if (r.selectors.includes(':root')) for (const [k, v] of r.decls) if (k.startsWith('--')) variables.set(k, v);

function resolve(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => variables.get(name) ?? '');
  return /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(v) ? v : undefined;
}

/** A property of a selector as the stylesheet sets it, the later rule winning. */
function property(selector: string, name: string): string | undefined {
  let found: string | undefined;
  for (const r of rules) {
    if (!r.selectors.includes(selector)) continue;
    const v = r.decls.get(name) ?? (name === 'background' ? r.decls.get('background-color') : undefined);
    if (v !== undefined) found = v;
  }
  return resolve(found);
}

function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE = '#ffffff';
const NAVY = resolve('var(--navy)') as string;

describe('the palette keeps text readable', () => {
  it('computes contrast as WCAG does', () => {
    assert.equal(contrast('#000000', WHITE).toFixed(1), '21.0');
    assert.equal(contrast('#777777', WHITE).toFixed(2), '4.48');
  });

  it('keeps every rule that sets both a text and a background colour at 4.5:1 or more', () => {
    let checked = 0;
    for (const r of rules) {
      const fg = resolve(r.decls.get('color'));
      const bg = resolve(r.decls.get('background') ?? r.decls.get('background-color'));
      if (!fg || !bg) continue;
      checked++;
      const ratio = contrast(fg, bg);
      assert.ok(ratio >= MIN_CONTRAST, `${r.selectors.join(', ')}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1`);
    }
    assert.ok(checked >= 8, `checked ${checked} rules`);
  });

  it('keeps each badge variant readable with the text colour it inherits', () => {
    // [variant, base whose colours it inherits, the colour around it]
    const badges: [string, string, string][] = [
      ['.severity-badge.critical', '.severity-badge', WHITE],
      ['.severity-badge.high', '.severity-badge', WHITE],
      ['.severity-badge.medium', '.severity-badge', WHITE],
      ['.severity-badge.low', '.severity-badge', WHITE],
      ['.live-state.live', '.live-state', WHITE],
      ['.live-state.retrying', '.live-state', WHITE],
      ['.live-state', '.live-state', WHITE],
      ['.status.online', '.status', WHITE],
      ['.status.offline', '.status', WHITE],
      ['.status.never', '.status', WHITE],
      ['.chip.on', '.chip', WHITE],
      ['.stale-banner', '.stale-banner', WHITE],
      ['.tag', '.tag', WHITE],
    ];
    for (const [variant, base, inherited] of badges) {
      const fg = property(variant, 'color') ?? property(base, 'color') ?? inherited;
      const bg = property(variant, 'background') ?? property(base, 'background');
      assert.ok(bg, `${variant} has a background`);
      const ratio = contrast(fg, bg);
      assert.ok(ratio >= MIN_CONTRAST, `${variant}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1`);
    }
  });

  it('keeps muted and header text readable on the backgrounds it sits on', () => {
    const muted = resolve('var(--muted)') as string;
    for (const bg of [WHITE, resolve('var(--bg)') as string])
      assert.ok(contrast(muted, bg) >= MIN_CONTRAST, 'contrast(muted, bg) >= MIN_CONTRAST');
    for (const selector of ['.topbar .muted', '.topbar nav a', '.topbar button.link']) {
      const fg = property(selector, 'color') as string;
      assert.ok(contrast(fg, NAVY) >= MIN_CONTRAST, `${selector} on the header`);
    }
  });

  it('writes on each air-quality colour in a colour that reads', () => {
    assert.equal(AQI_COLOURS.length, 6);
    AQI_COLOURS.forEach((colour, i) => {
      const ratio = contrast(aqiInk(i + 1), colour);
      assert.ok(ratio >= MIN_CONTRAST, `level ${i + 1}: ${aqiInk(i + 1)} on ${colour} is ${ratio.toFixed(2)}:1`);
    });
  });
});
