import { Type, type Static } from 'typebox';
import { DateTime, List, Nullable } from '../../../platform/http/schemas.js';
import { ALERT_CAUSES, ALERT_EFFECTS, ALERT_SEVERITIES, ALERT_STATES, ALERT_STATUSES } from './model.js';

/** Service alerts as the API takes and sends them. */

/** GTFS ids are at most a few dozen characters in practice; 255 leaves room. */
const GtfsId = (description: string) => Type.String({ minLength: 1, maxLength: 255, description });

const Text = (maxLength: number, description: string) =>
  Type.Object(
    {
      vi: Type.String({ minLength: 1, maxLength, description: `${description}, in Vietnamese` }),
      en: Type.String({ minLength: 1, maxLength, description: `${description}, in English` }),
    },
    { additionalProperties: false },
  );

const Url = Type.String({ maxLength: 1000, pattern: '^https?://\\S+$', description: 'An http(s) URL' });

export const AlertEntitySchema = Type.Object(
  {
    agencyId: Type.Optional(GtfsId('agency_id of the current schedule')),
    routeId: Type.Optional(GtfsId('route_id of the current schedule')),
    routeType: Type.Optional(Type.Integer({ minimum: 0, maximum: 1702, description: 'GTFS route_type (3: bus)' })),
    directionId: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)], { description: 'With routeId' })),
    trip: Type.Optional(
      Type.Object(
        {
          tripId: GtfsId('trip_id of the current schedule'),
          startDate: Type.Optional(Type.String({ maxLength: 8, description: 'YYYYMMDD: only that day' })),
          startTime: Type.Optional(Type.String({ maxLength: 8, description: 'HH:MM:SS: only the run starting then' })),
        },
        { additionalProperties: false },
      ),
    ),
    stopId: Type.Optional(GtfsId('stop_id of the current schedule')),
  },
  { additionalProperties: false, description: 'What the alert is about: at least one field' },
);

const PeriodIn = Type.Object(
  {
    start: Type.Optional(Type.String({ format: 'date-time', description: 'Absent: in force from now' })),
    end: Type.Optional(Type.String({ format: 'date-time', description: 'Absent: until withdrawn' })),
  },
  { additionalProperties: false },
);

export const AlertBodySchema = Type.Object(
  {
    status: Type.Optional(
      Type.Enum(['draft', 'published'], { description: 'published (the default) shows it to riders; draft does not' }),
    ),
    cause: Type.Optional(Type.Enum(ALERT_CAUSES, { description: 'GTFS-Realtime Alert.Cause' })),
    effect: Type.Optional(Type.Enum(ALERT_EFFECTS, { description: 'GTFS-Realtime Alert.Effect' })),
    severity: Type.Optional(Type.Enum(ALERT_SEVERITIES, { description: 'GTFS-Realtime Alert.SeverityLevel' })),
    informedEntities: Type.Array(AlertEntitySchema, { minItems: 1, maxItems: 200 }),
    activePeriods: Type.Optional(
      Type.Array(PeriodIn, { maxItems: 50, description: 'When it is in force; none: from now until withdrawn' }),
    ),
    header: Text(200, 'The headline'),
    description: Type.Optional(Text(4000, 'The full text')),
    url: Type.Optional(
      Type.Object({ vi: Url, en: Url }, { additionalProperties: false, description: 'More to read, per language' }),
    ),
  },
  { additionalProperties: false },
);
export type AlertBody = Static<typeof AlertBodySchema>;

const BilingualOut = Type.Object({ vi: Type.String(), en: Type.String() });

export const ServiceAlertSchema = Type.Object({
  id: Type.String({ description: 'Stable: the entity id in the ServiceAlerts feed' }),
  status: Type.Enum(ALERT_STATUSES),
  state: Type.Enum(ALERT_STATES, { description: 'Where it stands now' }),
  cause: Type.Optional(Type.String()),
  effect: Type.Optional(Type.String()),
  severity: Type.Optional(Type.String()),
  informedEntities: List(AlertEntitySchema),
  activePeriods: List(Type.Object({ start: Type.Optional(DateTime()), end: Type.Optional(DateTime()) })),
  header: BilingualOut,
  description: Type.Optional(BilingualOut),
  url: Type.Optional(BilingualOut),
  version: Type.Integer({ minimum: 1, description: 'Counts edits; the ETag is "<version>"' }),
  createdAt: DateTime(),
  createdBy: Nullable(Type.String()),
  updatedAt: DateTime(),
  updatedBy: Nullable(Type.String()),
  withdrawnAt: Nullable(DateTime()),
  withdrawnBy: Nullable(Type.String()),
});

export const ServiceAlertListSchema = Type.Object({
  alerts: List(ServiceAlertSchema),
  count: Type.Integer({ minimum: 0, description: 'All that match, over every page' }),
});
