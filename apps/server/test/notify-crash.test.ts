import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { createTestDatabase, DRIVERS, skipReason } from './support/databases.js';
import { callServer, loginAdmin, startServer } from './support/process.js';
import { startReceiver } from './support/receiver.js';

const ADMIN_PASSWORD = 'notify-crash-test-first-passphrase';
const UPDATES = 30;

for (const driver of DRIVERS) {
  const skip = skipReason(driver);
  describe(`notifications across a crash [${driver}]`, skip ? { skip } : {}, () => {
    it('delivers, after a SIGKILL and a restart, every notification the broker had accepted', async () => {
      const t = await createTestDatabase(driver, { open: false });
      const env: Record<string, string> = { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD };
      if (t.url) env['DATABASE_URL'] = t.url;
      else env['DATA_DIR'] = dirname(t.dataDir as string);
      // The receiver takes the first notification and sits on it: the stream is under way when the kill comes.
      const receiver = await startReceiver('hold');
      try {
        const first = await startServer(env);
        let token = await loginAdmin(first, ADMIN_PASSWORD);
        const id = 'urn:ngsi-ld:WaterLevelObserved:to-lich-river-1';
        const sub = await callServer(first, 'POST', '/ngsi-ld/v1/subscriptions', token, {
          type: 'Subscription',
          entities: [{ id, type: 'WaterLevelObserved' }],
          watchedAttributes: ['waterLevel'],
          notification: { endpoint: { uri: `${receiver.url}/flood`, accept: 'application/json' } },
        });
        assert.equal(sub.status, 201, sub.text);
        const created = await callServer(first, 'POST', '/ngsi-ld/v1/entities', token, {
          id,
          type: 'WaterLevelObserved',
          waterLevel: { type: 'Property', value: 0, unitCode: 'CMT' },
        });
        assert.equal(created.status, 201, created.text);
        for (let level = 1; level < UPDATES; level++) {
          const res = await callServer(first, 'PATCH', `/ngsi-ld/v1/entities/${id}/attrs`, token, {
            waterLevel: { type: 'Property', value: level, unitCode: 'CMT' },
          });
          assert.equal(res.status, 204, res.text);
        }
        while (receiver.waiting === 0) await new Promise((r) => setTimeout(r, 20));
        first.child.kill('SIGKILL');
        await first.exited;

        receiver.mode = 'accept';
        receiver.release();
        const second = await startServer(env);
        try {
          token = await loginAdmin(second, ADMIN_PASSWORD);
          const levels = new Set<number>();
          while (levels.size < UPDATES) {
            await new Promise((r) => setTimeout(r, 100));
            for (const r of receiver.received) {
              for (const e of r.body['data'] as { waterLevel: { value: number } }[]) levels.add(e.waterLevel.value);
            }
          }
          assert.deepEqual(
            [...levels].sort((a, b) => a - b),
            Array.from({ length: UPDATES }, (_, i) => i),
          );
        } finally {
          second.child.kill('SIGTERM');
          await second.exited;
        }
      } finally {
        await receiver.close();
        await t.dispose();
      }
    });
  });
}
