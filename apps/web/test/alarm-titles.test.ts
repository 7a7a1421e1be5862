import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { emergencyAlarmWords } from '../src/alarm-words.js';

// The emergency centre's alarms read in the operations centre's language, as the monitoring ones do.

const vi = JSON.parse(readFileSync(new URL('../src/i18n/vi.json', import.meta.url), 'utf8')) as Record<string, string>;
const inVietnamese = (condition: string, title: string): string | null => {
  const words = emergencyAlarmWords(condition, title);
  if (!words) return null;
  return (vi[words.key] ?? words.key).replace(/\{(\w+)\}/g, (_, name: string) => words.params[name] ?? '');
};

it('words the emergency centre alarms in Vietnamese, and leaves a title of another form as it is', () => {
  assert.equal(
    inVietnamese('emergency:escalated', 'Incident 2026-000004 (COLLAPSE) escalated'),
    'Sự vụ 2026-000004 (COLLAPSE) đã báo cấp trên',
  );
  assert.equal(
    inVietnamese('emergency:turnout-late', 'Unit RT-P1 has not turned out for incident 2026-000010'),
    'Đơn vị RT-P1 chưa xuất phát đến sự vụ 2026-000010',
  );
  assert.equal(inVietnamese('emergency:escalated', 'Something else'), null);
});
