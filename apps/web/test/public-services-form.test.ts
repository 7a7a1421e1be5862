import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateForm } from '../../server/src/modules/services/forms.js';
import { HANOI_PROCEDURES } from '../../server/src/modules/services/hanoi-procedures.js';
import * as server from '../../server/src/modules/services/procedures.js';
import { documentsFor, feesFor, readForm } from '../src/public-services/form.js';
import type { FormValues, Procedure } from '../src/public-services/types.js';

// The citizens' e-form judges what shows, which documents it asks for and the fee as the server will on
// filing: otherwise the server asks for a document whose upload the page never showed.

const byCode = (code: string) => {
  const p = HANOI_PROCEDURES.find((x) => x.code === code);
  assert.ok(p, code);
  return p;
};
/** The page's answers as the server's catalogue reads them (the same JSON, read by the web's types). */
const asWeb = (p: (typeof HANOI_PROCEDURES)[number]) => p as unknown as Procedure;
const webDocuments = (p: (typeof HANOI_PROCEDURES)[number], values: FormValues) =>
  documentsFor(asWeb(p), readForm(asWeb(p).form, values).values).map((d) => d.code);

describe('the e-form on the page reads an untouched checkbox as the server does', () => {
  const EXTRACT = byCode('2.000635');
  const base = {
    requesterName: 'Nguyễn Thị Lan',
    requesterIdNumber: '001190012345',
    requesterPhone: '0912345678',
    requesterAddress: '12 Hàng Bạc',
    residenceWard: '00070',
    recordKind: 'khai-sinh',
    recordPerson: 'Trần Minh An',
    copies: 1,
  };

  it('asks for the authorisation letter when "the record is my own" is left untouched', () => {
    assert.deepEqual(webDocuments(EXTRACT, base), ['van-ban-uy-quyen']);
    assert.deepEqual(webDocuments(EXTRACT, { ...base, forSelf: true }), []);
    assert.deepEqual(webDocuments(EXTRACT, { ...base, forSelf: false }), ['van-ban-uy-quyen']);
  });

  it('sends what the server keeps: the untouched box as false, nothing hidden, text trimmed', () => {
    const sent = readForm(asWeb(EXTRACT).form, { ...base, recordPerson: '  Trần Minh An  ' }).values;
    assert.equal(sent['forSelf'], false);
    assert.equal(sent['recordPerson'], 'Trần Minh An');
    const checked = validateForm(EXTRACT.form, sent, '2026-12-07');
    assert.ok(checked.ok, JSON.stringify(checked));
    assert.deepEqual(
      server.documentsFor(EXTRACT, checked.values).map((d) => d.code),
      webDocuments(EXTRACT, base),
    );
  });

  it('agrees with the server on every procedure of the catalogue, boxes untouched or all ticked', () => {
    for (const p of HANOI_PROCEDURES) {
      const boxes = p.form.sections.flatMap((s) => s.fields.filter((f) => f.type === 'checkbox').map((f) => f.id));
      for (const values of [{}, Object.fromEntries(boxes.map((id) => [id, true]))] as FormValues[]) {
        const kept = readForm(asWeb(p).form, values).values;
        assert.deepEqual(
          documentsFor(asWeb(p), kept).map((d) => d.code),
          server.documentsFor(p, values).map((d) => d.code),
          `${p.code} ${JSON.stringify(values)}`,
        );
        assert.equal(feesFor(asWeb(p), kept).totalVnd, server.feesFor(p, values).totalVnd, p.code);
      }
    }
  });

  it('judges each condition on the answers shown before it, as the server does', () => {
    // "Married before" answered, then hidden again by "single": its document is no longer asked for.
    const schema = {
      sections: [
        {
          id: 'a',
          title: { vi: 'A', en: 'A' },
          fields: [
            { id: 'status', label: { vi: 'S', en: 'S' }, type: 'text' as const },
            {
              id: 'before',
              label: { vi: 'B', en: 'B' },
              type: 'checkbox' as const,
              when: { field: 'status', equals: 'married' },
            },
          ],
        },
        {
          id: 'b',
          title: { vi: 'C', en: 'C' },
          when: { field: 'before', equals: true },
          fields: [{ id: 'divorce', label: { vi: 'D', en: 'D' }, type: 'text' as const }],
        },
      ],
    };
    const shown = readForm(schema, { status: 'married', before: true, divorce: 'x' });
    assert.deepEqual([...shown.sections], ['a', 'b']);
    const hidden = readForm(schema, { status: 'single', before: true, divorce: 'x' });
    assert.deepEqual([...hidden.sections], ['a']);
    assert.deepEqual([...hidden.fields], ['status']);
    assert.deepEqual(hidden.values, { status: 'single' });
  });
});
