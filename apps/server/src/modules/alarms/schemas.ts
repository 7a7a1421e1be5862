import { Type } from 'typebox';
import { DateTime, List, Nullable } from '../../platform/http/schemas.js';
import { ALARM_EVENT_KINDS, ALARM_STATES, SEVERITIES } from './model.js';

/** Alarms as the API sends them (the shapes of model.ts, dates as ISO 8601 strings). */

export const SeveritySchema = Type.Enum(SEVERITIES, { description: 'critical, high, medium or low' });
const StateSchema = Type.Enum(ALARM_STATES, { description: 'ISA-18.2 state' });

const PointSchema = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Immutable(
    Type.Tuple([Type.Number({ description: 'longitude' }), Type.Number({ description: 'latitude' })]),
  ),
});

const EventSchema = Type.Object({
  at: DateTime("When it happened: for what the condition did, the condition's time"),
  kind: Type.Enum(ALARM_EVENT_KINDS),
  actor: Nullable(Type.String()),
  text: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

const alarmFields = {
  id: Type.String(),
  tenant: Type.String(),
  source: Type.String({ description: 'What is in alarm: an entity id or another stable name' }),
  condition: Type.String({ description: 'What is wrong with it; "manual:…" for operators\u2019 own' }),
  severity: SeveritySchema,
  state: StateSchema,
  title: Type.String(),
  description: Nullable(Type.String()),
  params: Nullable(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description:
        "The values the condition's words take (an incident's number, a bus, a report), for a page to word the title in its language",
    }),
  ),
  value: Nullable(Type.Number()),
  threshold: Nullable(Type.Number()),
  unit: Nullable(Type.String()),
  location: Nullable(PointSchema),
  area: Nullable(Type.String()),
  raisedAt: DateTime("When its condition began (a reading's time)"),
  clearedAt: Nullable(DateTime()),
  acknowledgedAt: Nullable(DateTime()),
  acknowledgedBy: Nullable(Type.String()),
  assignee: Nullable(Type.String()),
  raisedBy: Nullable(Type.String()),
  updatedAt: DateTime(),
  receivedAt: DateTime('When the alarm reached the city (later than raisedAt for a backfilled reading)'),
  shelvedUntil: Nullable(DateTime('ISA-18.2 shelved until then; null: not shelved')),
  shelvedBy: Nullable(Type.String()),
  shelveReason: Nullable(Type.String()),
  escalatedAt: Nullable(DateTime('When it was escalated, left unacknowledged (once per alarm)')),
};

export const AlarmSchema = Type.Object(alarmFields);

export const AlarmWithJournalSchema = Type.Object({
  ...alarmFields,
  journal: Type.Optional(List(EventSchema, { description: 'What happened to the alarm, oldest first' })),
});

export const AlarmListSchema = Type.Object({
  alarms: List(AlarmSchema),
  count: Type.Integer({ minimum: 0, description: 'Alarms matching the filter, over every page' }),
});

const BySeverity = (description: string) =>
  Type.Object(
    Object.fromEntries(SEVERITIES.map((s) => [s, Type.Integer({ minimum: 0 })])) as Record<
      (typeof SEVERITIES)[number],
      ReturnType<typeof Type.Integer>
    >,
    { description },
  );

export const AlarmSummarySchema = Type.Object({
  open: Type.Integer({ minimum: 0, description: 'Not both cleared and acknowledged' }),
  unacknowledged: Type.Integer({ minimum: 0 }),
  bySeverity: BySeverity('Open alarms by severity'),
  active: Type.Integer({ minimum: 0, description: 'In alarm now, not shelved' }),
  toAcknowledge: Type.Integer({ minimum: 0, description: 'Returned to normal, not yet acknowledged, not shelved' }),
  shelved: Type.Integer({ minimum: 0, description: 'Open and shelved' }),
  activeBySeverity: BySeverity('Active alarms (not shelved) by severity'),
});

export const BulkResultSchema = Type.Object({
  results: List(
    Type.Object({
      id: Type.String(),
      ok: Type.Boolean(),
      alarm: Type.Optional(AlarmSchema),
      status: Type.Optional(Type.Integer({ description: 'The HTTP status this alarm alone would have had' })),
      code: Type.Optional(Type.String({ description: 'The error code, when not done' })),
      detail: Type.Optional(Type.String()),
    }),
    { description: 'One per alarm asked, in the order asked' },
  ),
  acknowledged: Type.Integer({ minimum: 0, description: 'How many were done' }),
  failed: Type.Integer({ minimum: 0 }),
});

export const AssigneesSchema = Type.Object({
  users: List(Type.Object({ username: Type.String(), roles: List(Type.String()) })),
});
