/** Messages to people (citizens, applicants): queued in the caller's transaction, delivered at least once. */
export {
  localSender,
  memorySender,
  MessageDeliveryFailed,
  Messages,
  webhookSender,
  type MessageSender,
  type MessagesDeps,
  type OutboxEntry,
  type OutboxQuery,
  type OutgoingMessage,
  type PersonMessage,
} from './messages.js';
export { messagesRoutes } from './routes.js';
