import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';

describeEachDriver('the broker’s current values for modules (measures.current)', (ctx) => {
  let app: App;
  let operator: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
  });
  after(() => app.http.close());

  it('gives, by id, each entity of the types asked with the default instance of each attribute asked', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entityOperations/create',
      headers: { ...operator.auth, 'content-type': 'application/json' },
      payload: JSON.stringify([
        {
          id: 'urn:ngsi-ld:OffStreetParking:B',
          type: 'OffStreetParking',
          availableSpotNumber: [
            { type: 'Property', value: 7, datasetId: 'urn:ngsi-ld:dataset:camera' },
            { type: 'Property', value: 12 },
          ],
          totalSpotNumber: { type: 'Property', value: 40 },
        },
        {
          id: 'urn:ngsi-ld:OnStreetParking:A',
          type: 'OnStreetParking',
          totalSpotNumber: { type: 'Property', value: 9 },
        },
        {
          id: 'urn:ngsi-ld:OffStreetParking:C',
          type: 'OffStreetParking',
          availableSpotNumber: { type: 'Property', value: 3, datasetId: 'urn:ngsi-ld:dataset:camera' },
        },
        { id: 'urn:ngsi-ld:Vehicle:A', type: 'Vehicle', totalSpotNumber: { type: 'Property', value: 1 } },
      ]),
    });
    assert.equal(res.statusCode, 201, res.body);
    const terms = await app.broker.resolver.core();
    const [free, total] = [terms.expand('availableSpotNumber'), terms.expand('totalSpotNumber')];
    const lots = await app.broker.measures.current(
      '', // the default tenant, the operator's
      [terms.expand('OffStreetParking'), terms.expand('OnStreetParking')],
      [free, total],
    );
    assert.deepEqual(
      lots.map((l) => [l.id, l.attrs[free]?.value, l.attrs[total]?.value]),
      [
        ['urn:ngsi-ld:OffStreetParking:B', 12, 40],
        // Only a dataset's instance: no current value of its own.
        ['urn:ngsi-ld:OffStreetParking:C', undefined, undefined],
        ['urn:ngsi-ld:OnStreetParking:A', undefined, 9],
      ],
    );
    assert.ok(
      lots.every((l) => l.modifiedAt instanceof Date),
      'lots.every((l) => l.modifiedAt instanceof Date)',
    );
    assert.deepEqual(await app.broker.measures.current('another-tenant', [terms.expand('Vehicle')], [total]), []);
  });
});
