import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Every visible string of the operations centre is in vi.json and en.json: the same keys, the same
// placeholders, and every key the page asks for exists.

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const read = (lang: string) =>
  JSON.parse(readFileSync(join(SRC, 'i18n', `${lang}.json`), 'utf8')) as Record<string, string>;
const vi = read('vi');
const en = read('en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name)) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}

describe('the operations centre speaks Vietnamese and English', () => {
  it('has the same keys in both languages, none empty', () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
    for (const [key, text] of [...Object.entries(vi), ...Object.entries(en)]) {
      assert.ok(text.trim().length > 0, `${key} is empty`);
    }
  });

  it('keeps the same placeholders in both languages', () => {
    for (const key of Object.keys(vi)) {
      assert.deepEqual(placeholders(vi[key] as string), placeholders(en[key] as string), key);
    }
  });

  it('writes Vietnamese with its marks, in composed form', () => {
    assert.equal(vi['app.title'], 'Trung tâm điều hành Thăng Long');
    assert.equal(vi['aqi.4'], 'Xấu');
    for (const [key, text] of Object.entries(vi)) assert.equal(text, text.normalize('NFC'), `${key} is not NFC`);
  });

  it('has every key the page asks for', () => {
    const used = new Set<string>();
    for (const code of sources(SRC)) {
      for (const m of code.matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.add(m[1] as string);
      for (const m of code.matchAll(/label: '([\w.-]+)'/g)) used.add(m[1] as string);
    }
    assert.ok(used.size > 50, `found ${used.size} keys in the sources`);
    for (const key of used) assert.ok(key in vi, `"${key}" is used but not translated`);
  });
});
