import { Type } from 'typebox';
import { DateTime, List, Nullable } from '../../platform/http/schemas.js';
import { ALARM_STATES, SEVERITIES } from './model.js';

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
  at: DateTime(),
  kind: Type.Enum(['raised', 'severity', 'reactivated', 'acknowledged', 'assigned', 'comment', 'cleared']),
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
  value: Nullable(Type.Number()),
  threshold: Nullable(Type.Number()),
  unit: Nullable(Type.String()),
  location: Nullable(PointSchema),
  area: Nullable(Type.String()),
  raisedAt: DateTime(),
  clearedAt: Nullable(DateTime()),
  acknowledgedAt: Nullable(DateTime()),
  acknowledgedBy: Nullable(Type.String()),
  assignee: Nullable(Type.String()),
  raisedBy: Nullable(Type.String()),
  updatedAt: DateTime(),
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

export const AlarmSummarySchema = Type.Object({
  open: Type.Integer({ minimum: 0 }),
  unacknowledged: Type.Integer({ minimum: 0 }),
  bySeverity: Type.Object(
    Object.fromEntries(SEVERITIES.map((s) => [s, Type.Integer({ minimum: 0 })])) as Record<
      (typeof SEVERITIES)[number],
      ReturnType<typeof Type.Integer>
    >,
  ),
});
