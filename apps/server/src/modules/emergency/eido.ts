/**
 * An incident as a NENA Emergency Incident Data Object (EIDO), the JSON another centre's CAD or a field
 * application reads.
 *
 * Followed: NENA-STA-021.1a-2022, the schema `Schema/openapi.yaml` of the NENA EIDO-JSON repository at
 * its tag NENA-STA-021.1a (commit 016f8df, April 2022), and the registries in that standard's section 3.
 * The top level is an `EmergencyIncidentDataObjectType`; every component starts with the common prologue
 * (`$id`, `lastUpdateTimeStamp`, `updatedByAgencyReference`) and points to others by `{ "$ref": <$id> }`.
 *
 * Where that version differs from what one might expect, we follow its text:
 * - there is no `eidoMessageIdentifier`: the document's `$id` is the incident tracking identifier
 *   (`urn:emergency:uid:incidentid:<id>:<centre>`, NENA i3 form), as in the standard's sample;
 * - `incidentComponent` is one object, not a list, and has no `incidentTrackingIdentifier` field of its
 *   own (the document's `$id` is that identifier; `$id`s are unique, so the component's is the same
 *   with ":incident" after it); `internalIncidentId` is our incident number;
 * - the disposition is `incidentComponent.dispositionComponent` (there is none at the top level);
 * - a call has no tracking id or type description: its `$id` is the i3 call identifier and its type is
 *   `standardPrimaryCallType` "emergency"; the caller is a `personComponent` (role "Caller") and the
 *   number a `callbackComponent` with a `tel:` URI;
 * - an emergency resource has no per-status timestamps: its status is the common primary/secondary
 *   status of its latest time, and its dispatch, en route, on scene and clear times are a note.
 *
 * Unsure, and chosen here:
 * - `incidentTypeCommonRegistryText` must come from the Incident Type registry (APCO ANS 2.103 codes);
 *   an incident type whose code is not one is sent as TROUBLE ("Unknown Type Trouble"), its own code
 *   kept in `incidentTypeInternalCode`, unless the caller names the common code;
 * - `incidentCommonPriorityNumber` is left out: the standard does not say on what scale;
 * - `agencyType` should come from the IANA urn:emergency:service:responder registry: police, fire and
 *   ems are in it, the centre is "psap" as in the standard's sample, civil defence has no entry and is
 *   written "civil_defence";
 * - `callStartTimestamp` is the time the call was answered (the ring time is not recorded), and a
 *   logged call's state is "callAnswered";
 * - the common disposition codes (APCO ANS 1.111.2) are the nearest to ours (see DISPOSITION_CODES);
 * - emergency resources need `agentReference`; we list no agents (accounts stay inside the centre), so
 *   it is empty.
 * Times are ISO 8601 in Hanoi time with the +07:00 offset.
 */
import { hanoiIso as hanoiIsoAt } from '../../platform/hanoi-time.js';
import type {
  Agency,
  Call,
  Disposition,
  IncidentRecord,
  IncidentStatus,
  LonLat,
  UnitKind,
  UnitResponse,
} from './model.js';

export interface EidoOptions {
  /** The centre's name, written into its agency's jCard. */
  readonly agencyName: string;
  /** The centre's NENA-style identifier (a domain, e.g. "112.hanoi.gov.vn"), the issuing element. */
  readonly centreId: string;
  /** The incident type's name, e.g. "Cháy nhà ở". */
  readonly typeText?: string;
  /** The Incident Type registry code of the incident's type, when it has one different from its own code. */
  readonly commonTypeCode?: string;
}

type Ref = { readonly $ref: string };
type Component = Record<string, unknown> & { readonly $id: string };

/** "2026-12-04T08:00:00+07:00": Hanoi time, the offset spelt out; milliseconds only when there are some. */
export function hanoiIso(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`not a date-time: ${iso}`);
  return hanoiIsoAt(t);
}

/** The Incident Type registry of NENA-STA-021.1a (APCO ANS 2.103.2-2019 codes). */
export const COMMON_INCIDENT_TYPES: ReadonlySet<string> = new Set(
  (
    'NONEMERG 911H 911OPN ABDOM ABDUCTF ABDUCTNF ABUSE ACCIND ACTSHOOT ADMIN AIR AIRINC ALIEN ALLERGIC ALMA ALMB ' +
    'ALMH ALMR ALRBA ALRBOX ALRBS ALRCO ALRCO2 ALRDEFIB ALRF ALRGAS ALRHEAT ALRKPAD ALRMED ALRNGAS ALRPANA ALRPANS ' +
    'ALRPROPN ALRPULL ALRROBA ALRROBS ALRU ALRVEH ALRWTR ALS ANIMAL ASSAULT ASSIST ATL BACK BARICADE BIO BITE ' +
    'BLDCLPSE BLEEDING BLS BOMB BRGCLPSE BURGLARY BURN CARDIAC CARJACK CDX CHEMICAL CHESPAIN CHOKE CITASST CIVDIS ' +
    'CIVIL CNTRFT COURT CRIMPS CRIMTRAF CRWD CU1 CU2 CU3 CURFEW CUST DEATH DEATHNTF DIABETIC DISORD DISVEH DMPX ' +
    'DROWN DRUGPAR DRUGS DUI DVA DVNA EDP ELEC ELECHZD ELUDING ENTRAP ESCAPE EXPLOS EXPOSURE EXTORT EYE FAIRC FALL ' +
    'FAM FAPT FARSON FAS FASX FBRUSH FELEC FFUEL FIGHT FIREWRKS FMARINE FORCENTR FOTHER FRAUD FREPORT FSMOKE FSTRU ' +
    'FTRAILER FTRAIN FTRASH FTRUCK FUNK FVEH GASLEAK GASLEAKI GASLEAKO HARR HATE HAZ HAZMAT HEADACHE HEMRG HLP1 ' +
    'HLP2 HOLD HOMICIDE HOSTAGE IMP INDECENT INFO INTERNET INTOX INVEST JUV LARCENY LIQUOR MAJORINC MAYDAY MCI ' +
    'MISBOATR MISCON MNTL MTLV MVA MVAHR MVAINJY MVAUNK MVCP NCIC NCRASLTWF NCRCPRF NCRELEV NCRFACTR NCRMUAIDF ' +
    'NCRNDE NCRNONE NCRTASKFORCE NCRTESTF NCRTRANS NEGLECT NOISE OD ODOR OPEN ORDERV PANDEMIC PARKING PERFND ' +
    'PERMISS PERSUSP PERUNCON PERWANT PHANDLE PREG PROPFND PROPLOST PROPSTLN PROW PUBWKS PURSUIT RADIAT RECKDRV ' +
    'REPO RESCUE RESIST RESP RESPARR ROBBERY RUNAWAY SAR SCH SCRM SEIZURE SEXOFFNS SHOOT SHOPLIFT SICK SLMP ' +
    'SMOKING SOL STABBING STDBY STKX STROKE SUBJSTP SUICIDE SUICTHRT SUSP TERROR THAZ THREATS TOW TRAIN TRAINDRL ' +
    'TRANSFER TRAUMA TRAUMAP TRESPASS TROUBLE TRUANT TSTOP VAG VANDAL VEHABND VEHASST VEHLOCK VEHREC VEHSTLN ' +
    'VEHSUSP VICE WARRANT WATER WEAPON WELFARE WILDLIFE WIRES XTRICATE'
  ).split(' '),
);

/** Our dispositions as APCO ANS 1.111.2 common disposition codes (the EIDO registry's values). */
export const DISPOSITION_CODES: Readonly<Record<Disposition, string>> = {
  resolved: '18', // Assignment Completed/Settled By Contact
  transported: '45', // Patient Treated, Transported by EMS
  treated_no_transport: '43', // Patient Treated, Released (Without Transport)
  report_taken: '01', // Report Taken
  arrest: '03', // Arrest
  false_alarm: '17', // False Alarm
  unfounded: '02', // No Report Taken
  gone_on_arrival: '14', // Gone On Arrival (GOA)/Unable To Locate (UATL)
  cancelled: '10', // Event Cancelled
  transferred: '15', // Referred to partner agency
  duplicate: '22', // Cancelled - Duplicate Call
};

/** Incident Status-Common registry values for our statuses. */
function commonIncidentStatus(status: IncidentStatus, disposition: Disposition | undefined): string[] {
  switch (status) {
    case 'pending':
      return ['Active'];
    case 'dispatched':
      return ['Active', 'ResourcesAssigned'];
    case 'on_scene':
      return ['Active', 'ResourcesOnscene'];
    case 'closed':
      return [disposition === 'cancelled' || disposition === 'duplicate' ? 'Cancelled' : 'Closed'];
  }
}

/** Emergency Resource Type-Common registry values for our unit kinds. */
const RESOURCE_TYPES: Readonly<Record<UnitKind, string>> = {
  fire_engine: 'StructureFireEngineType1',
  ladder_truck: 'FireTruckLadder',
  rescue_team: 'HeavyRescue',
  // Hanoi's 115 ambulances carry a doctor: advanced life support.
  ambulance: 'GroundALSAmbulance',
  police_patrol: 'PatrolUnit',
};

/** IANA urn:emergency:service:responder names (without the prefix) for our agencies. */
const AGENCY_TYPES: Readonly<Record<Agency, string>> = {
  police: 'police',
  fire: 'fire',
  medical: 'ems',
  civil_defence: 'civil_defence',
};

/** A unit's latest time as Primary and Secondary Unit Status-Common, and our own word for it. */
function unitStatus(r: UnitResponse): { primary: string; secondary: string[]; internal: string } {
  if (r.clearedAt) return { primary: 'Available', secondary: ['Cleared'], internal: 'cleared' };
  if (r.onSceneAt) return { primary: 'NotAvailable', secondary: ['Arrived'], internal: 'on_scene' };
  if (r.enRouteAt) return { primary: 'NotAvailable', secondary: ['EnRoute'], internal: 'en_route' };
  return { primary: 'NotAvailable', secondary: ['Dispatched'], internal: 'dispatched' };
}

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A PIDF-LO (RFC 4119 / 5491) holding a WGS 84 point, gml:pos being "lat lon". */
function pidfPoint(entity: string, [lon, lat]: LonLat, at: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" ` +
    `xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:gml="http://www.opengis.net/gml" entity="${xml(entity)}">` +
    `<dm:device id="location"><gp:geopriv><gp:location-info>` +
    `<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>${lat} ${lon}</gml:pos></gml:Point>` +
    `</gp:location-info><gp:usage-rules/></gp:geopriv><dm:timestamp>${at}</dm:timestamp></dm:device></presence>`
  );
}

/** A jCard (RFC 7095) naming an organisation. */
const jcard = (name: string) =>
  JSON.stringify([
    'vcard',
    [
      ['version', {}, 'text', '4.0'],
      ['fn', {}, 'text', name],
      ['kind', {}, 'text', 'org'],
    ],
  ]);

/** A number that can be dialled back, as a tel: URI; a masked one cannot. */
function telUri(phone: string): string | undefined {
  if (!/^\+?[\d\s().-]{3,}$/.test(phone)) return undefined;
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/**
 * Notes are HTML5 text: NENA-STA-021.1a §2.15 defines `notesActionComments` as "in HTML5 format", so a
 * receiving CAD may render it as HTML. Plain words are escaped once (and line breaks made <br>) so they
 * read there as written and carry no markup; other fields (names, addresses) are plain text, unescaped.
 */
const html = (text: string) => xml(text).replaceAll('\n', '<br>');

function latest(times: readonly (string | undefined)[]): string {
  let best: string | undefined;
  let bestAt = -Infinity;
  for (const t of times) {
    if (t === undefined) continue;
    const at = Date.parse(t);
    if (!Number.isNaN(at) && at > bestAt) {
      best = t;
      bestAt = at;
    }
  }
  if (best === undefined) throw new RangeError('an incident record with no time');
  return best;
}

/**
 * The address as called in, then the street and the ward looked up, each once: a part the address already
 * says (a segment of it, or its end, "12 Hàng Bạc" saying the street Hàng Bạc) is not said again. A segment
 * says one part only: a ward named as its street is still said after "12 Hàng Bạc".
 */
export function civicWords(address?: string, street?: string, ward?: string): string | undefined {
  const said = (address ?? '')
    .split(',')
    .map((s) => s.trim().toLocaleLowerCase('vi'))
    .filter(Boolean);
  const words = address?.trim() ? [address.trim()] : [];
  for (const part of [street, ward]) {
    const p = part?.trim();
    if (!p) continue;
    const lower = p.toLocaleLowerCase('vi');
    const at = said.findIndex((s) => s === lower || s.endsWith(` ${lower}`));
    if (at >= 0) said.splice(at, 1);
    else {
      words.push(p);
      said.push(lower);
    }
  }
  return words.length > 0 ? words.join(', ') : undefined;
}

/** The incident as an EIDO (NENA-STA-021.1a); pure: the same record gives the same document. */
export function toEido(record: IncidentRecord, opts: EidoOptions): Record<string, unknown> {
  const { incident, calls, responses, timeline } = record;
  const centre = opts.centreId;
  const trackingId = `urn:emergency:uid:incidentid:${incident.id}:${centre}`;
  const centreRef: Ref = { $ref: centre };
  const agencyId = (agency: Agency) => `${agency}.${centre}`;
  const prologue = ($id: string, at: string): Component => ({
    $id,
    lastUpdateTimeStamp: hanoiIso(at),
    updatedByAgencyReference: centreRef,
  });
  const updatedAt = latest([
    incident.createdAt,
    incident.closedAt,
    incident.escalatedAt,
    ...calls.map((c) => c.loggedAt),
    ...responses.flatMap((r) => [r.dispatchedAt, r.enRouteAt, r.onSceneAt, r.clearedAt]),
    ...timeline.map((e) => e.at),
  ]);

  const notes: Component[] = [];
  const note = (id: string, at: string, text: string): Ref => {
    const $id = `${trackingId}:note:${id}`;
    notes.push({ ...prologue($id, at), notesActionComments: html(text) });
    return { $ref: $id };
  };

  const locations: Component[] = [];
  const location = (id: string, kind: string, where: LonLat, at: string, text?: string): Ref => {
    const $id = `${trackingId}:location:${id}`;
    locations.push({
      ...prologue($id, at),
      locationTypeDescriptionRegistryText: kind,
      locationByValue: pidfPoint(trackingId, where, hanoiIso(at)),
      ...(text ? { locationDescriptionText: text } : {}),
    });
    return { $ref: $id };
  };

  // The incident.
  const incidentLocation = location(
    'incident',
    'CurrentIncident',
    incident.location,
    incident.createdAt,
    civicWords(incident.address, incident.street, incident.ward),
  );
  const incidentNotes = timeline.flatMap((e) =>
    e.kind === 'note' && typeof e.detail.text === 'string'
      ? [note(e.id, e.at, e.detail.text)]
      : e.kind === 'transfer'
        ? [note(e.id, e.at, transferText(e.detail))]
        : [],
  );
  const commonType =
    opts.commonTypeCode ?? (COMMON_INCIDENT_TYPES.has(incident.typeCode) ? incident.typeCode : 'TROUBLE');
  const incidentComponent: Component = {
    ...prologue(`${trackingId}:incident`, updatedAt),
    incidentTypeInternalCode: incident.typeCode,
    ...(opts.typeText ? { incidentTypeInternalText: opts.typeText } : {}),
    incidentTypeCommonRegistryText: commonType,
    incidentStatusInternalText: [incident.status],
    incidentStatusCommonRegistryText: commonIncidentStatus(incident.status, incident.disposition),
    internalIncidentId: incident.number,
    incidentPriorityInternalText: `P${incident.priority}`,
    ...(incident.ward ? { beatOrDispatchGroupText: incident.ward } : {}),
    locationReference: [incidentLocation],
    ...(incident.disposition
      ? {
          dispositionComponent: [
            {
              ...prologue(`${trackingId}:disposition`, incident.closedAt ?? updatedAt),
              dispositionCommonRegistryCode: DISPOSITION_CODES[incident.disposition],
              dispositionPrimaryIndicator: true,
              dispositionDescriptionText: incident.disposition,
            },
          ],
        }
      : {}),
    ...(incidentNotes.length > 0 ? { notesReference: incidentNotes } : {}),
  };

  // The calls, each with its caller and the number to call back.
  const callbacks: Component[] = [];
  const persons: Component[] = [];
  const callComponent = [...calls]
    .sort((a, b) => Date.parse(a.answeredAt) - Date.parse(b.answeredAt))
    .map((c: Call): Component => {
      const callId = `urn:emergency:uid:callid:${c.id}:${centre}`;
      const tel = telUri(c.phone);
      let callBack: Ref | undefined;
      if (tel) {
        const $id = `${trackingId}:callback:${c.id}`;
        callbacks.push({ ...prologue($id, c.loggedAt), callBackInformationUri: [tel] });
        callBack = { $ref: $id };
      }
      const personId = `${trackingId}:person:${c.id}`;
      persons.push({
        ...prologue(personId, c.loggedAt),
        personIncidentRoleRegistryText: ['Caller'],
        callIdentifier: [callId],
        ...(c.callerName ? { ncPersonComponent: { name: [{ personFullName: [{ value: c.callerName }] }] } } : {}),
        ...(callBack ? { callBackReference: callBack } : {}),
      });
      const callNotes = c.text.trim() ? [note(`call:${c.id}`, c.loggedAt, c.text)] : [];
      return {
        ...prologue(callId, c.loggedAt),
        standardPrimaryCallType: 'emergency',
        direction: 'incoming',
        callStartTimestamp: hanoiIso(c.answeredAt),
        answerDate: hanoiIso(c.answeredAt),
        callStateRegistryText: 'callAnswered',
        ...(callBack ? { callBackReference: callBack } : {}),
        locationReference: [location(`call:${c.id}`, 'Caller', c.location, c.loggedAt, c.address)],
        personReference: [{ $ref: personId }],
        ...(callNotes.length > 0 ? { notesReference: callNotes } : {}),
      };
    });

  // The units sent, and a dispatch per agency that sent them.
  const resourceId = (r: UnitResponse) => `${trackingId}:resource:${r.unitId}`;
  const emergencyResourceComponent = responses.map((r): Component => {
    const status = unitStatus(r);
    const times: [string, string | undefined][] = [
      ['dispatched', r.dispatchedAt],
      ['en route', r.enRouteAt],
      ['on scene', r.onSceneAt],
      ['cleared', r.clearedAt],
    ];
    const history = times.flatMap(([what, at]) => (at === undefined ? [] : [`${what} ${hanoiIso(at)}`])).join('; ');
    const last = latest(times.map((t) => t[1]));
    return {
      ...prologue(resourceId(r), last),
      emergencyResourceTypeCommonRegistryText: RESOURCE_TYPES[r.kind],
      emergencyResourceTypeInternalText: r.kind,
      resourceAttributeRegistryText: [],
      emergencyResourceName: r.callSign ?? r.unitId,
      primaryUnitStatusRegistryText: status.primary,
      secondaryUnitStatusRegistryText: status.secondary,
      unitStatusInternal: [status.internal],
      agentReference: [],
      notesReference: [note(`unit:${r.unitId}`, last, `${r.callSign ?? r.unitId}: ${history}`)],
    };
  });
  const sentBy = new Map<Agency, UnitResponse[]>();
  for (const r of responses) sentBy.set(r.agency, [...(sentBy.get(r.agency) ?? []), r]);
  const dispatchComponent = [...sentBy].map(([agency, units]): Component => ({
    ...prologue(`${trackingId}:dispatch:${agency}`, latest(units.map((u) => u.dispatchedAt))),
    agencyReference: { $ref: agencyId(agency) },
    emergencyResourceReference: units.map((u) => ({ $ref: resourceId(u) })),
  }));

  // The centre that took the call and dispatched, and every agency involved.
  const involved = [
    ...new Set<Agency>([
      ...incident.agencies,
      ...sentBy.keys(),
      ...(incident.transferredTo ? [incident.transferredTo] : []),
    ]),
  ];
  const agencyComponent: Component[] = [
    {
      ...prologue(centre, incident.createdAt),
      agencyJcard: jcard(opts.agencyName),
      agencyRoleDescriptionRegistryText: ['CallReceiving', 'Dispatching'],
      agencyType: ['psap'],
      incidentOwningAgencyIndicator: true,
    },
    ...involved.map((agency): Component => ({
      ...prologue(agencyId(agency), incident.createdAt),
      agencyRoleDescriptionRegistryText: [
        incident.transferredTo === agency ? 'TransferredTo' : sentBy.has(agency) ? 'Dispatched' : 'Assisting',
      ],
      agencyType: [AGENCY_TYPES[agency]],
      incidentOwningAgencyIndicator: false,
    })),
  ];

  const optional = (name: string, list: readonly Component[]) => (list.length > 0 ? { [name]: list } : {});
  return {
    ...prologue(trackingId, updatedAt),
    eidoVersion: '1.0',
    issuingElementIdentification: centre,
    incidentComponent,
    ...optional('callComponent', callComponent),
    ...optional('callbackComponent', callbacks),
    ...optional('dispatchComponent', dispatchComponent),
    agencyComponent,
    ...optional('notesComponent', notes),
    ...optional('locationComponent', locations),
    ...optional('personComponent', persons),
    ...optional('emergencyResourceComponent', emergencyResourceComponent),
    '@context': { '@vocab': './JSON-LD_Contexts/EmergencyIncidentDataObjectType.jsonld' },
  };
}

/** A transfer as a note: to which agency, why, and who took it there. */
function transferText(detail: Readonly<Record<string, unknown>>): string {
  const said = (key: string) => (typeof detail[key] === 'string' ? detail[key] : undefined);
  return [
    `Transferred to ${said('agency') ?? 'another agency'}: ${said('reason') ?? ''}`.trim(),
    said('acceptedBy') ? `Accepted by ${said('acceptedBy')}.` : undefined,
    said('reference') ? `Receiving centre's reference: ${said('reference')}.` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
