import { Type, type Static } from 'typebox';
import { List } from '../platform/http/schemas.js';

/** Service groups and devices as the provisioning API sends them, in the IoT Agent's field names. */

const UnitCode = Type.Object(
  { unitCode: Type.Object({ type: Type.Literal('Text'), value: Type.String() }) },
  { description: 'UN/CEFACT unit code of the attribute' },
);

const AttributeSchema = Type.Object({
  object_id: Type.Optional(Type.String({ description: 'The measure’s name in what the device sends' })),
  name: Type.String(),
  type: Type.String(),
  metadata: Type.Optional(UnitCode),
});

const StaticAttributeSchema = Type.Object({
  name: Type.String(),
  type: Type.String(),
  value: Type.Unknown(),
  metadata: Type.Optional(UnitCode),
});

const CommandSchema = Type.Object({ name: Type.String(), type: Type.String() });

export const ServiceGroupSchema = Type.Object({
  service: Type.String({ description: 'The tenant' }),
  subservice: Type.String({ description: 'The service path' }),
  resource: Type.String(),
  apikey: Type.String(),
  entity_type: Type.String(),
  attributes: List(AttributeSchema),
  static_attributes: List(StaticAttributeSchema),
  commands: List(CommandSchema),
  explicitAttrs: Type.Boolean(),
  timestamp: Type.Optional(Type.Boolean()),
  autoprovision: Type.Boolean(),
  deviceAuth: Type.Enum(['apikey', 'secret'], {
    description:
      'apikey: the group’s API key names its devices (the FIWARE way); secret: each device must also give its own secret',
  }),
});
export type ServiceGroupView = Static<typeof ServiceGroupSchema>;

export const ServiceGroupListSchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  services: List(ServiceGroupSchema),
});

export const DeviceSchema = Type.Object({
  device_id: Type.String(),
  service: Type.String({ description: 'The tenant' }),
  service_path: Type.String(),
  entity_name: Type.String(),
  entity_type: Type.String(),
  apikey: Type.Optional(Type.String()),
  protocol: Type.Optional(Type.String()),
  transport: Type.Optional(Type.String()),
  endpoint: Type.Optional(Type.String({ description: 'Where the device takes commands (HTTP push)' })),
  attributes: List(AttributeSchema),
  static_attributes: List(StaticAttributeSchema),
  commands: List(CommandSchema),
  explicitAttrs: Type.Optional(Type.Boolean()),
  timestamp: Type.Optional(Type.Boolean()),
  autoprovisioned: Type.Boolean(),
  secret: Type.Boolean({ description: 'Whether the device has a secret of its own (never shown again)' }),
  health: Type.Object(
    {
      status: Type.Enum(['online', 'offline', 'never', 'outOfService'], {
        description:
          'Heard within IOT_OFFLINE_AFTER, not since, or never; outOfService: the device said it is out of service (a vehicle between trips), which is not offline',
      }),
      lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      messages: Type.Integer({ minimum: 0 }),
      errors: Type.Integer({ minimum: 0 }),
    },
    { description: 'The platform’s own watch of the device' },
  ),
});
export type DeviceView = Static<typeof DeviceSchema>;

export const DeviceListSchema = Type.Object({ count: Type.Integer({ minimum: 0 }), devices: List(DeviceSchema) });

export const DeviceSecretSchema = Type.Object(
  {
    device_id: Type.String(),
    secret: Type.String({ description: 'The device’s new secret: shown this once, only its hash is kept' }),
  },
  { description: 'Issued: the previous secret, if any, is refused from now on' },
);
