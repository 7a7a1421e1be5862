import { Type } from 'typebox';
import { Document, List } from '../../platform/http/schemas.js';

/** Public warnings as the API sends them: CAP 1.2 messages summarised in Vietnamese and English. */

const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });

const AreaSchema = Type.Object({
  areaDesc: Type.String(),
  circle: Type.Optional(
    Type.Object(
      { lat: Type.Number(), lon: Type.Number(), radiusKm: Type.Number() },
      { description: 'Centre and radius in km' },
    ),
  ),
  polygon: Type.Optional(
    List(Type.Immutable(Type.Tuple([Type.Number(), Type.Number()])), {
      description: 'A closed ring of [lon, lat] (GeoJSON order)',
    }),
  ),
  geocode: Type.Optional(Type.Object({ valueName: Type.String(), value: Type.String() })),
});

export const WarningSchema = Type.Object({
  identifier: Type.String(),
  msgType: Type.Enum(['Alert', 'Update', 'Cancel']),
  source: Type.String({ description: 'What the warning is about: an entity id or another stable name' }),
  condition: Type.String(),
  sent: Type.String({ format: 'date-time' }),
  expires: Type.String({ format: 'date-time' }),
  severity: Type.String({ description: 'CAP severity: Extreme, Severe, Moderate, Minor or Unknown' }),
  event: Bilingual,
  headline: Bilingual,
  area: AreaSchema,
  parameters: List(Type.Object({ valueName: Type.String(), value: Type.String() })),
  url: Type.String({ description: 'The CAP message, as sent' }),
});

export const WarningListSchema = Type.Object({ warnings: List(WarningSchema) });

export const AtomFeed = Document('application/atom+xml', 'Atom feed of the CAP messages in force');
export const CapDocument = Document('application/cap+xml', 'The CAP 1.2 message');

const Text = (maxLength: number, what: string) =>
  Type.Object(
    {
      vi: Type.String({ minLength: 1, maxLength, description: `${what} in Vietnamese` }),
      en: Type.String({ minLength: 1, maxLength, description: `${what} in English` }),
    },
    { additionalProperties: false },
  );

/** A warning an operator writes to the public (CAP Alert); both languages are required. */
export const WriteWarningSchema = Type.Object(
  {
    category: Type.Enum(['Geo', 'Met', 'Safety', 'Health', 'Env', 'Infra', 'Other'], {
      description: 'CAP category',
    }),
    event: Text(100, 'What happens, in a few words'),
    headline: Text(200, 'The headline'),
    description: Text(2000, 'The description'),
    instruction: Type.Optional(Text(1000, 'What people should do')),
    severity: Type.Enum(['Extreme', 'Severe', 'Moderate', 'Minor'], { description: 'CAP severity' }),
    urgency: Type.Enum(['Immediate', 'Expected', 'Future'], { description: 'CAP urgency' }),
    certainty: Type.Enum(['Observed', 'Likely', 'Possible'], { description: 'CAP certainty' }),
    area: Type.Object(
      {
        areaDesc: Type.String({ minLength: 1, maxLength: 200, description: 'The area, as people name it' }),
        circle: Type.Optional(
          Type.Object(
            {
              lat: Type.Number({ minimum: -90, maximum: 90 }),
              lon: Type.Number({ minimum: -180, maximum: 180 }),
              radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
            },
            { additionalProperties: false, description: 'Centre and radius in km' },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    expires: Type.String({ format: 'date-time', description: 'When it ends: after now, within 7 days' }),
  },
  { additionalProperties: false },
);

export const WarningIdentifierParams = Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 200 }) });
