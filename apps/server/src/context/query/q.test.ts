import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { describeEachDriver } from '../../../test/support/databases.js';
import { AppError } from '../../platform/errors.js';
import { parseQ, qToSql, Q_MAX_DEPTH, Q_MAX_LENGTH, type QExpression } from './q.js';
import { SqlParams } from './sql.js';

const DEFAULT_CONTEXT = 'https://uri.etsi.org/ngsi-ld/default-context/';
const AIR_QUALITY = `${DEFAULT_CONTEXT}AirQualityObserved`;

/** A small @context: terms go to the default context, `schema:` to schema.org, IRIs stay as they are. */
function expand(term: string): string {
  if (term.includes('://')) return term;
  const colon = term.indexOf(':');
  if (colon > 0) return term.startsWith('schema:') ? `https://schema.org/${term.slice(colon + 1)}` : term;
  return DEFAULT_CONTEXT + term;
}

function parseError(q: string): AppError {
  try {
    parseQ(q);
  } catch (err) {
    assert.ok(err instanceof AppError, `q ${JSON.stringify(q)} threw something else than an AppError`);
    assert.equal(err.code, 'BAD_REQUEST_DATA');
    assert.equal(err.status, 400);
    assert.equal(err.type, 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    return err;
  }
  assert.fail(`q ${JSON.stringify(q)} was accepted`);
}

/** Queries stitched at random (but reproducibly) from the pieces q is made of, valid or not. */
function randomQueries(count: number, seed: number): string[] {
  // Separated by white space, plus the space itself.
  const pieces = [
    ...`pm25 name temperature reading refDevice . observedAt datasetId [ ] aqi level
        == != > >= < <= ~= !~= = ! "Hồ" " \\ 1 -2.5e1 .. , ; | & ( ) true
        urn:ngsi-ld:Device:HN-D01 2026-11-22 2026-11-22T08:00:00Z 08:00:00
        * {2} [a-z] [[:alpha:]] (?i) ^ $ https://example.org/windSpeed : ' -- %`.split(/\s+/),
    ' ',
  ];
  let state = seed;
  const next = () => {
    // xorshift32: enough randomness for test inputs, the same on every run.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]).join(''),
  );
}

const exists = (attribute: string, offset = 0): QExpression => ({
  kind: 'exists',
  path: { attribute, subAttributes: [], valueKeys: [] },
  offset,
});

describe('parseQ', () => {
  it('reads a bare attribute as an existence term', () => {
    assert.deepEqual(parseQ('pm25'), exists('pm25'));
  });

  it('reads every comparison operator with a number', () => {
    for (const operator of ['==', '!=', '>', '>=', '<', '<='] as const) {
      assert.deepEqual(parseQ(`pm25${operator}42.5`), {
        kind: 'compare',
        path: { attribute: 'pm25', subAttributes: [], valueKeys: [] },
        offset: 0,
        operator,
        value: { kind: 'number', value: 42.5, literal: '42.5' },
      });
    }
  });

  it('reads each kind of value', () => {
    const valueOf = (q: string) => {
      const term = parseQ(q);
      assert.equal(term.kind, 'compare');
      return term.value;
    };
    assert.deepEqual(valueOf('a==-12'), { kind: 'number', value: -12, literal: '-12' });
    assert.deepEqual(valueOf('a==1.5e3'), { kind: 'number', value: 1500, literal: '1.5e3' });
    assert.deepEqual(valueOf('a==-2.5E-2'), { kind: 'number', value: -0.025, literal: '-2.5E-2' });
    assert.deepEqual(valueOf('a==007'), { kind: 'number', value: 7, literal: '7' });
    assert.deepEqual(valueOf('a=="Hồ Gươm"'), { kind: 'string', value: 'Hồ Gươm' });
    assert.deepEqual(valueOf('a=="say \\"xin chào\\" \\\\ C:\\path"'), {
      kind: 'string',
      value: 'say "xin chào" \\ C:\\path',
    });
    assert.deepEqual(valueOf('a==""'), { kind: 'string', value: '' });
    assert.deepEqual(valueOf('a=="a;b|c)(d"'), { kind: 'string', value: 'a;b|c)(d' });
    assert.deepEqual(valueOf('a==true'), { kind: 'boolean', value: true });
    assert.deepEqual(valueOf('a==false'), { kind: 'boolean', value: false });
    assert.deepEqual(valueOf('a==2026-11-22T08:00:00Z'), { kind: 'dateTime', value: '2026-11-22T08:00:00Z' });
    assert.deepEqual(valueOf('a==2026-11-22T08:00:00.123+07:00'), {
      kind: 'dateTime',
      value: '2026-11-22T08:00:00.123+07:00',
    });
    assert.deepEqual(valueOf('a==2026-11-22T08:00Z'), { kind: 'dateTime', value: '2026-11-22T08:00Z' });
    assert.deepEqual(valueOf('a==2024-02-29'), { kind: 'date', value: '2024-02-29' });
    assert.deepEqual(valueOf('a==08:00:00'), { kind: 'time', value: '08:00:00' });
    assert.deepEqual(valueOf('a==23:59:59.5Z'), { kind: 'time', value: '23:59:59.5Z' });
    assert.deepEqual(valueOf('a==urn:ngsi-ld:Vehicle:A1'), { kind: 'uri', value: 'urn:ngsi-ld:Vehicle:A1' });
    assert.deepEqual(valueOf('a==https://example.org/a/../b?x=1#f'), {
      kind: 'uri',
      value: 'https://example.org/a/../b?x=1#f',
    });
  });

  it('reads ranges and lists', () => {
    assert.deepEqual(parseQ('pm25==10..50.5'), {
      kind: 'range',
      path: { attribute: 'pm25', subAttributes: [], valueKeys: [] },
      offset: 0,
      operator: '==',
      min: { kind: 'number', value: 10, literal: '10' },
      max: { kind: 'number', value: 50.5, literal: '50.5' },
    });
    const dates = parseQ('a!=2026-11-22T00:00:00Z..2026-11-23T00:00:00.5Z');
    assert.equal(dates.kind, 'range');
    assert.equal(dates.operator, '!=');
    assert.deepEqual([dates.min.kind, dates.max.value], ['dateTime', '2026-11-23T00:00:00.5Z']);
    const strings = parseQ('a=="A".."M"');
    assert.equal(strings.kind, 'range');
    assert.deepEqual(
      [strings.min, strings.max],
      [
        { kind: 'string', value: 'A' },
        { kind: 'string', value: 'M' },
      ],
    );
    assert.deepEqual(parseQ('a!=1,"b",true,urn:x:c,2026-01-01'), {
      kind: 'list',
      path: { attribute: 'a', subAttributes: [], valueKeys: [] },
      offset: 0,
      operator: '!=',
      values: [
        { kind: 'number', value: 1, literal: '1' },
        { kind: 'string', value: 'b' },
        { kind: 'boolean', value: true },
        { kind: 'uri', value: 'urn:x:c' },
        { kind: 'date', value: '2026-01-01' },
      ],
    });
  });

  it('reads sub-attribute paths, instance members and compound paths', () => {
    const pathOf = (q: string) => {
      const term = parseQ(q);
      assert.notEqual(term.kind, 'and');
      assert.notEqual(term.kind, 'or');
      return (term as { path: unknown }).path;
    };
    assert.deepEqual(pathOf('pm25.quality.level>1'), {
      attribute: 'pm25',
      subAttributes: ['quality', 'level'],
      valueKeys: [],
    });
    assert.deepEqual(pathOf('pm25.observedAt>2026-01-01T00:00:00Z'), {
      attribute: 'pm25',
      subAttributes: [],
      member: 'observedAt',
      valueKeys: [],
    });
    assert.deepEqual(pathOf('pm25.quality.datasetId==urn:x:y'), {
      attribute: 'pm25',
      subAttributes: ['quality'],
      member: 'datasetId',
      valueKeys: [],
    });
    assert.deepEqual(pathOf('reading[aqi][level]=="good"'), {
      attribute: 'reading',
      subAttributes: [],
      valueKeys: ['aqi', 'level'],
    });
    assert.deepEqual(pathOf('pm25.details[method]=="beta"'), {
      attribute: 'pm25',
      subAttributes: ['details'],
      valueKeys: ['method'],
    });
  });

  it('tells IRIs in attribute names from operators and path dots', () => {
    const pathOf = (q: string) => (parseQ(q) as { path: unknown }).path;
    assert.deepEqual(pathOf('schema:name=="x"'), { attribute: 'schema:name', subAttributes: [], valueKeys: [] });
    assert.deepEqual(pathOf('https://example.org/ns/v1.2/windSpeed>3'), {
      attribute: 'https://example.org/ns/v1.2/windSpeed',
      subAttributes: [],
      valueKeys: [],
    });
    assert.deepEqual(pathOf('https://example.org/windSpeed.observedAt>=2026-01-01'), {
      attribute: 'https://example.org/windSpeed',
      subAttributes: [],
      member: 'observedAt',
      valueKeys: [],
    });
    assert.deepEqual(pathOf('https://example.org/windSpeed.https://example.org/quality.unitCode=="C62"'), {
      attribute: 'https://example.org/windSpeed',
      subAttributes: ['https://example.org/quality'],
      member: 'unitCode',
      valueKeys: [],
    });
    assert.deepEqual(pathOf('http://example.org/ns#speed[max]'), {
      attribute: 'http://example.org/ns#speed',
      subAttributes: [],
      valueKeys: ['max'],
    });
    assert.deepEqual(pathOf('urn:x:speed!=1'), { attribute: 'urn:x:speed', subAttributes: [], valueKeys: [] });
  });

  it('binds AND tighter than OR, takes & for ;, and nests parentheses', () => {
    assert.deepEqual(parseQ('a|b;c'), {
      kind: 'or',
      parts: [exists('a'), { kind: 'and', parts: [exists('b', 2), exists('c', 4)] }],
    });
    assert.deepEqual(parseQ('a;b|c'), {
      kind: 'or',
      parts: [{ kind: 'and', parts: [exists('a'), exists('b', 2)] }, exists('c', 4)],
    });
    assert.deepEqual(parseQ('a&b'), parseQ('a;b'));
    assert.deepEqual(parseQ('(a|b);c'), {
      kind: 'and',
      parts: [{ kind: 'or', parts: [exists('a', 1), exists('b', 3)] }, exists('c', 6)],
    });
    assert.deepEqual(parseQ('((((a))))'), exists('a', 4));
  });

  it('allows spaces between tokens', () => {
    const spaced = parseQ(' ( pm25 >= 10 ; isIndoor == true ) | name == "x" , "y" ');
    assert.equal(spaced.kind, 'or');
    assert.equal(spaced.parts.length, 2);
  });

  it(`accepts ${Q_MAX_DEPTH} levels of parentheses and ${Q_MAX_LENGTH} characters, not more`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}a${')'.repeat(depth)}`;
    assert.deepEqual(parseQ(nested(Q_MAX_DEPTH)), exists('a', Q_MAX_DEPTH));
    assert.match(parseError(nested(Q_MAX_DEPTH + 1)).message, /character 33: parentheses are nested deeper than 32/);
    assert.equal(parseQ('x'.repeat(Q_MAX_LENGTH)).kind, 'exists');
    assert.match(parseError('x'.repeat(Q_MAX_LENGTH + 1)).message, /4097 characters long; at most 4096/);
  });

  it('reads a regular expression up to the next logical operator outside its own groups', () => {
    const regexOf = (q: string) => {
      const parsed = parseQ(q);
      const term = parsed.kind === 'or' || parsed.kind === 'and' ? parsed.parts[0] : parsed;
      if (term?.kind !== 'pattern') assert.fail(`${q} holds no pattern term`);
      return term.regex;
    };
    assert.equal(regexOf('name~=(?i)^hà (nội|đông)$'), '(?i)^hà (nội|đông)$');
    assert.equal(regexOf('name~=^a[;|)]b;pm25'), '^a[;|)]b');
    assert.equal(regexOf('name~=^a\\)b|pm25'), '^a\\)b');
    assert.equal(regexOf('(name!~=a(b)c)'), 'a(b)c');
    assert.equal(regexOf('name~="x|y;z"'), 'x|y;z');
    assert.equal(regexOf('name~=[[:alpha:]]{2,5}\\d+'), '[[:alpha:]]{2,5}\\d+');
  });

  it('answers any jumble of q syntax with an AST or BadRequestData, never anything else', () => {
    let parsed = 0;
    for (const q of randomQueries(20_000, 0x7a11)) {
      try {
        parseQ(q);
        parsed++;
      } catch (err) {
        assert.ok(err instanceof AppError && err.code === 'BAD_REQUEST_DATA', `${JSON.stringify(q)}: ${String(err)}`);
      }
    }
    assert.ok(parsed > 1000, `only ${parsed} random queries parsed`);
  });

  const invalid: [q: string, where: number | undefined, what: RegExp][] = [
    ['', undefined, /the query is empty/],
    ['a==', 4, /a value is expected/],
    ['a==1;', 6, /an attribute name is expected/],
    [';a', 1, /an attribute name is expected/],
    ['a==1||b', 6, /an attribute name is expected/],
    ['(a==1', 1, /"\(" is never closed/],
    ['a==1)', 5, /"\)" closes no "\("/],
    ['(a==1))', 7, /"\)" closes no "\("/],
    ['()', 2, /an attribute name is expected/],
    ['a=1', 2, /"=" is not an operator/],
    ['a=>1', 2, /"=>" is not an operator/],
    ['a===1', 4, /is not a value/],
    ['a<>1', 3, /is not a value/],
    ['a==hanoi', 4, /"hanoi" is not a value: quote strings/],
    ['a=="open', 4, /string is never closed/],
    ['a=="x"y', 7, /the string should end here/],
    ['a==1..', 7, /a value is expected/],
    ['a==1.."z"', 7, /both ends of a range must be of one kind \(here number and string\)/],
    ['a==true..false', 4, /a range must be bounded by numbers, strings, dates or times/],
    ['a>1..5', 4, /a range min..max needs == or !=, not >/],
    ['a<=1,2', 5, /a list of values needs == or !=, not <=/],
    ['a>urn:x:y', 3, /> compares numbers, strings, dates and times only; a uri takes == or !=/],
    ['a>=false', 4, /a boolean takes == or !=/],
    ['a==2026-13-01', 4, /2026-13-01 is not a real date/],
    ['a==2027-02-29', 4, /is not a real date/],
    ['a==0000-01-01', 4, /is not a real date/],
    ['a==2026-11-22T24:00:00Z', 4, /is not a real date and time/],
    ['a==2026-11-22T08:00:00+15:00', 4, /is not a real date and time/],
    ['a==25:00:00', 4, /is not a real time of day/],
    ['a==1e999', 4, /too large/],
    ['a==1,', 6, /a value is expected/],
    ['a..b==1', 3, /an attribute name is expected/],
    ['a.==1', 3, /an attribute name is expected/],
    ['a[]==1', 3, /a member name is expected inside \[ \]/],
    ['a[b==1', 4, /"\]" is expected/],
    ['a[b].c==1', 5, /cannot go on with "\." after \[ \]/],
    ['a.observedAt.b==1', 3, /observedAt is a member of an attribute and must end the path/],
    ['a.unitCode[x]=="y"', 3, /unitCode has no members/],
    ['https://==1', 9, /an IRI is expected after ":\/\/"/],
    ['a b', 3, /an operator .* or the end of the term is expected, found "b"/],
    ['(a==1 b)', 7, /";", "&", "\|" or "\)" is expected, found "b\)"/],
    ['a==1 2', 6, /";", "&", "\|" or the end of the query is expected/],
    ["a'b==1", 2, /an operator .* or the end of the term is expected/],
    ['=1', 1, /an attribute name is expected/],
    ['a~=', 4, /a regular expression is expected/],
    ['a~=;b', 4, /a regular expression is expected/],
    ['a=="x\u0000y"', 6, /a NUL character or a broken surrogate pair/],
    ['a=="\ud83d"', 5, /a NUL character or a broken surrogate pair/],
    ['a~=\udc00', 4, /a NUL character or a broken surrogate pair/],
  ];
  for (const [q, where, what] of invalid) {
    it(`rejects ${JSON.stringify(q)} as BadRequestData${where === undefined ? '' : ` at character ${where}`}`, () => {
      const { message } = parseError(q);
      if (where !== undefined) assert.match(message, new RegExp(`^Invalid q at character ${where}: `));
      assert.match(message, what);
    });
  }

  const badPatterns: [regex: string, what: RegExp][] = [
    ['(abc', /has a "\(" that is never closed/],
    ['"a)"', /has a "\)" that closes no "\("/],
    ['[abc', /has a "\[" that is never closed/],
    ['[]', /has a "\[" that is never closed/],
    ['[z-a]', /the range z-a whose end comes before its start/],
    ['[a-z-9]', /has a "-" right after a range/],
    ['[\\d-z]', /a range that starts with a character class/],
    ['[[:foo:]]', /unknown character class \[:foo:\]/],
    ['[[.a.]]', /collating element/],
    ['*a', /has nothing to repeat before "\*"/],
    ['^+', /has nothing to repeat/],
    ['(?=a)b', /uses a lookahead or lookbehind/],
    ['(?!a)b', /uses a lookahead or lookbehind/],
    ['(?<=a)b', /uses a lookahead or lookbehind/],
    ['(?<!x)y', /uses a lookahead or lookbehind/],
    ['a**', /repeats a repetition/],
    ['a{2}{3}', /repeats a repetition/],
    ['a*??', /repeats a repetition/],
    ['x{65}', /repeats more than 64 times/],
    ['a{3,2}', /maximum is below its minimum/],
    ['a{', /starts no \{m\}, \{m,\} or \{m,n\} bound/],
    ['a\\', /ends with a lone backslash/],
    ['\\q', /unknown escape \\q/],
    ['(a)\\1', /uses the back-reference \\1, which is not accepted/],
    ['\\p{L}', /unknown escape \\p/],
    ['\\bword', /write \\y for a word boundary/],
    ['(?<name>a)', /opens a group "\(\?…" other than \(\?:/],
    ['ab(?i)', /opens a group "\(\?…"/],
    ['(?x)a # comment', /embedded option "x"/],
    ['(a{100}){40}', /repeats more than 64 times/],
    ['(.{100}){40}', /repeats more than 64 times/],
    ['(a{10}){10}', /nests counted repetitions that multiply to more than 64/],
    ['((a{2}){8}b){8}', /nests counted repetitions that multiply to more than 64/],
    ['((a{2}){8}|b){5}', /nests counted repetitions that multiply to more than 64/],
    ['.{64}.{64}.{64}.{64}x', /is too complex: written out, its repetitions would make it longer than 256/],
    ['(a+b+c+d+e+f+g+h+){64}', /is too complex/],
    ['a'.repeat(257), /is 257 characters long; at most 256/],
    [`${'('.repeat(33)}a${')'.repeat(33)}`, /nests groups deeper than 32/],
  ];
  for (const [regex, what] of badPatterns) {
    it(`rejects the regular expression ${JSON.stringify(regex)} before it reaches the database`, () => {
      assert.match(parseError(`name~=${regex}`).message, /^Invalid q at character \d+: the regular expression /);
      assert.match(parseError(`name!~=${regex}`).message, what);
    });
  }
});

describe('the cost of the regular expressions of one q', () => {
  it('is bounded together, not only one by one', () => {
    const heavy = '.{64}.{64}.{64}x';
    assert.equal(parseQ(`a~=${heavy};b~=${heavy}`).kind, 'and');
    assert.match(
      parseError(`a~=${heavy};b~=${heavy};c~=${heavy}`).message,
      /^Invalid q at character 44: the regular expressions of this query are too complex together/,
    );
  });
});

describe('qToSql', () => {
  it('puts every value, name and pattern in parameters, never in the SQL text', () => {
    const params = new SqlParams();
    const sql = qToSql(
      parseQ(
        "stationName==\"x'; DROP TABLE ngsi_entity; --\"|evil.sub[k$1]==urn:x:'--|name~='\\)|https://e.org/x.observedAt>2026-01-01",
      ),
      { params, attrs: 'e.attrs', expand },
    );
    assert.doesNotMatch(sql, /DROP|evil|sub|k\$1|urn:x|e\.org|2026/);
    assert.ok(
      params.values.includes('"x\'; DROP TABLE ngsi_entity; --"'),
      "params.values.includes('\"x\\'; DROP TABLE ngsi_entity; --\"')",
    );
    assert.ok(params.values.includes('k$1'), "params.values.includes('k$1')");
    assert.ok(params.values.includes("'\\)"), 'params.values.includes("\'\\\\)")');
    assert.ok(params.values.includes('https://e.org/x'), "params.values.includes('https://e.org/x')");
  });

  it('numbers its parameters after those already in the statement', () => {
    const params = new SqlParams();
    params.add('tenant');
    const sql = qToSql(parseQ('pm25'), { params, attrs: 'e.attrs', expand });
    assert.equal(sql, 'e.attrs ? $2::text');
    assert.deepEqual(params.values, ['tenant', `${DEFAULT_CONTEXT}pm25`]);
  });

  it('gives a plain equality an indexable containment test', () => {
    const params = new SqlParams();
    const sql = qToSql(parseQ('stationName=="Cầu Giấy"'), { params, attrs: 'e.attrs', expand });
    assert.match(sql, /^\(\(e\.attrs @> \$\d+::jsonb OR /);
    assert.ok(
      params.values.includes(`{"${DEFAULT_CONTEXT}stationName":[{"value":"Cầu Giấy"}]}`),
      'params.values.includes(`{"${DEFAULT_CONTEXT}stationName":[{"value":"Cầu Giấy"}]}`)',
    );
    assert.ok(
      params.values.includes(`{"${DEFAULT_CONTEXT}stationName":[{"object":"Cầu Giấy"}]}`),
      'params.values.includes(`{"${DEFAULT_CONTEXT}stationName":[{"object":"Cầu Giấy"}]}`)',
    );
  });
});

const station = (n: number) => `urn:ngsi-ld:AirQualityObserved:HN-00${n}`;
const iri = (name: string) => (name.includes(':') ? name : DEFAULT_CONTEXT + name);
const property = (value: unknown, extra: Record<string, unknown> = {}) => ({ type: 'Property', value, ...extra });
const stamped = { createdAt: '2026-11-20T00:00:00.000Z', modifiedAt: '2026-11-22T02:00:00.000Z' };

/** Five monitoring stations around Hanoi, in the storage shape: expanded names, arrays of instances. */
const STATIONS: Record<number, Record<string, unknown[]>> = {
  1: {
    pm25: [
      property(42.5, {
        unitCode: 'GQ',
        observedAt: '2026-11-22T01:00:00.000Z',
        ...stamped,
        [iri('qualityLevel')]: property(0.9, { observedAt: '2026-11-22T01:05:00.000Z' }),
        [iri('calibratedBy')]: { type: 'Relationship', object: 'urn:ngsi-ld:Person:Lan' },
      }),
    ],
    pm10: [property(80)],
    temperature: [
      property(24, { datasetId: 'urn:ngsi-ld:Dataset:sensor-a' }),
      property(31, { datasetId: 'urn:ngsi-ld:Dataset:sensor-b' }),
    ],
    name: [{ type: 'LanguageProperty', languageMap: { vi: 'Trạm Hồ Gươm', en: 'Sword Lake station' } }],
    stationName: [property('Hoàn Kiếm')],
    refDevice: [{ type: 'Relationship', object: 'urn:ngsi-ld:Device:HN-D01' }],
    isIndoor: [property(false)],
    dateObserved: [property('2026-11-22T08:00:00+07:00')],
    category: [{ type: 'VocabProperty', vocab: `${DEFAULT_CONTEXT}urban` }],
    reading: [property({ pm25: 42.5, aqi: { level: 'moderate', index: 117 } })],
    'https://example.org/windSpeed': [property(3.2, { observedAt: '2026-11-22T01:00:00.000Z' })],
    'https://schema.org/name': [property('Hồ Gươm')],
  },
  2: {
    pm25: [
      property(18, {
        observedAt: '2026-11-22T05:30:00.000Z',
        [iri('qualityLevel')]: property(0.5),
        [iri('qualityDetails')]: property({ method: 'gravimetric' }),
      }),
    ],
    temperature: [property(27)],
    name: [{ type: 'LanguageProperty', languageMap: { vi: 'Trạm Cầu Giấy', en: ['Cau Giay station', 'Cau Giay'] } }],
    stationName: [property('Cầu Giấy')],
    refDevice: [{ type: 'Relationship', object: ['urn:ngsi-ld:Device:HN-D02', 'urn:ngsi-ld:Device:HN-D03'] }],
    isIndoor: [property(true)],
    dateObserved: [property('2026-11-21T23:00:00Z')],
    category: [{ type: 'VocabProperty', vocab: [`${DEFAULT_CONTEXT}suburban`, `${DEFAULT_CONTEXT}residential`] }],
    reading: [property({ pm25: 18, aqi: { level: 'good', index: 64 } })],
    tags: [{ type: 'ListProperty', valueList: ['school', 'park'] }],
    rawPayload: [{ type: 'JsonProperty', json: { sensor: { model: 'PMS5003' }, readings: [1, 2, 3] } }],
    openingTime: [property('06:30:00')],
    installedOn: [property('2024-02-29')],
  },
  3: {
    pm25: [property('35', { observedAt: '2026-11-22T09:00:00.000Z' })],
    temperature: [property('warm')],
    name: [property('Long Biên station')],
    stationName: [property('Long Biên')],
    refDevice: [{ type: 'Relationship', object: 'urn:ngsi-ld:Device:HN-D01' }],
    dateObserved: [property('not a date'), property('2026-02-30T00:00:00Z', { datasetId: 'urn:x:broken' })],
    installedOn: [property('2027-02-29')],
    openingTime: [property('25:00:00')],
    nearbyStations: [{ type: 'ListRelationship', objectList: [station(1), station(2)] }],
    reading: [property('n/a')],
  },
  4: {
    pm25: [property(150)],
    stationName: [property('Ba Đình "Quảng trường"')],
    isIndoor: [property(false)],
    location: [{ type: 'GeoProperty', value: { type: 'Point', coordinates: [105.8342, 21.0368] } }],
  },
  5: {
    stationName: [property('Tây Hồ')],
    notes: [property(`Ghi chú: ${'bụi mịn cao vào buổi sáng, giảm sau mưa; '.repeat(40)}`)],
  },
};

describeEachDriver('q on the entity table', (ctx) => {
  before(async () => {
    for (const [n, attrs] of Object.entries(STATIONS)) {
      const stored = Object.fromEntries(Object.entries(attrs).map(([name, instances]) => [iri(name), instances]));
      await ctx.db.query(
        `INSERT INTO ngsi_entity (tenant, id, types, attrs, created_at, modified_at)
         VALUES ('', $1, $2::text[], $3::jsonb, now(), now())`,
        [station(Number(n)), [AIR_QUALITY], JSON.stringify(stored)],
      );
    }
  });

  /** The stations (by number) that a q selects. */
  async function matching(q: string, options: { throughIndex?: boolean } = {}): Promise<number[]> {
    const params = new SqlParams();
    const where = qToSql(parseQ(q), { params, attrs: 'e.attrs', expand });
    const select = `SELECT id FROM ngsi_entity e WHERE e.tenant = '' AND ${where} ORDER BY id`;
    const { rows } = await ctx.db.transaction(async (tx) => {
      // Five rows are read fastest by a sequential scan; the index path must give the same answer.
      if (options.throughIndex) await tx.query('SET LOCAL enable_seqscan = off');
      return tx.query<{ id: string }>(select, params.values);
    });
    return rows.map((r) => Number(r.id.slice(-1)));
  }

  const cases: Record<string, [q: string, stations: number[]][]> = {
    'numbers and numeric ranges': [
      ['pm25>40', [1, 4]],
      ['pm25>=42.5', [1, 4]],
      ['pm25<20', [2]],
      ['pm25<=18', [2]],
      ['pm25==18', [2]],
      ['pm25==18.0', [2]],
      ['pm25==1.8e1', [2]],
      ['pm25!=18', [1, 3, 4]],
      ['pm25==10..50', [1, 2]],
      ['pm25==18..42.5', [1, 2]],
      ['pm25!=10..50', [3, 4]],
      ['pm25==18,150', [2, 4]],
      ['pm25!=18,150', [1, 3]],
      ['pm10>-1', [1]],
    ],
    'strings, lists of strings and string ranges': [
      ['stationName=="Cầu Giấy"', [2]],
      ['stationName=="Ba Đình \\"Quảng trường\\""', [4]],
      ['stationName=="Tây Hồ","Long Biên"', [3, 5]],
      ['stationName!="Tây Hồ","Long Biên"', [1, 2, 4]],
      ['stationName>"C"', [1, 2, 3, 5]],
      ['stationName=="A".."D"', [2, 4]],
      ['pm25=="35"', [3]],
      ['temperature=="warm"', [3]],
      ['stationName=="cầu giấy"', []],
      ['stationName=="\u0001\t\n😷"', []],
      ['stationName~=😷|stationName~=[😷-🤧]', []],
    ],
    booleans: [
      ['isIndoor==true', [2]],
      ['isIndoor==false', [1, 4]],
      ['isIndoor!=true', [1, 4]],
      ['isIndoor=="true"', []],
    ],
    'regular expressions': [
      ['stationName~=^(Cầu|Long)', [2, 3]],
      ['stationName~=(?i)^ba ', [4]],
      ['stationName~=Quảng', [4]],
      ['stationName!~=^(Cầu|Long)', [1, 4, 5]],
      ['name~=station$', [1, 2, 3]],
      ['name~=Hồ Gươm', [1]],
      ['name!~=Cầu', [1, 3]],
      ['pm25~=^3', [3]],
      ['pm25!~=^4', [3]],
      ['refDevice~=HN-D0[23]$', [2]],
      ['stationName~="[\\"]"', [4]],
    ],
    'dates, times and instance members': [
      ['pm25.observedAt>=2026-11-22T05:00:00Z', [2, 3]],
      ['pm25.observedAt<2026-11-22T08:00:00+07:00', []],
      ['pm25.observedAt<=2026-11-22T08:00:00+07:00', [1]],
      ['pm25.observedAt==2026-11-22T08:00:00+07:00', [1]],
      ['pm25.observedAt==2026-11-22T00:00:00Z..2026-11-22T06:00:00Z', [1, 2]],
      ['pm25.observedAt!=2026-11-22T00:00:00Z..2026-11-22T06:00:00Z', [3]],
      ['pm25.observedAt', [1, 2, 3]],
      ['pm25.createdAt<2026-11-21T00:00:00Z', [1]],
      ['pm25.modifiedAt==2026-11-22T02:00Z', [1]],
      ['pm25.unitCode=="GQ"', [1]],
      ['dateObserved<2026-11-22T00:00:00Z', [2]],
      ['dateObserved>2026-01-01T00:00:00Z', [1, 2]],
      ['installedOn==2024-02-29', [2]],
      ['installedOn<2030-01-01', [2]],
      ['openingTime<07:00:00', [2]],
      ['openingTime==06:30:00Z', [2]],
      ['openingTime==06:00:00..07:00:00', [2]],
    ],
    'relationships by URI': [
      ['refDevice==urn:ngsi-ld:Device:HN-D01', [1, 3]],
      ['refDevice==urn:ngsi-ld:Device:HN-D03', [2]],
      ['refDevice=="urn:ngsi-ld:Device:HN-D03"', [2]],
      ['refDevice!=urn:ngsi-ld:Device:HN-D01', [2]],
      ['refDevice!=urn:ngsi-ld:Device:HN-D03', [1, 3]],
      ['refDevice==urn:ngsi-ld:Device:HN-D02,urn:ngsi-ld:Device:HN-D01', [1, 2, 3]],
      ['nearbyStations==urn:ngsi-ld:AirQualityObserved:HN-002', [3]],
      ['pm25.calibratedBy==urn:ngsi-ld:Person:Lan', [1]],
    ],
    'multi-instance attributes': [
      ['temperature>30', [1]],
      ['temperature<25', [1]],
      ['temperature==24', [1]],
      ['temperature!=31', [1, 2, 3]],
      ['temperature.datasetId==urn:ngsi-ld:Dataset:sensor-b', [1]],
      ['temperature.datasetId', [1]],
      ['dateObserved.datasetId==urn:x:broken', [3]],
    ],
    'sub-attributes': [
      ['pm25.qualityLevel>0.8', [1]],
      ['pm25.qualityLevel', [1, 2]],
      ['pm25.qualityLevel.observedAt', [1]],
      ['pm25.qualityLevel==0.5', [2]],
      ['pm25.noSuchSubAttribute', []],
    ],
    'compound paths into values': [
      ['reading[aqi][level]=="good"', [2]],
      ['reading[aqi][index]>100', [1]],
      ['reading[pm25]>20', [1]],
      ['reading[aqi]', [1, 2]],
      ['reading[aqi][level]!="good"', [1]],
      ['rawPayload[sensor][model]=="PMS5003"', [2]],
      ['rawPayload[readings]==2', [2]],
      ['pm25.qualityDetails[method]=="gravimetric"', [2]],
      ['name[vi]=="Trạm Hồ Gươm"', [1]],
      ['name[en]~=^Cau', [2]],
    ],
    'language, vocabulary, list and JSON properties': [
      ['name=="Sword Lake station"', [1]],
      ['name=="Cau Giay"', [2]],
      ['name=="Long Biên station"', [3]],
      ['category=="urban"', [1]],
      ['category=="residential"', [2]],
      [`category=="${DEFAULT_CONTEXT}suburban"`, [2]],
      ['category!="urban"', [2]],
      ['tags=="park"', [2]],
      ['tags=="park","market"', [2]],
      ['tags!="market"', [2]],
    ],
    'attribute names as IRIs': [
      ['https://example.org/windSpeed>3', [1]],
      ['https://example.org/windSpeed.observedAt>=2026-01-01T00:00:00Z', [1]],
      ['schema:name=="Hồ Gươm"', [1]],
    ],
    'AND, OR and parentheses': [
      ['pm25>100|isIndoor==true', [2, 4]],
      ['pm25>100|isIndoor==true;pm25<10', [4]],
      ['isIndoor==true;pm25<10|pm25>100', [4]],
      ['(pm25>100|isIndoor==true);pm25<20', [2]],
      ['(pm25>100|isIndoor==true)&pm25<20', [2]],
      ['((((stationName))))', [1, 2, 3, 4, 5]],
      ['(stationName=="Tây Hồ"|(refDevice;(isIndoor==false|temperature>26)))', [1, 2, 5]],
      ['temperature>25;temperature<30', [1, 2]],
    ],
    existence: [
      ['pm25', [1, 2, 3, 4]],
      ['location', [4]],
      ['noSuchAttribute', []],
      ['noSuchAttribute!=5', []],
      ['noSuchAttribute!~=x', []],
    ],
    'type mismatches match nothing and raise nothing': [
      ['stationName==5', []],
      ['stationName>5', []],
      ['pm25>"a"', []],
      ['isIndoor>0', []],
      ['isIndoor==1', []],
      ['dateObserved==5', []],
      ['reading>5', []],
      ['location==5', []],
      ['stationName==2026-11-22', []],
      ['stationName<2026-11-22T00:00:00Z', []],
      ['installedOn==2024-02-29T00:00:00Z', []],
      ['openingTime==2024-02-29', []],
      ['pm25==30..40', []],
      ['pm25.unitCode>1', []],
      ['reading[aqi][level]>1', []],
      ['refDevice==5', []],
    ],
  };

  for (const [topic, queries] of Object.entries(cases)) {
    describe(topic, () => {
      for (const [q, expected] of queries) {
        it(`${q} → ${expected.length === 0 ? 'none' : expected.map((n) => `HN-00${n}`).join(', ')}`, async () => {
          assert.deepEqual(await matching(q), expected);
        });
      }
    });
  }

  it('gives the same answers when PostgreSQL has to go through the GIN index', async () => {
    for (const [q, expected] of Object.values(cases).flat()) {
      assert.deepEqual(await matching(q, { throughIndex: true }), expected, q);
    }
  });

  it('runs every random query that parses without a database error', async () => {
    let ran = 0;
    for (const q of randomQueries(3_000, 0x51ed)) {
      let parsedOk = true;
      try {
        parseQ(q);
      } catch {
        parsedOk = false;
      }
      if (!parsedOk) continue;
      await assert.doesNotReject(matching(q), q);
      ran++;
    }
    assert.ok(ran > 200, `only ${ran} random queries ran`);
  });

  it('treats injection attempts as plain values, or rejects them as bad queries, and leaves the table alone', async () => {
    for (const q of [
      'stationName=="x\'; DROP TABLE ngsi_entity; --"',
      'stationName=="\'); DELETE FROM ngsi_entity; --"',
      "stationName==urn:x:'--",
      "stationName~='.*DROP TABLE ngsi_entity",
      'reading[x$1]=="a"',
      'pm25.x$$--==1',
    ]) {
      assert.deepEqual(await matching(q), [], q);
    }
    for (const q of [
      'reading[x\'||pg_sleep(5)||\']=="a"',
      "https://e.org/'||1.observedAt>2026-01-01",
      "stationName~='; DROP TABLE ngsi_entity",
      "stationName'--",
    ]) {
      parseError(q);
    }
    const { rows } = await ctx.db.query<{ count: number }>('SELECT count(*)::int AS count FROM ngsi_entity');
    assert.equal(rows[0]?.count, 5);
  });

  it('compiles on PostgreSQL every kind of regular expression the parser accepts', async () => {
    for (const regex of [
      '(?i)^ha',
      '(?in)^ha$',
      '^urn:ngsi-ld:Device:HN-D0[1-3]$',
      '[[:alpha:]]+ [[:digit:]]{1,3}',
      'a{2,5}?b',
      'a{2,}c',
      '(?:x|y)*z',
      '\\d+\\.\\d*',
      '\\w\\s\\W\\S\\D',
      '\\yHà\\y',
      '\\mHà\\M',
      '\\Aa\\Z',
      '[]a-]',
      '[^]a]',
      '[%--]',
      '[\\]\\\\\\n\\t]',
      '[\\d\\s_]',
      '\\{\\}\\(\\)\\[\\]\\.\\*\\+\\?\\^\\$\\/',
      'a}',
      '()',
      '(a|)b',
      '[é-ệ]',
      '\\é',
      '(a{8}){8}',
      '(\\w{1,8}){1,8}',
      '(((\\w{1,2}){1,4}){1,8})',
      '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
      '[a-z]{1,64}'.repeat(3),
      'a'.repeat(256),
      `${'('.repeat(32)}a${')'.repeat(32)}`,
    ]) {
      await assert.doesNotReject(matching(`stationName~=${regex}`), regex);
      await assert.doesNotReject(matching(`notes!~=${regex}`), regex);
    }
  });

  it('never casts a stored string that is not a real date or time', async () => {
    for (const q of [
      'dateObserved>2000-01-01T00:00:00Z',
      'dateObserved!=2026-01-01T00:00:00Z..2027-01-01T00:00:00Z',
      'installedOn>2000-01-01',
      'openingTime>00:00:00',
      'stationName>2000-01-01',
      'name<2000-01-01T00:00:00Z',
    ]) {
      await assert.doesNotReject(matching(q), q);
    }
  });

  it('lets PostgreSQL answer attribute terms from the GIN index on attrs', async () => {
    for (const q of ['stationName=="Cầu Giấy"', 'refDevice==urn:ngsi-ld:Device:HN-D01', 'pm25==18,150', 'pm25>40']) {
      const params = new SqlParams();
      const where = qToSql(parseQ(q), { params, attrs: 'e.attrs', expand });
      const plan = await ctx.db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const { rows } = await tx.query<Record<string, string>>(
          `EXPLAIN SELECT id FROM ngsi_entity e WHERE ${where}`,
          params.values,
        );
        return rows.map((r) => Object.values(r).join(' ')).join('\n');
      });
      assert.match(plan, /ngsi_entity_attrs_idx/, `${q}:\n${plan}`);
    }
  });

  it('still answers after the heaviest regular expressions', async () => {
    assert.deepEqual(await matching('notes~=buổi sáng'), [5]);
  });
});
