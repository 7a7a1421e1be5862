import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../platform/auth/index.js';
import { problems } from '../../platform/errors.js';
import { problemLanguageOf } from '../../platform/http/problem-language.js';
import { Document, List, NoContent } from '../../platform/http/schemas.js';
import { readerOf } from '../../platform/personal-data/index.js';
import { toEido } from './eido.js';
import { intervalReport, intervalReportCsv } from './intervals.js';
import { reversePlace, suggestPlaces } from './places.js';
import {
  AgencySchema,
  CallBodySchema,
  CallSchema,
  DispositionSchema,
  DuplicateSchema,
  HospitalCapabilitiesSchema,
  HospitalSchema,
  HospitalsByTimeSchema,
  IncidentDetailSchema,
  IncidentSchema,
  IncidentSummarySchema,
  IncidentTypeSchema,
  PlaceSchema,
  PrioritySchema,
  RecommendationSchema,
  ReversePlaceSchema,
  StationSchema,
  IntervalReportSchema,
  UnitBodySchema,
  UnitSchema,
  UnitStatusSchema,
} from './schemas.js';
import { MAX_BEDS_FREE, type EmergencyService } from './service.js';

/** The emergency centre's API: thin routes over the service, each stating its permission. */

const read = { access: { permission: 'emergency:read' as const } };
const write = { access: { permission: 'emergency:write' as const } };
const report = { access: { permission: 'emergency:report' as const } };
const tags = ['Emergency'];
const BASE = '/api/v1/emergency';
const IncidentId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const UnitId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Ok = Type.Object({ ok: Type.Literal(true) });

const actor = (request: FastifyRequest) => principalOf(request).name ?? principalOf(request).id ?? 'unknown';

/** A report's period: both ends, from before to, at most a year (default: the last 30 days). */
function periodOf(q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const to = q.to === undefined ? new Date() : new Date(q.to);
  const from = q.from === undefined ? new Date(to.getTime() - 30 * 86_400_000) : new Date(q.from);
  if (!(from < to) || to.getTime() - from.getTime() > 366 * 86_400_000) {
    throw problems.badRequest('EMERGENCY_PERIOD_INVALID', 'from is before to, at most a year apart.');
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

export async function emergencyRoutes(
  fastify: FastifyInstance,
  { centre, agencyName }: { centre: EmergencyService; agencyName: string },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    `${BASE}/incident-types`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The common list of incident types, with run cards and procedures',
        response: { 200: Type.Object({ types: List(IncidentTypeSchema) }) },
      },
    },
    async () => ({ types: centre.types() }),
  );

  app.get(
    `${BASE}/places`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Streets and wards matching what the call-taker types (Vietnamese marks ignored)',
        querystring: Type.Object({
          q: Type.String({ maxLength: 200 }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
        }),
        response: { 200: Type.Object({ places: List(PlaceSchema) }) },
      },
    },
    async (request) => ({ places: suggestPlaces(request.query.q, request.query.limit ?? 10) }),
  );

  app.get(
    `${BASE}/places/reverse`,
    {
      config: read,
      schema: {
        tags,
        summary: 'The ward and nearest street of a point; 400 outside the city',
        querystring: Type.Object({ lon: Lon, lat: Lat }),
        response: { 200: ReversePlaceSchema },
      },
    },
    async (request) => reversePlace([request.query.lon, request.query.lat]),
  );

  app.get(
    `${BASE}/duplicates`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Open incidents of a compatible type near a point, created recently: proposed for linking',
        querystring: Type.Object({ lon: Lon, lat: Lat, type: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: Type.Object({ incidents: List(DuplicateSchema) }) },
      },
    },
    async (request) => ({
      incidents: await centre.duplicates(request.tenant, [request.query.lon, request.query.lat], request.query.type),
    }),
  );

  app.post(
    `${BASE}/calls`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Logs a call: a new incident, or joining an open one (linkTo)',
        body: CallBodySchema,
        response: {
          201: Type.Object({ call: CallSchema, incident: IncidentSchema, duplicates: List(DuplicateSchema) }),
        },
      },
    },
    async (request, reply) => {
      const out = await centre.logCall(request.tenant, actor(request), request.body, readerOf(request));
      return reply.code(201).send(out);
    },
  );

  app.get(
    `${BASE}/incidents`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Incidents; open ones most urgent first, then oldest',
        querystring: Type.Object({
          status: Type.Optional(Type.Enum(['open', 'closed', 'all'], { default: 'open' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
        }),
        response: { 200: Type.Object({ incidents: List(IncidentSummarySchema) }) },
      },
    },
    async (request) => ({
      incidents: await centre.listIncidents(request.tenant, {
        status: request.query.status ?? 'open',
        limit: request.query.limit ?? 200,
      }),
    }),
  );

  app.get(
    `${BASE}/incidents/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: 'One incident with its calls, units, responses, timeline and procedure',
        params: IncidentId,
        response: { 200: IncidentDetailSchema },
      },
    },
    async (request) => centre.incident(request.tenant, request.params.id, readerOf(request)),
  );

  app.get(
    `${BASE}/incidents/:id/recommendations`,
    {
      config: read,
      schema: {
        tags,
        summary:
          'The units to send, by road travel time, line by line of the run card (429 EMERGENCY_SEARCHES_LIMITED past an allowance of road searches)',
        params: IncidentId,
        response: { 200: RecommendationSchema },
      },
    },
    // A dispatcher's look may escalate an incident nobody can cover; a reader's changes nothing.
    async (request) =>
      centre.recommend(request.tenant, request.params.id, {
        ...(request.allows('emergency:write') ? { escalateAs: actor(request) } : {}),
        // Road searches are counted per account and address (searches.ts).
        caller: {
          tenant: request.tenant,
          account: principalOf(request).id,
          address: request.ip,
          dispatches: request.allows('emergency:write'),
        },
      }),
  );

  app.post(
    `${BASE}/incidents/:id/dispatch`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Sends units: all of them or none (409 naming a unit no longer available)',
        params: IncidentId,
        body: Type.Object(
          { unitIds: List(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ incident: IncidentSchema, units: List(UnitSchema) }) },
      },
    },
    async (request) => centre.dispatch(request.tenant, actor(request), request.params.id, request.body.unitIds),
  );

  app.post(
    `${BASE}/incidents/:id/notes`,
    {
      config: write,
      schema: {
        tags,
        summary: 'A note on the timeline',
        params: IncidentId,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (request) => {
      await centre.note(request.tenant, actor(request), request.params.id, request.body.text);
      return { ok: true as const };
    },
  );

  app.post(
    `${BASE}/incidents/:id/move-calls`,
    {
      config: write,
      schema: {
        tags,
        summary:
          "The incident's calls move to an open incident they are about; it closes as a duplicate. 409 once units are sent to it or when the other is closed",
        params: IncidentId,
        body: Type.Object({ to: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ incident: IncidentSchema, closed: IncidentSchema }) },
      },
    },
    async (request) => centre.moveCalls(request.tenant, actor(request), request.params.id, request.body.to),
  );

  app.post(
    `${BASE}/incidents/:id/sop/:stepId`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Ticks (or unticks) a step of the procedure',
        params: Type.Object({ id: Type.String(), stepId: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object({ done: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (request) => {
      const { id, stepId } = request.params;
      await centre.tickSopStep(request.tenant, actor(request), id, stepId, request.body.done);
      return { ok: true as const };
    },
  );

  app.post(
    `${BASE}/incidents/:id/transfer`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Transfers the incident to another agency, naming who accepted it there or their reference',
        params: IncidentId,
        body: Type.Object(
          {
            agency: AgencySchema,
            reason: Type.String({ minLength: 1, maxLength: 1000 }),
            acceptedBy: Type.Optional(
              Type.String({ maxLength: 200, description: 'Who took the handover at the receiving agency' }),
            ),
            reference: Type.Optional(
              Type.String({ maxLength: 100, description: "The receiving centre's own reference for the incident" }),
            ),
          },
          { additionalProperties: false, description: 'acceptedBy, reference or both are required' },
        ),
        response: { 200: IncidentSchema },
      },
    },
    async (request) => centre.transfer(request.tenant, actor(request), request.params.id, request.body),
  );

  app.post(
    `${BASE}/incidents/:id/escalate`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Escalates: an alarm for the operations centre and an escalation on the timeline',
        params: IncidentId,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: IncidentSchema },
      },
    },
    async (request) => centre.escalate(request.tenant, actor(request), request.params.id, request.body.reason),
  );

  app.post(
    `${BASE}/incidents/:id/priority`,
    {
      config: write,
      schema: {
        tags,
        summary: "Changes the incident's priority",
        params: IncidentId,
        body: Type.Object({ priority: PrioritySchema }, { additionalProperties: false }),
        response: { 200: IncidentSchema },
      },
    },
    async (request) => centre.setPriority(request.tenant, actor(request), request.params.id, request.body.priority),
  );

  app.post(
    `${BASE}/incidents/:id/close`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Closes the incident with a disposition; committed units are released and told',
        params: IncidentId,
        body: Type.Object(
          { disposition: DispositionSchema, note: Type.Optional(Type.String({ maxLength: 4000 })) },
          { additionalProperties: false },
        ),
        response: { 200: IncidentSchema },
      },
    },
    async (request) =>
      centre.close(request.tenant, actor(request), request.params.id, request.body.disposition, request.body.note),
  );

  app.get(
    `${BASE}/incidents/:id/eido`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "The incident as a NENA EIDO JSON document (its type's name in Vietnamese, or English by Accept-Language): callers masked; the dispatchers' notes and reasons in clear for call-takers and pii:read (the read is audited), masked otherwise",
        params: IncidentId,
        response: { 200: Type.Unknown() },
      },
    },
    async (request) => {
      const { record, type } = await centre.eidoRecord(request.tenant, request.params.id, readerOf(request));
      return toEido(record, {
        agencyName,
        centreId: request.tenant === '' ? 'thanglong' : `thanglong:${request.tenant}`,
        // Another centre in the city reads Vietnamese; one asking for English gets it.
        typeText: problemLanguageOf(request.headers['accept-language'], 'vi') === 'vi' ? type.vi : type.en,
        commonTypeCode: type.commonCode,
      });
    },
  );

  app.get(
    `${BASE}/units`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Units, by call sign',
        querystring: Type.Object({ status: Type.Optional(UnitStatusSchema), agency: Type.Optional(AgencySchema) }),
        response: { 200: Type.Object({ units: List(UnitSchema) }) },
      },
    },
    async (request) => ({
      units: await centre.listUnits(request.tenant, {
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.agency ? { agency: request.query.agency } : {}),
      }),
    }),
  );

  app.get(
    `${BASE}/units/:id`,
    { config: read, schema: { tags, summary: 'One unit', params: UnitId, response: { 200: UnitSchema } } },
    async (request) => centre.unit(request.tenant, request.params.id),
  );

  app.post(
    `${BASE}/units`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Adds or updates a unit of the roster (a new one starts available at its station)',
        body: UnitBodySchema,
        response: { 200: UnitSchema },
      },
    },
    async (request) => centre.upsertUnit(request.tenant, request.body),
  );

  app.delete(
    `${BASE}/units/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Removes a unit; refused while it is committed',
        params: UnitId,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await centre.deleteUnit(request.tenant, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    `${BASE}/units/:id/status`,
    {
      config: write,
      schema: {
        tags,
        summary: "Changes a unit's status from the console; an illegal change is refused with the reason",
        params: UnitId,
        body: Type.Object(
          { status: UnitStatusSchema, hospitalId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: UnitSchema },
      },
    },
    async (request) =>
      centre.setUnitStatus(request.tenant, actor(request), request.params.id, request.body.status, {
        ...(request.body.hospitalId ? { hospitalId: request.body.hospitalId } : {}),
      }),
  );

  app.post(
    `${BASE}/incidents/:id/units/:unitId/hospital`,
    {
      config: write,
      schema: {
        tags,
        summary: 'The hospital a unit takes its patient to; the unit is told',
        params: Type.Object({ id: Type.String(), unitId: Type.String() }),
        body: Type.Object(
          { hospitalId: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Ok },
      },
    },
    async (request) => {
      const { id, unitId } = request.params;
      await centre.assignHospital(request.tenant, actor(request), id, unitId, request.body.hospitalId);
      return { ok: true as const };
    },
  );

  app.get(
    `${BASE}/stations`,
    {
      config: read,
      schema: { tags, summary: 'Stations', response: { 200: Type.Object({ stations: List(StationSchema) }) } },
    },
    async (request) => ({ stations: await centre.listStations(request.tenant) }),
  );

  app.post(
    `${BASE}/stations`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Adds or updates a station',
        body: Type.Object(StationSchema.properties, { additionalProperties: false }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await centre.upsertStation(request.tenant, request.body);
      return reply.code(204).send();
    },
  );

  app.get(
    `${BASE}/hospitals`,
    {
      config: read,
      schema: {
        tags,
        summary:
          'Hospitals for a patient at a point: those that treat the care its incident type needs first, ' +
          'by travel time; specialist-only ones last, not suitable; those without a free bed under full',
        querystring: Type.Object({
          lon: Lon,
          lat: Lat,
          type: Type.Optional(
            Type.String({ minLength: 1, maxLength: 40, description: 'Incident type code: ranks by the care it needs' }),
          ),
        }),
        response: { 200: HospitalsByTimeSchema },
      },
    },
    async (request) => centre.hospitalsFrom(request.tenant, [request.query.lon, request.query.lat], request.query.type),
  );

  app.put(
    `${BASE}/hospitals/:id/capabilities`,
    {
      config: write,
      schema: {
        tags,
        summary: "Sets a hospital's capabilities (takes emergencies, general, its care); kept over the roster's",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object(HospitalCapabilitiesSchema.properties, { additionalProperties: false }),
        response: { 200: HospitalSchema },
      },
    },
    async (request) => centre.setHospitalCapabilities(request.tenant, request.params.id, request.body.capabilities),
  );

  app.put(
    `${BASE}/hospitals/:id/beds`,
    {
      config: write,
      schema: {
        tags,
        summary:
          "Sets a hospital's free beds as the centre heard them (0 = full: listed apart, not suggested first); " +
          "the hospital's own system sends the same as a device through ingestion",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object(
          { bedsFree: Type.Integer({ minimum: 0, maximum: MAX_BEDS_FREE }) },
          { additionalProperties: false },
        ),
        response: { 200: HospitalSchema },
      },
    },
    async (request) => centre.setHospitalBeds(request.tenant, request.params.id, request.body.bedsFree),
  );

  const IntervalQuery = Type.Object({
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    by: Type.Optional(Type.Enum(['type', 'agency', 'ward'], { default: 'type' })),
  });
  const intervals = async (
    request: FastifyRequest<{ Querystring: { from?: string; to?: string; by?: 'type' | 'agency' | 'ward' } }>,
  ) => {
    const period = periodOf(request.query);
    const records = await centre.incidentRecords(request.tenant, period);
    return { ...period, ...intervalReport(records, request.query.by ?? 'type', centre.settings.targets) };
  };

  app.get(
    `${BASE}/intervals`,
    {
      config: report,
      schema: {
        tags,
        summary: 'NFPA 1221/1710 intervals, percentiles per type, agency or ward, against the targets',
        querystring: IntervalQuery,
        response: { 200: IntervalReportSchema },
      },
    },
    async (request) => intervals(request),
  );

  app.get(
    `${BASE}/intervals.csv`,
    {
      config: report,
      schema: {
        tags,
        summary: 'The interval report as CSV',
        querystring: IntervalQuery,
        response: { 200: Document('text/csv', 'One line per group and interval') },
      },
    },
    async (request, reply) => {
      const csv = intervalReportCsv(await intervals(request));
      return reply.type('text/csv; charset=utf-8').send(csv);
    },
  );
}
