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
