import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { actorOf } from '../../platform/audit/index.js';
import { problems } from '../../platform/errors.js';
import { List } from '../../platform/http/schemas.js';
import {
  APPLICANT_KINDS,
  APPLICANT_PARTICULARS,
  FIELD_TYPES,
  ONLINE_LEVELS,
  PROCEDURE_LEVELS,
  RESULT_KINDS,
  type FieldPersonal,
} from './model.js';
import { procedureErrors, procedureSummary, type NewProcedure, type ProcedureCatalogue } from './procedures.js';

/**
 * The catalogue's routes: the public list and pages of procedures and the agencies (the citizens'
 * portal, default tenant only), and the admins' changes (each save a new version when it changes
 * anything; the platform's audit trail records every write with its actor and outcome).
 */

const open = { access: 'public' as const };
const catalogueAccess = { access: { permission: 'services:catalogue' as const } };
// Staff who read a dossier read the form it was filed under, to show its answers with their questions.
const staffRead = { access: { permission: 'services:read' as const } };
const tags = ['Online public services'];
const BASE = '/api/v1/services';

// --- schemas (the shapes of model.ts) -------------------------------------------------------------

const Opt = <T extends TSchema>(s: T) => Type.Optional(s);
export const TextSchema = Type.Object({ vi: Type.String(), en: Type.String() });
/**
 * A value of several JSON types, left untyped here: the request's type coercion would turn `true`
 * into "true" through a union's first branch. Its type is checked with the form (forms.ts checkSchema).
 */
const Scalar = Type.Unsafe<string | number | boolean>({ description: 'Text, a number or true/false' });
const Bound = Type.Unsafe<number | string>({ description: 'number: a number; date: "today" or YYYY-MM-DD' });

export const ConditionSchema = Type.Object(
  {
    field: Type.String(),
    equals: Opt(Scalar),
    in: Opt(List(Type.String())),
    filled: Opt(Type.Literal(true)),
  },
  { description: "Holds when the form's field equals a value, is one of some, or is answered" },
);

const PERSONAL: readonly FieldPersonal[] = ['name', 'phone', 'email', 'national-id', 'address', 'birth-date', 'other'];

export const FormFieldSchema = Type.Object({
  id: Type.String(),
  label: TextSchema,
  type: Type.Enum(FIELD_TYPES),
  required: Opt(Type.Boolean()),
  when: Opt(ConditionSchema),
  options: Opt(List(Type.Object({ value: Type.String(), label: TextSchema }))),
  min: Opt(Bound),
  max: Opt(Bound),
  integer: Opt(Type.Boolean({ description: 'A number field that takes whole numbers only (a count)' })),
  minLength: Opt(Type.Integer()),
  maxLength: Opt(Type.Integer()),
  pattern: Opt(Type.String()),
  patternHint: Opt(TextSchema),
  help: Opt(TextSchema),
  personal: Opt(Type.Enum(PERSONAL)),
  requester: Opt(Type.Union([Type.Literal(true), ConditionSchema])),
  applicant: Opt(
    Type.Enum(APPLICANT_PARTICULARS, {
      description:
        "The applicant's own particular this field gives (a parent's name on a pupil's enrolment): the citizens' page files the applicant from it",
    }),
  ),
});

export const FormSchemaSchema = Type.Object({
  sections: List(
    Type.Object({
      id: Type.String(),
      title: TextSchema,
      when: Opt(ConditionSchema),
      fields: List(FormFieldSchema),
    }),
  ),
});

export const AgencySchema = Type.Object({
  code: Type.String(),
  name: TextSchema,
  level: Type.Enum(PROCEDURE_LEVELS),
});

const StepSchema = Type.Object({
  code: Type.String(),
  name: TextSchema,
  agency: Type.String(),
  days: Type.Number({ description: 'Its share of the time limit, in working days' }),
});

const FeeSchema = Type.Object({
  code: Type.String(),
  name: TextSchema,
  amountVnd: Type.Integer(),
  when: Opt(ConditionSchema),
  perField: Opt(Type.String({ description: "Multiplied by this number field's value (the units, e.g. copies)" })),
  byCount: Opt(
    Type.Object(
      {
        field: Type.String({ description: "A number field: each unit's count (e.g. the original's pages)" }),
        rates: List(
          Type.Object({
            from: Type.Integer({ description: 'The first counted one at this rate (the first rate: 1)' }),
            amountVnd: Type.Integer({ description: 'Đồng for each, until the next rate' }),
          }),
        ),
      },
      { description: 'Each unit also charged by its count at these rates (2,000 đồng pages 1–2, 1,000 from 3)' },
    ),
  ),
  unitCapVnd: Opt(Type.Integer({ description: 'The most one unit costs (e.g. 200,000 đồng a copy)' })),
});

export const RequiredDocumentSchema = Type.Object({
  code: Type.String(),
  name: TextSchema,
  required: Type.Boolean(),
  when: Opt(ConditionSchema),
  template: Opt(Type.String()),
  accept: List(Type.Enum(['pdf', 'jpeg', 'png'])),
});

const AllocationSchema = Type.Object({
  schoolField: Type.String(),
  wardField: Type.String(),
  pupilField: Opt(
    Type.String({
      description: "The id-number field with the pupil's ID: one open or returned enrolment per pupil a school year",
    }),
  ),
  schools: List(
    Type.Object({ code: Type.String(), name: TextSchema, wards: List(Type.String()), places: Type.Integer() }),
  ),
});

const procedureFields = {
  code: Type.String({ description: 'The code in the National Database on Administrative Procedures' }),
  name: TextSchema,
  field: TextSchema,
  level: Type.Enum(PROCEDURE_LEVELS),
  agency: Type.String({ description: 'The agency that decides and signs the result' }),
  agencyByWard: Opt(
    Type.String({ description: "A ward field of the form: the dossier goes to that ward's People's Committee" }),
  ),
  steps: List(StepSchema),
  limitDays: Type.Number({ description: 'The legal time limit, in working days from receipt' }),
  fees: List(FeeSchema),
  documents: List(RequiredDocumentSchema),
  result: Type.Object({
    kind: Type.Enum(RESULT_KINDS),
    name: TextSchema,
    electronic: Type.Boolean(),
    subject: Opt(
      Type.Object(
        {
          label: TextSchema,
          nameField: Type.String(),
          birthDateField: Opt(Type.String()),
          applicantLabel: TextSchema,
        },
        { description: "Whom the result is about when not the applicant (a birth certificate's child): form fields" },
      ),
    ),
  }),
  onlineLevel: Type.Enum(ONLINE_LEVELS),
  applicants: List(Type.Enum(APPLICANT_KINDS)),
  legalBasis: List(Type.String()),
  form: FormSchemaSchema,
  allocation: Opt(AllocationSchema),
  published: Type.Boolean(),
};

export const NewProcedureSchema = Type.Object(procedureFields);
export const ProcedureSchema = Type.Object({
  ...procedureFields,
  version: Type.Integer({ minimum: 1 }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ProcedureSummarySchema = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  name: TextSchema,
  field: TextSchema,
  level: Type.Enum(PROCEDURE_LEVELS),
  agency: Type.String(),
  limitDays: Type.Number(),
  feeFromVnd: Type.Integer({ description: 'What every applicant pays at least' }),
  onlineLevel: Type.Enum(ONLINE_LEVELS),
});

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });

// --- routes ---------------------------------------------------------------------------------------

export async function procedureRoutes(
  fastify: FastifyInstance,
  { catalogue }: { catalogue: ProcedureCatalogue },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The citizens' portal serves the default tenant; an anonymous caller never names another into being.
  const publicTenant = (request: FastifyRequest): string => {
    if (request.tenant !== '') throw problems.notFound('Tenant', request.tenant);
    return request.tenant;
  };

  app.get(
    `${BASE}/procedures`,
    {
      config: open,
      schema: {
        tags,
        summary: 'The procedures offered online; `q` matches names with or without Vietnamese marks',
        querystring: Type.Object({
          q: Opt(Type.String({ maxLength: 200 })),
          field: Opt(Type.String({ maxLength: 200, description: 'A field (lĩnh vực), e.g. "Hộ tịch"' })),
          level: Opt(Type.Enum(PROCEDURE_LEVELS)),
          agency: Opt(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Type.Object({ procedures: List(ProcedureSummarySchema) }) },
      },
    },
    async (request) => {
      const { q, field, level, agency } = request.query;
      const list = await catalogue.list(publicTenant(request), {
        ...(q === undefined ? {} : { text: q }),
        ...(field === undefined ? {} : { field }),
        ...(level === undefined ? {} : { level }),
        ...(agency === undefined ? {} : { agency }),
      });
      return { procedures: list.map(procedureSummary) };
    },
  );

  app.get(
    `${BASE}/procedures/:code`,
    {
      config: open,
      schema: {
        tags,
        summary: 'A procedure offered online, as it is now: steps, time limit, fees, documents and its e-form',
        params: CodeParams,
        response: { 200: ProcedureSchema },
      },
    },
    async (request) => {
      const p = await catalogue.get(publicTenant(request), request.params.code);
      if (!p.published) throw procedureErrors.notFound(request.params.code);
      return p;
    },
  );

  app.get(
    `${BASE}/agencies`,
    {
      config: open,
      schema: {
        tags,
        summary: "The agencies that receive and handle dossiers: the city's, then every ward's People's Committee",
        response: { 200: Type.Object({ agencies: List(AgencySchema) }) },
      },
    },
    async (request) => ({ agencies: await catalogue.agencies(publicTenant(request)) }),
  );

  // --- admins: the catalogue --------------------------------------------------------------------

  app.post(
    `${BASE}/procedures`,
    {
      config: catalogueAccess,
      schema: {
        tags,
        summary: 'Adds a procedure to the catalogue (version 1); 400 lists every problem, 409 if the code is taken',
        body: NewProcedureSchema,
        response: { 201: ProcedureSchema },
      },
    },
    async (request, reply) => {
      const tenant = request.tenant;
      const body = request.body as NewProcedure;
      if (await catalogue.has(tenant, body.code)) throw procedureErrors.exists(body.code);
      const saved = await catalogue.save(tenant, body, actorOf(request));
      return reply
        .code(201)
        .header('location', `${BASE}/procedures/${encodeURIComponent(saved.code)}`)
        .send(saved);
    },
  );

  app.put(
    `${BASE}/procedures/:code`,
    {
      config: catalogueAccess,
      schema: {
        tags,
        summary:
          'Changes a procedure: a new version when anything but `published` changed (dossiers keep theirs); 400 lists every problem',
        params: CodeParams,
        body: NewProcedureSchema,
        response: { 200: ProcedureSchema },
      },
    },
    async (request) => {
      const tenant = request.tenant;
      const { code } = request.params;
      const body = request.body as NewProcedure;
      if (body.code !== code) {
        throw procedureErrors.invalid([`"code" is "${body.code}" but the address names "${code}"`]);
      }
      if (!(await catalogue.has(tenant, code))) throw procedureErrors.notFound(code);
      return catalogue.save(tenant, body, actorOf(request));
    },
  );

  app.get(
    `${BASE}/procedures/:code/versions`,
    {
      config: catalogueAccess,
      schema: {
        tags,
        summary: "A procedure's versions, oldest first",
        params: CodeParams,
        response: {
          200: Type.Object({
            versions: List(Type.Object({ version: Type.Integer(), updatedAt: Type.String({ format: 'date-time' }) })),
          }),
        },
      },
    },
    async (request) => ({ versions: await catalogue.versions(request.tenant, request.params.code) }),
  );

  app.get(
    `${BASE}/procedures/:code/versions/:n`,
    {
      config: staffRead,
      schema: {
        tags,
        summary:
          'One version of a procedure (the one a dossier was filed under): a published one, one a dossier was filed under, or a draft to those who manage the catalogue',
        // A version is an int4 in the database: a larger one is a 400, not a failed query.
        params: Type.Object({
          code: Type.String({ minLength: 1, maxLength: 40 }),
          n: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
        }),
        response: { 200: ProcedureSchema },
      },
    },
    async (request) => {
      const { code, n } = request.params;
      const p = await catalogue.get(request.tenant, code, n);
      // A draft (never offered: not published, no dossier filed under it) is the catalogue's admins' only;
      // to other staff it does not exist.
      if (p.published || request.allows('services:catalogue')) return p;
      if (await catalogue.filedUnder(request.tenant, code, n)) return p;
      throw procedureErrors.notFound(code, n);
    },
  );
}
