import { Type, type TSchema } from 'typebox';
import { List } from '../../platform/http/schemas.js';
import { ATTRIBUTE_TYPES, REPORT_LEVELS, REPORT_STATES } from './model.js';

/** Citizen reports as the staff API sends and takes them (the shapes of model.ts; times are ISO 8601). */

const Opt = <T extends TSchema>(s: T) => Type.Optional(s);
const Time = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const Words = Type.Object({ vi: Type.String(), en: Type.String() });

export const LonLatSchema = Type.Immutable(
  Type.Tuple(
    [
      Type.Number({ minimum: -180, maximum: 180, description: 'longitude' }),
      Type.Number({ minimum: -90, maximum: 90, description: 'latitude' }),
    ],
    { description: '[lon, lat], WGS 84' },
  ),
);
export const ReportStateSchema = Type.Enum(REPORT_STATES);
export const ReportLevelSchema = Type.Enum(REPORT_LEVELS);
const AttributesSchema = Type.Record(Type.String(), Type.Union([Type.String(), List(Type.String())]), {
  description: 'attribute code → value(s)',
});

export const MediaSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  contentType: Opt(Type.String()),
  bytes: Opt(Type.Integer()),
  hidden: Type.Boolean(),
});

const publicFields = {
  id: Type.String({ description: 'e.g. 2026-000123' }),
  serviceCode: Type.String(),
  serviceName: Type.String(),
  state: ReportStateSchema,
  status: Type.Enum(['open', 'closed']),
  statusNotes: Opt(Type.String({ description: 'The latest public answer or reason' })),
  description: Type.String({ description: 'Moderated; empty when hidden' }),
  agencyResponsible: Type.String(),
  agencyNames: Opt(Words),
  serviceNotice: Opt(Type.String()),
  requestedAt: Time(),
  updatedAt: Time(),
  expectedAt: Opt(Time('When it is due to be resolved')),
  address: Opt(Type.String()),
  addressId: Opt(Type.String()),
  wardCode: Opt(Type.String()),
  wardName: Opt(Type.String()),
  location: Opt(LonLatSchema),
  media: List(MediaSchema),
  mergedInto: Opt(Type.String()),
};
export const PublicReportSchema = Type.Object(publicFields);

export const ClockSchema = Type.Object({
  receiveBy: Time(),
  receivedAt: Opt(Time()),
  resolveBy: Time(),
  closedAt: Opt(Time()),
  minutesLeft: Opt(Type.Number({ description: 'Working minutes to the next deadline; negative when overdue' })),
  overdue: Type.Boolean(),
  onTime: Opt(Type.Boolean()),
  paused: Type.Boolean(),
});

export const ContactSchema = Type.Object(
  {
    email: Opt(Type.String({ maxLength: 200 })),
    phone: Opt(Type.String({ maxLength: 40 })),
    firstName: Opt(Type.String({ maxLength: 100 })),
    lastName: Opt(Type.String({ maxLength: 100 })),
    deviceId: Opt(Type.String({ maxLength: 200 })),
    accountId: Opt(Type.String({ maxLength: 200 })),
  },
  { description: 'Personal data: masked unless the reader handles reports or has pii:read (then audited)' },
);

export const StaffReportSchema = Type.Object({
  ...publicFields,
  level: ReportLevelSchema,
  departmentId: Type.String(),
  clock: ClockSchema,
  channel: Type.Enum(['open311', 'web', 'import']),
  contact: ContactSchema,
  originalDescription: Opt(Type.String()),
  attributes: AttributesSchema,
  hidden: Type.Boolean(),
});

export const EventSchema = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  at: Time(),
  kind: Type.String(),
  state: ReportStateSchema,
  public: Type.Boolean(),
  text: Opt(Type.String()),
  actor: Opt(Type.String()),
  departmentId: Opt(Type.String()),
  mediaIds: Opt(List(Type.String())),
});

/** Only the public's part of an event: no actor, no internal note. */
export const PublicEventSchema = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  at: Time(),
  kind: Type.String(),
  state: ReportStateSchema,
  public: Type.Boolean(),
  text: Opt(Type.String()),
  departmentId: Opt(Type.String()),
  mediaIds: Opt(List(Type.String())),
});

export const DepartmentSchema = Type.Object({
  id: Type.String(),
  name: Words,
  kind: Type.Enum(['city', 'ward']),
  wardCode: Opt(Type.String()),
});

const AttributeSchema = Type.Object({
  code: Type.String(),
  datatype: Type.Enum(ATTRIBUTE_TYPES),
  required: Type.Boolean(),
  variable: Type.Boolean(),
  order: Type.Integer(),
  description: Words,
  values: Opt(List(Type.Object({ key: Type.String(), name: Words }))),
});

export const ServiceSchema = Type.Object({
  code: Type.String(),
  name: Words,
  description: Words,
  group: Type.String(),
  keywords: List(Type.String()),
  level: ReportLevelSchema,
  resolveWorkingDays: Type.Number(),
  routing: Type.Union([
    Type.Object({ kind: Type.Literal('department'), departmentId: Type.String() }),
    Type.Object({ kind: Type.Literal('ward') }),
  ]),
  attributes: List(AttributeSchema),
  question: Type.Boolean(),
});

/** A report in the service's words, as the citizens' page sends it (Open311 apps use POST requests). */
export const NewReportBodySchema = Type.Object({
  serviceCode: Type.String({ minLength: 1, maxLength: 80 }),
  location: Opt(LonLatSchema),
  addressString: Opt(Type.String({ maxLength: 500 })),
  addressId: Opt(Type.String({ maxLength: 200 })),
  description: Opt(Type.String({ maxLength: 4000 })),
  attributes: Opt(AttributesSchema),
  contact: Opt(ContactSchema),
  mediaUrls: Opt(List(Type.String({ maxLength: 2000 }), { maxItems: 10 })),
  mediaIds: Opt(List(Type.String({ maxLength: 100 }), { maxItems: 10 })),
  language: Opt(Type.Enum(['vi', 'en'])),
});

export const CreatedSchema = Type.Object({
  id: Type.String(),
  token: Type.String({ description: 'Keep it: it follows the report (the link in the messages carries it)' }),
  serviceNotice: Type.String(),
});

export const InsightSchema = Type.Object({
  onTime: List(
    Type.Object({
      department: Type.String(),
      departmentName: Words,
      ward: Type.String(),
      wardName: Type.Object({ vi: Type.String(), en: Type.String() }, { description: 'Empty without a ward' }),
      total: Type.Integer(),
      closed: Type.Integer(),
      onTime: Type.Integer(),
      rate: Type.Union([Type.Number(), Type.Null()], { description: 'onTime / closed; null when none closed' }),
    }),
  ),
  backlog: List(
    Type.Object({
      department: Type.String(),
      departmentName: Words,
      open: Type.Integer(),
      overdue: Type.Integer(),
      waiting: Type.Integer(),
    }),
  ),
  hotSpots: List(
    Type.Object({
      wardCode: Type.String(),
      wardName: Type.String({ description: 'In Vietnamese, as wardNames.vi' }),
      wardNames: Words,
      open: Type.Integer(),
      overdue: Type.Integer(),
    }),
  ),
});

export const MessageSchema = Type.Object({
  id: Type.String(),
  reportId: Type.String(),
  eventKind: Type.String(),
  language: Type.Enum(['vi', 'en']),
  subject: Type.String(),
  text: Type.String(),
  link: Type.String(),
  createdAt: Time(),
  attempts: Type.Integer(),
  deliveredAt: Opt(Time()),
  sender: Opt(Type.String()),
  lastError: Opt(Type.String()),
});

export const ImportRowSchema = Type.Object({
  externalId: Type.String({ minLength: 1, maxLength: 200 }),
  serviceCode: Type.String({ minLength: 1, maxLength: 200 }),
  status: Type.Enum(['open', 'closed']),
  description: Type.String({ maxLength: 8000 }),
  requestedAt: Type.String({ maxLength: 40 }),
  updatedAt: Opt(Type.String({ maxLength: 40 })),
  lon: Opt(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Opt(Type.Number({ minimum: -90, maximum: 90 })),
  address: Opt(Type.String({ maxLength: 500 })),
  mediaUrl: Opt(Type.String({ maxLength: 2000 })),
  statusNotes: Opt(Type.String({ maxLength: 8000 })),
  serviceName: Opt(Type.String({ maxLength: 200 })),
  agencyResponsible: Opt(Type.String({ maxLength: 200 })),
});
