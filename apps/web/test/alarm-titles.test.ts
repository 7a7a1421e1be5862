import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { alarmWords } from '../src/alarm-words.js';

// The modules' alarms read in the operations centre's language, from the parameters each alarm carries.

const vi = JSON.parse(readFileSync(new URL('../src/i18n/vi.json', import.meta.url), 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync(new URL('../src/i18n/en.json', import.meta.url), 'utf8')) as Record<string, string>;
const worded = (
  dictionary: Record<string, string>,
  condition: string,
  params: Record<string, string | number> | null,
) => {
  const words = alarmWords(condition, params);
  if (!words) return null;
  const text = dictionary[words.key];
  assert.ok(text, `no words for ${words.key}`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(words.params[name] ?? `{${name}}`));
};

it('words the emergency centre alarms in Vietnamese and English', () => {
  const escalated = { number: '2026-000004', type: 'COLLAPSE' };
  assert.equal(worded(vi, 'emergency:escalated', escalated), 'Sự vụ 2026-000004 (COLLAPSE) đã báo cấp trên');
  assert.equal(worded(en, 'emergency:escalated', escalated), 'Incident 2026-000004 (COLLAPSE) escalated');
  assert.equal(
    worded(vi, 'emergency:turnout-late', { unit: 'RT-P1', number: '2026-000010', seconds: 84 }),
    'Đơn vị RT-P1 chưa xuất phát đến sự vụ 2026-000010',
  );
});

it('words a bus by the label riders see, else by its id', () => {
  assert.equal(
    worded(vi, 'transit:off-route', { vehicle: 'urn:ngsi-ld:Vehicle:bus-32-01', label: '29B-123.45' }),
    'Xe buýt 29B-123.45 đi lệch tuyến',
  );
  assert.equal(worded(en, 'transit:silent', { vehicle: 'bus-32-01' }), 'Bus bus-32-01 silent on its trip');
  assert.equal(worded(vi, 'transit:stopped', { vehicle: 'bus-9' }), 'Xe buýt bus-9 dừng quá lâu');
});

it('words an overdue citizen report by the deadline it missed', () => {
  assert.equal(
    worded(vi, 'reports:overdue', { report: '1042', service: 'road-damage', due: 'receipt' }),
    'Phản ánh 1042 quá hạn tiếp nhận',
  );
  assert.equal(
    worded(en, 'reports:overdue', { report: '1042', service: 'road-damage', due: 'resolution' }),
    'Report 1042 not resolved in time',
  );
});

it('leaves the title standing for an alarm without its parameters, or a condition it has no words for', () => {
  assert.equal(alarmWords('emergency:escalated', null), null);
  assert.equal(alarmWords('emergency:escalated', { number: '2026-000004' }), null);
  assert.equal(alarmWords('transit:off-route', {}), null);
  assert.equal(alarmWords('manual:1234', { number: '1' }), null);
});
