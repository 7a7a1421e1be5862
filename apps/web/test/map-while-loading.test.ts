import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StreamedWhileLoading } from '../src/map/while-loading.js';

// The map loads its view's entities a page at a time while the live stream already runs: a page
// read after the stream opened must give way to what the stream brought, and only to that — a copy
// the map held from an earlier view is older than the page and must not bring a bus back into service.

const bus = (id: string, serviceStatus: string, observedAt: string) => ({
  id,
  type: 'Vehicle',
  serviceStatus,
  observedAt,
});
const change = (
  kind: 'created' | 'updated' | 'deleted',
  entity: { id: string; type: string; [a: string]: unknown },
) => ({
  kind,
  at: '2026-12-07T07:00:00Z',
  ...entity,
});

describe('the map: a view loaded while the stream runs', () => {
  it('lays what the stream brought over the page, attribute by attribute', () => {
    const during = new StreamedWhileLoading();
    during.took(change('updated', { id: 'bus-1', type: 'Vehicle', serviceStatus: 'outOfService' }), 'kept');
    const page = bus('bus-1', 'onRoute', '2026-12-07T06:59:00Z');
    assert.deepEqual(during.over(page), { ...page, serviceStatus: 'outOfService' });
    assert.equal(during.streamed('bus-1'), true);
  });

  it('gives the page the last word over anything the stream did not bring', () => {
    const during = new StreamedWhileLoading();
    const page = bus('bus-2', 'outOfService', '2026-12-07T07:01:00Z');
    assert.deepEqual(during.over(page), page, 'a copy held from before is not consulted');
    assert.equal(during.streamed('bus-2'), false);
  });

  it('keeps out what left its layer on the stream, and takes it back when it comes again', () => {
    const during = new StreamedWhileLoading();
    during.took(change('updated', { id: 'r-1', type: 'ServiceRequest', status: 'open' }), 'kept');
    during.took(change('deleted', { id: 'r-1', type: 'ServiceRequest' }), 'left');
    assert.equal(during.over({ id: 'r-1', type: 'ServiceRequest', status: 'open' }), undefined);
    assert.equal(during.streamed('r-1'), true, 'the page does not make it disappear twice');
    during.took(change('created', { id: 'r-1', type: 'ServiceRequest', status: 'new' }), 'kept');
    assert.deepEqual(during.over({ id: 'r-1', type: 'ServiceRequest', status: 'old' }), {
      id: 'r-1',
      type: 'ServiceRequest',
      status: 'new',
    });
  });

  it('ignores a change of a type no layer draws', () => {
    const during = new StreamedWhileLoading();
    during.took(change('updated', { id: 'x', type: 'Other', a: 1 }), undefined);
    assert.equal(during.streamed('x'), false);
  });

  it("never carries the stream event's own fields onto the entity", () => {
    const during = new StreamedWhileLoading();
    during.took({ ...change('updated', { id: 'bus-3', type: 'Vehicle', speed: 30 }), abridged: true }, 'kept');
    const over = during.over(bus('bus-3', 'onRoute', '2026-12-07T07:00:00Z')) ?? {};
    assert.equal('kind' in over || 'at' in over || 'abridged' in over, false);
    assert.equal((over as { speed?: number }).speed, 30);
  });
});
