import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Messages } from './messages.js';

const Entry = Type.Object({
  id: Type.String(),
  topic: Type.String({ description: "What it is about, e.g. 'services.otp'" }),
  to: Type.Object(
    { email: Type.Optional(Type.String()), phone: Type.Optional(Type.String()) },
    { description: 'Masked' },
  ),
  language: Type.Union([Type.Literal('vi'), Type.Literal('en')]),
  subject: Type.String(),
  text: Type.String({
    description: 'One-time codes and tokens hidden unless the sender is local (the outbox is the mailbox)',
  }),
  link: Type.Optional(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  attempts: Type.Integer(),
  deliveredAt: Type.Optional(Type.String({ format: 'date-time' })),
  sender: Type.Optional(Type.String()),
  lastError: Type.Optional(Type.String()),
});

/** The outbox of messages to people, for administrators. */
export const messagesRoutes: FastifyPluginAsyncTypebox<{ messages: Messages }> = async (app, { messages }) => {
  app.get(
    '/api/v1/messages',
    {
      config: { access: { permission: 'messages:read' } },
      schema: {
        tags: ['Messages'],
        summary: 'Messages to people, newest first: what was queued, sent or failed (contacts masked)',
        querystring: Type.Object(
          {
            topic: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "e.g. 'services.otp'" })),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ sender: Type.String(), messages: Type.Array(Entry) }) },
      },
    },
    async (request) => ({
      sender: messages.sender,
      messages: await messages.outbox(request.tenant, { topic: request.query.topic, limit: request.query.limit }),
    }),
  );
};
