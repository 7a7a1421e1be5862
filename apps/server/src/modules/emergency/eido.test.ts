import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { civicWords, hanoiIso, toEido } from './eido.js';
import type { IncidentRecord } from './model.js';

const opts = { agencyName: 'Trung tâm chỉ huy 112 Hà Nội', centreId: '112.hanoi.example' };

/** A house fire with two callers, an engine that cleared and an ambulance still on scene, closed. */
function houseFire(over: Partial<IncidentRecord['incident']> = {}): IncidentRecord {
  return {
    incident: {
      id: 'inc-7',
      number: '2026-000007',
      typeCode: 'FSTRU',
      group: 'fire_rescue',
      priority: 1,
      agencies: ['fire', 'medical'],
      status: 'closed',
      location: [105.8523, 21.0287],
      address: '12 Hàng Bạc',
      street: 'Hàng Bạc',
      ward: 'Hàng Bạc',
      createdAt: '2026-12-04T01:00:40Z',
      closedAt: '2026-12-04T02:10:00.250Z',
      disposition: 'resolved',
      ...over,
    },
    calls: [
      {
        id: 'call-1',
        incidentId: 'inc-7',
        phone: '0912 345 678',
        callerName: 'Nguyễn Văn An',
        answeredAt: '2026-12-04T01:00:00Z',
        loggedAt: '2026-12-04T01:00:35Z',
        language: 'vi',
        text: 'Khói <đen> từ tầng 2 & có người kẹt',
        location: [105.8521, 21.0286],
        address: '12 Hàng Bạc',
      },
      {
        id: 'call-2',
        incidentId: 'inc-7',
        phone: '09•• ••• 321',
        answeredAt: '2026-12-04T01:02:00Z',
        loggedAt: '2026-12-04T01:02:20Z',
        language: 'vi',
        text: '',
        location: [105.8525, 21.0289],
      },
    ],
    responses: [
      {
        unitId: 'ch-03-e1',
        callSign: 'CH-03-E1',
        kind: 'fire_engine',
        agency: 'fire',
        dispatchedAt: '2026-12-04T01:01:10Z',
        enRouteAt: '2026-12-04T01:02:25Z',
        onSceneAt: '2026-12-04T01:06:00Z',
        clearedAt: '2026-12-04T02:00:00Z',
      },
      {
        unitId: 'a115-02',
        callSign: 'A115-02',
        kind: 'ambulance',
        agency: 'medical',
        dispatchedAt: '2026-12-04T01:01:30Z',
        enRouteAt: '2026-12-04T01:02:00Z',
        onSceneAt: '2026-12-04T01:08:00Z',
      },
    ],
    timeline: [
      {
        id: 'ev-9',
        incidentId: 'inc-7',
        at: '2026-12-04T01:20:00Z',
        kind: 'note',
        actor: 'dispatcher-1',
        detail: { text: 'Đã khống chế đám cháy' },
      },
    ],
  };
}

type Doc = Record<string, unknown>;
const list = (doc: Doc, key: string) => {
  const value = doc[key];
  assert.ok(Array.isArray(value), `${key} is a list`);
  return value as Doc[];
};

/** Every string that names a time, wherever it sits in the document. */
function timesIn(value: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => timesIn(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/TimeStamp$|Timestamp$|^answerDate$/.test(k)) out.push([`${path}.${k}`, v as string]);
      else timesIn(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/** The text an HTML5 reader shows for the few things toEido writes: the four entities and line breaks. */
const htmlText = (html: string) =>
  html
    .replaceAll('<br>', '\n')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');

describe('emergency EIDO export', () => {
  it('writes Hanoi time with its offset', () => {
    assert.equal(hanoiIso('2026-12-04T01:00:00Z'), '2026-12-04T08:00:00+07:00');
    assert.equal(hanoiIso('2026-12-04T20:30:00.250Z'), '2026-12-05T03:30:00.250+07:00');
    assert.equal(hanoiIso('2026-12-04T08:00:00+07:00'), '2026-12-04T08:00:00+07:00');
  });

  it('has the required top-level parts of an EmergencyIncidentDataObjectType', () => {
    const doc = toEido(houseFire(), opts);
    assert.equal(doc.$id, 'urn:emergency:uid:incidentid:inc-7:112.hanoi.example');
    assert.equal(doc.eidoVersion, '1.0');
    assert.equal(doc.issuingElementIdentification, '112.hanoi.example');
    assert.deepEqual(doc.updatedByAgencyReference, { $ref: '112.hanoi.example' });
    // The last thing that happened: the close, 02:10:00.250Z.
    assert.equal(doc.lastUpdateTimeStamp, '2026-12-04T09:10:00.250+07:00');
    for (const key of [
      'callComponent',
      'agencyComponent',
      'locationComponent',
      'emergencyResourceComponent',
      'notesComponent',
    ]) {
      assert.ok(list(doc, key).length > 0, key);
    }
    assert.equal(typeof doc.incidentComponent, 'object');
  });

  it('writes every time in ISO 8601 with the +07:00 offset', () => {
    const times = timesIn(toEido(houseFire(), opts));
    assert.ok(times.length > 15, 'times.length > 15');
    for (const [path, value] of times) {
      assert.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+07:00$/, path);
    }
  });

  it('gives every component a unique $id and every $ref a target', () => {
    const doc = toEido(houseFire(), opts);
    const ids: string[] = [];
    const refs: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$id') ids.push(x as string);
          else if (k === '$ref') refs.push(x as string);
          else walk(x);
        }
      }
    };
    walk(doc);
    assert.equal(new Set(ids).size, ids.length, 'no $id twice');
    for (const ref of refs) assert.ok(ids.includes(ref), `${ref} points at a component`);
  });

  it('describes the incident: type codes, status, priority, ward, place and disposition', () => {
    const doc = toEido(houseFire(), { ...opts, typeText: 'Cháy nhà ở' });
    const incident = doc.incidentComponent as Doc;
    assert.equal(incident.incidentTypeInternalCode, 'FSTRU');
    assert.equal(incident.incidentTypeInternalText, 'Cháy nhà ở');
    assert.equal(incident.incidentTypeCommonRegistryText, 'FSTRU');
    assert.deepEqual(incident.incidentStatusCommonRegistryText, ['Closed']);
    assert.equal(incident.internalIncidentId, '2026-000007');
    assert.equal(incident.incidentPriorityInternalText, 'P1');
    assert.equal(incident.beatOrDispatchGroupText, 'Hàng Bạc');
    const [disposition] = list(incident, 'dispositionComponent');
    assert.equal(disposition?.dispositionCommonRegistryCode, '18');

    const place = list(doc, 'locationComponent').find(
      (l) => l.locationTypeDescriptionRegistryText === 'CurrentIncident',
    );
    assert.ok(place, 'place');
    assert.deepEqual(incident.locationReference, [{ $ref: place.$id }]);
    assert.equal(place.locationDescriptionText, '12 Hàng Bạc, Hàng Bạc');
    // GML puts latitude first.
    assert.match(
      place.locationByValue as string,
      /srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>21\.0287 105\.8523<\/gml:pos>/,
    );

    // A code outside the common registry keeps its own code and is sent as an unknown-type trouble.
    const local = toEido(houseFire({ typeCode: 'STRFIRE', status: 'on_scene', disposition: undefined }), opts);
    const localIncident = local.incidentComponent as Doc;
    assert.equal(localIncident.incidentTypeInternalCode, 'STRFIRE');
    assert.equal(localIncident.incidentTypeCommonRegistryText, 'TROUBLE');
    assert.deepEqual(localIncident.incidentStatusCommonRegistryText, ['Active', 'ResourcesOnscene']);
    assert.equal(localIncident.dispositionComponent, undefined);
  });

  it('lists each call with its start, its caller as the record carries them, and a number to call back', () => {
    const doc = toEido(houseFire(), opts);
    const calls = list(doc, 'callComponent');
    assert.equal(calls.length, 2);
    const first = calls[0]!;
    assert.equal(first.$id, 'urn:emergency:uid:callid:call-1:112.hanoi.example');
    assert.equal(first.callStartTimestamp, '2026-12-04T08:00:00+07:00');
    assert.equal(first.direction, 'incoming');
    const person = list(doc, 'personComponent').find((p) => p.$id === (first.personReference as Doc[])[0]?.$ref);
    assert.ok(person, 'person');
    assert.deepEqual(person.personIncidentRoleRegistryText, ['Caller']);
    assert.deepEqual(person.ncPersonComponent, { name: [{ personFullName: [{ value: 'Nguyễn Văn An' }] }] });
    const callback = list(doc, 'callbackComponent').find((c) => c.$id === (first.callBackReference as Doc).$ref);
    assert.deepEqual(callback?.callBackInformationUri, ['tel:0912345678']);
    // The caller's words as HTML5 text, which notesActionComments is (NENA-STA-021.1a §2.15): escaped
    // once, so a receiving CAD that renders the note shows the words as said and runs no markup of theirs.
    const words = list(doc, 'notesComponent').find((n) => n.$id === (first.notesReference as Doc[])[0]?.$ref);
    assert.equal(words?.notesActionComments, 'Khói &lt;đen&gt; từ tầng 2 &amp; có người kẹt');
    assert.equal(htmlText(String(words?.notesActionComments)), 'Khói <đen> từ tầng 2 & có người kẹt');

    // A number masked for this reader is not made into something to dial.
    const second = calls[1]!;
    assert.equal(second.callBackReference, undefined);
    assert.equal(list(doc, 'callbackComponent').length, 1);
  });

  it('lists each unit with its common type and status, its times in a note, and the agencies involved', () => {
    const doc = toEido(houseFire(), opts);
    const units = list(doc, 'emergencyResourceComponent');
    const engine = units.find((u) => u.emergencyResourceName === 'CH-03-E1');
    const ambulance = units.find((u) => u.emergencyResourceName === 'A115-02');
    assert.ok(engine && ambulance, 'engine && ambulance');
    assert.equal(engine.emergencyResourceTypeCommonRegistryText, 'StructureFireEngineType1');
    assert.equal(engine.primaryUnitStatusRegistryText, 'Available');
    assert.deepEqual(engine.secondaryUnitStatusRegistryText, ['Cleared']);
    assert.equal(engine.lastUpdateTimeStamp, '2026-12-04T09:00:00+07:00');
    assert.equal(ambulance.primaryUnitStatusRegistryText, 'NotAvailable');
    assert.deepEqual(ambulance.secondaryUnitStatusRegistryText, ['Arrived']);
    const history = list(doc, 'notesComponent').find((n) => n.$id === (engine.notesReference as Doc[])[0]?.$ref);
    assert.equal(
      history?.notesActionComments,
      'CH-03-E1: dispatched 2026-12-04T08:01:10+07:00; en route 2026-12-04T08:02:25+07:00; ' +
        'on scene 2026-12-04T08:06:00+07:00; cleared 2026-12-04T09:00:00+07:00',
    );

    const agencies = list(doc, 'agencyComponent');
    const centre = agencies[0]!;
    assert.equal(centre.$id, '112.hanoi.example');
    assert.equal(centre.incidentOwningAgencyIndicator, true);
    assert.match(centre.agencyJcard as string, /Trung tâm chỉ huy 112 Hà Nội/);
    assert.deepEqual(
      agencies.slice(1).map((a) => [a.agencyType, a.agencyRoleDescriptionRegistryText]),
      [
        [['fire'], ['Dispatched']],
        [['ems'], ['Dispatched']],
      ],
    );
    assert.equal(list(doc, 'dispatchComponent').length, 2);
    const note = list(doc, 'notesComponent').find((n) => n.notesActionComments === 'Đã khống chế đám cháy');
    assert.ok(note, 'the dispatcher note is exported');
  });

  it("carries a dispatcher's note as written, read back from its HTML5 text: marks, quotes and lines kept, no markup of its own", () => {
    const written = 'Bà "Hoa" <82 tuổi> & tiểu đường\nGọi lại: 0912 345 678';
    const record = houseFire();
    const noted = {
      ...record,
      timeline: [
        ...record.timeline,
        {
          id: 'n9',
          incidentId: record.incident.id,
          at: '2026-12-04T08:30:00Z',
          kind: 'note' as const,
          actor: 'dispatcher',
          detail: { text: written },
        },
      ],
    };
    const doc = toEido(noted, opts);
    const note = list(doc, 'notesComponent').find((n) => String(n.$id).endsWith(':note:n9'));
    const html = String(note?.notesActionComments);
    assert.equal(htmlText(html), written, 'the words round-trip');
    assert.doesNotMatch(html.replaceAll('<br>', ''), /[<>"]/, 'nothing in it is markup but the line break');
  });

  it('exports a pending incident with no unit yet', () => {
    const record = houseFire({ status: 'pending', closedAt: undefined, disposition: undefined });
    const doc = toEido({ ...record, responses: [], timeline: [] }, opts);
    assert.equal(doc.emergencyResourceComponent, undefined);
    assert.equal(doc.dispatchComponent, undefined);
    assert.deepEqual((doc.incidentComponent as Doc).incidentStatusCommonRegistryText, ['Active']);
    // Without units the latest time is the second call's logging.
    assert.equal(doc.lastUpdateTimeStamp, '2026-12-04T08:02:20+07:00');
    assert.equal(list(doc, 'agencyComponent').length, 3, 'the centre, fire and medical (assisting)');
  });

  it('says the place once: the street and ward looked up only where the address does not say them', () => {
    const address = 'ngõ 12, Phố Hàng Bông, Phường Hoàn Kiếm';
    assert.equal(civicWords(address, 'Phố Hàng Bông', 'Phường Hoàn Kiếm'), address);
    assert.equal(civicWords('ngõ 12', 'Phố Hàng Bông', 'Phường Hoàn Kiếm'), 'ngõ 12, Phố Hàng Bông, Phường Hoàn Kiếm');
    assert.equal(civicWords('12 Hàng Bạc', 'Hàng Bạc', 'Hàng Bạc'), '12 Hàng Bạc, Hàng Bạc');
    assert.equal(civicWords(undefined, 'Hàng Bạc', 'Hàng Bạc'), 'Hàng Bạc');
    assert.equal(civicWords(undefined, undefined, undefined), undefined);
    const doc = toEido(
      {
        ...houseFire(),
        incident: { ...houseFire().incident, address, street: 'Phố Hàng Bông', ward: 'Phường Hoàn Kiếm' },
      },
      opts,
    );
    const place = list(doc, 'locationComponent').find(
      (l) => l.locationTypeDescriptionRegistryText === 'CurrentIncident',
    );
    assert.equal(place?.locationDescriptionText, address);
  });
});
