import type { Logger } from 'pino';
import type { Database, Sql } from '../db/index.js';
import type { OutboundGuard } from '../outbound.js';
import { mask, type PersonalData, type PersonalDataSource } from '../personal-data/index.js';
import * as store from './store.js';

/**
 * Messages to people — an applicant's one-time code, later the news of their dossier — through a
 * pluggable sender: an e-mail or SMS gateway behind a webhook, or the local outbox (the demo and the
 * tests, where an administrator reads what would have left). A module queues a message in the
 * transaction that decided it, so a rolled-back decision sends nothing; the worker role delivers each
 * at least once, trying again further apart after a failure. The contact, subject and text are
 * personal data: sealed at rest, opened only to send, the contact masked to every reader.
 */

/** A message to a person. */
export interface PersonMessage {
  readonly tenant: string;
  readonly to: { readonly email?: string | undefined; readonly phone?: string | undefined };
  readonly language: 'vi' | 'en';
  readonly subject: string;
  readonly text: string;
  readonly link?: string | undefined;
  /** What it is about, e.g. 'services.otp'. */
  readonly topic: string;
  /**
   * Parts of the subject, text or link that prove something (a one-time code, a follow token): the
   * outbox shows them only when it is the mailbox (the local sender), never a gateway's log reader.
   */
  readonly secrets?: readonly string[] | undefined;
  /** Worth sending until then only (a one-time code): after it, never sent. */
  readonly expiresAt?: string | undefined;
}

/** What a sender is handed: the message without what only the outbox needs. */
export type OutgoingMessage = Omit<PersonMessage, 'secrets' | 'expiresAt'>;

export interface MessageSender {
  /** Named in the outbox (never a URL's query or credentials). */
  readonly name: string;
  /** Resolves when the gateway has taken the message; rejects (MessageDeliveryFailed) otherwise. */
  send(m: OutgoingMessage): Promise<void>;
}

/** A message the gateway did not take. The error names the gateway, never the person. */
export class MessageDeliveryFailed extends Error {
  override readonly name = 'MessageDeliveryFailed';
}

export interface OutboxQuery {
  readonly topic?: string | undefined;
  /** 1–500, 50 unless said. */
  readonly limit?: number | undefined;
}

/** A message of the outbox as its readers see it: the contact masked, secrets hidden unless it is the mailbox. */
export interface OutboxEntry {
  readonly id: string;
  readonly topic: string;
  readonly to: { readonly email?: string; readonly phone?: string };
  readonly language: 'vi' | 'en';
  readonly subject: string;
  readonly text: string;
  readonly link?: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly deliveredAt?: string;
  readonly sender?: string;
  readonly lastError?: string;
}

/** The local sender: a message is delivered by being kept in the outbox, which admins and tests read. */
export const localSender: MessageSender = { name: 'local', send: async () => {} };

/** Most of a gateway's answer read: enough for its status. */
const ANSWER_LIMIT = 64 * 1024;
/** The gateway's URL as logs and the outbox may show it: no query (it may hold a key), no credentials. */
const shown = (url: URL) => `${url.origin}${url.pathname}`;

/**
 * A sender that POSTs each message as JSON ({ tenant, topic, to, language, subject, text, link }) to
 * an e-mail or SMS gateway through the platform's outbound guard; any 2xx is taken.
 */
export function webhookSender(
  url: string,
  outbound: OutboundGuard,
  options: { timeoutMs?: number } = {},
): MessageSender {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new Error(`the messages' webhook "${url}" is not a URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`the messages' webhook must be an http or https URL, not ${target.protocol}`);
  }
  return {
    name: `webhook ${shown(target)}`,
    async send(m) {
      let status: number;
      try {
        ({ status } = await outbound.request(target.href, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({
            tenant: m.tenant,
            topic: m.topic,
            to: m.to,
            language: m.language,
            subject: m.subject,
            text: m.text,
            ...(m.link === undefined ? {} : { link: m.link }),
          }),
          timeoutMs: options.timeoutMs ?? 10_000,
          maxBytes: ANSWER_LIMIT,
        }));
      } catch (err) {
        throw new MessageDeliveryFailed(`POST ${shown(target)}: ${(err as Error).message}`);
      }
      if (status < 200 || status > 299) throw new MessageDeliveryFailed(`POST ${shown(target)}: HTTP ${status}`);
    },
  };
}

/** A sender that keeps what it is handed (tests). */
export function memorySender(): MessageSender & { readonly sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { name: 'memory', sent, send: async (m) => void sent.push(m) };
}

/** A message taken for sending is left alone this long by other workers (then it is taken again). */
const LEASE_MS = 60_000;
/** Sent messages (and those given up) are kept this long for the outbox's readers. */
const KEEP_MS = 30 * 24 * 3600_000;
/** Messages taken at a time in one statement. */
const BATCH = 50;
/** Those sent are marked every this many sends or this long, so a slow batch leaves few to send twice. */
const MARK_EVERY = 10;
const MARK_EVERY_MS = 5_000;
/** No send is started this close to the lease's end: what is left is put back, due again at once. */
const LEASE_MARGIN_MS = 15_000;
/** People sent to side by side (each person's messages one after another). */
const PARALLEL = 10;
/** A worker round's work: batches until none is due or this long has passed (then the next round). */
const ROUND_MS = 1_000;
const HIDDEN = '••••••';
const PERSONAL_SOURCE = 'messages';
/** The text with each secret (a one-time code, a token) replaced by dots. */
const hideSecrets = (text: string, secrets: readonly string[]) =>
  secrets.filter((s) => s !== '').reduce((t, s) => t.split(s).join(HIDDEN), text);
const some = <K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } =>
  (v === null || v === undefined ? {} : { [key]: v }) as { [P in K]?: V };

/** A message taken for sending: opened for its sender, or the error that kept it closed. */
interface Taken {
  readonly message: store.StoredMessage;
  readonly outgoing?: OutgoingMessage;
  readonly error?: unknown;
}

export interface MessagesDeps {
  readonly db: Database;
  readonly personal: PersonalData;
  readonly sender: MessageSender;
  readonly log: Logger;
  /** The time: tests move it. */
  readonly now?: () => Date;
}

export class Messages {
  readonly #db: Database;
  readonly #personal: PersonalData;
  readonly #sender: MessageSender;
  readonly #log: Logger;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(deps: MessagesDeps) {
    this.#db = deps.db;
    this.#personal = deps.personal;
    this.#sender = deps.sender;
    this.#log = deps.log;
    this.#now = deps.now ?? (() => new Date());
  }

  /** The sender's name ('local', 'webhook https://…'). */
  get sender(): string {
    return this.#sender.name;
  }

  /**
   * Makes sure the tenant's sealing keys exist, before a transaction that queues: a tenant's first
   * seal writes its key, which embedded PGlite (one connection) cannot do from inside another
   * transaction. Cheap once done (the keys are cached).
   */
  async prepare(tenant: string): Promise<void> {
    await this.#personal.seal(tenant, '');
    await this.#personal.index('phone', '0');
  }

  /**
   * Queues a message in the caller's transaction: sent once it commits, never if it rolls back.
   * Call `prepare(tenant)` first if this process may not have sealed anything for the tenant yet.
   */
  async queue(tx: Sql, m: PersonMessage): Promise<void> {
    const email = m.to.email?.trim() || undefined;
    const phone = m.to.phone?.trim() || undefined;
    if (email === undefined && phone === undefined) throw new Error(`a message (${m.topic}) with nobody to send it to`);
    const t = m.tenant;
    const secrets = (m.secrets ?? []).filter((s) => s !== '');
    await store.insertMessage(tx, {
      tenant: t,
      topic: m.topic,
      language: m.language,
      recipient: await this.#personal.seal(t, JSON.stringify({ ...some('email', email), ...some('phone', phone) })),
      phoneIndex: phone === undefined ? null : await this.#personal.index('phone', phone),
      subject: await this.#personal.seal(t, m.subject),
      text: await this.#personal.seal(t, m.text),
      link: m.link === undefined ? null : await this.#personal.seal(t, m.link),
      secrets: secrets.length === 0 ? null : await this.#personal.seal(t, JSON.stringify(secrets)),
      expiresAt: m.expiresAt === undefined ? null : new Date(m.expiresAt),
      createdAt: this.#now(),
    });
  }

  /**
   * Sends the messages due: each at least once; a failure is tried again later, further apart each
   * time (30 s doubling to an hour); one past its `expiresAt` is dropped. Takes them a batch at a
   * time until none is due or the round has worked a second (the worker then goes on at once);
   * returns how many were sent.
   */
  async deliver(): Promise<number> {
    return (await this.#round()).sent;
  }

  /** One round of the worker; `more` when it stopped on its time budget with messages still due. */
  async #round(): Promise<{ sent: number; more: boolean }> {
    // Measured on the module's clock, which tests hold still: a round there ends only when drained.
    const until = this.#now().getTime() + ROUND_MS;
    let sent = 0;
    let more = true;
    while (more) {
      const now = this.#now();
      if (now.getTime() >= until) break;
      const due = await this.#db.transaction((tx) => store.takeDue(tx, now, LEASE_MS, BATCH));
      const batch = await this.#sendBatch(due, now);
      sent += batch.sent;
      // A short batch is the last one due; a batch that all failed means the gateway is down: wait.
      more = due.length === BATCH && batch.sent + batch.expired > 0;
    }
    await store.deleteOld(this.#db, new Date(this.#now().getTime() - KEEP_MS));
    return { sent, more };
  }

  /**
   * Sends a batch: different people's messages side by side, each person's one after another in the
   * order queued; after a failure that person's later messages of the batch wait with it, so they
   * still arrive in order. Those sent are marked every few sends or seconds (on the module's clock);
   * no send starts near the lease's end, so another worker never takes what this one is sending.
   */
  async #sendBatch(due: readonly store.StoredMessage[], now: Date): Promise<{ sent: number; expired: number }> {
    const expired = due.filter((m) => m.expiresAt !== null && m.expiresAt.getTime() <= now.getTime());
    await store.markExpired(
      this.#db,
      expired.map((m) => m.id),
    );
    const people = new Map<string, Taken[]>();
    for (const m of due) {
      if (expired.includes(m)) continue;
      const opened: Taken = await this.#open(m).then(
        (outgoing) => ({ message: m, outgoing }),
        (error: unknown) => ({ message: m, error }),
      );
      const to = opened.outgoing?.to;
      const person = `${m.tenant}\n${to?.phone?.replace(/\D/g, '') || to?.email?.toLowerCase() || `#${m.id}`}`;
      people.set(person, [...(people.get(person) ?? []), opened]);
    }
    const queues = [...people.values()];
    const stopAt = now.getTime() + LEASE_MS - LEASE_MARGIN_MS;
    let sent = 0;
    let unmarked: string[] = [];
    let markedAt = this.#now().getTime();
    const mark = async (all: boolean) => {
      const at = this.#now();
      if (!all && unmarked.length < MARK_EVERY && at.getTime() - markedAt < MARK_EVERY_MS) return;
      const ids = unmarked;
      unmarked = [];
      markedAt = at.getTime();
      await store.markDelivered(this.#db, ids, this.#sender.name, at);
    };
    const sendQueues = async () => {
      for (let queue = queues.shift(); queue !== undefined; queue = queues.shift()) {
        for (const [i, { message: m, outgoing, error }] of queue.entries()) {
          if (this.#now().getTime() >= stopAt) {
            await store.putBack(
              this.#db,
              queue.slice(i).map((o) => o.message.id),
              this.#now(),
            );
            break;
          }
          try {
            if (outgoing === undefined) throw error;
            await this.#sender.send(outgoing);
            sent++;
            unmarked.push(m.id);
            await mark(false);
          } catch (err) {
            const backoffMs = Math.min(3600_000, 30_000 * 2 ** Math.min(Math.max(m.attempts - 1, 0), 7));
            const nextAt = new Date(now.getTime() + backoffMs);
            // The error names the gateway; the person is named by nothing but the message's id.
            this.#log.warn(
              { err, tenant: m.tenant, messageId: m.id, topic: m.topic, attempts: m.attempts },
              'message not sent; tried again later',
            );
            await store.markFailed(this.#db, m.id, err instanceof Error ? err.message : String(err), nextAt);
            await store.putBack(
              this.#db,
              queue.slice(i + 1).map((o) => o.message.id),
              nextAt,
            );
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queues.length) }, sendQueues));
    await mark(true);
    return { sent, expired: expired.length };
  }

  /** A message as its sender is handed it. */
  async #open(m: store.StoredMessage): Promise<OutgoingMessage> {
    const to = JSON.parse((await this.#personal.open(m.recipient)) ?? '{}') as OutgoingMessage['to'];
    const link = await this.#personal.open(m.link);
    return {
      tenant: m.tenant,
      topic: m.topic,
      to,
      language: m.language,
      subject: (await this.#personal.open(m.subject)) ?? '',
      text: (await this.#personal.open(m.text)) ?? '',
      ...some('link', link),
    };
  }

  /**
   * The outbox, newest first, for administrators and tests. Contacts are masked. Secrets (one-time
   * codes, tokens in links) are shown only with the local sender, whose outbox is the mailbox the
   * demo's messages reach: with a gateway, nobody here needs to read a code meant for someone else.
   */
  async outbox(tenant: string, q: OutboxQuery = {}): Promise<OutboxEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), 500);
    const rows = await store.list(this.#db, tenant, { topic: q.topic, limit });
    const mailbox = this.#sender === localSender;
    return Promise.all(
      rows.map(async (m) => {
        const to = JSON.parse((await this.#personal.open(m.recipient)) ?? '{}') as { email?: string; phone?: string };
        const secrets = mailbox ? [] : (JSON.parse((await this.#personal.open(m.secrets)) ?? '[]') as string[]);
        const hide = (text: string) => hideSecrets(text, secrets);
        const link = await this.#personal.open(m.link);
        return {
          id: m.id,
          topic: m.topic,
          to: {
            ...some('email', to.email === undefined ? undefined : mask('email', to.email)),
            ...some('phone', to.phone === undefined ? undefined : mask('phone', to.phone)),
          },
          language: m.language,
          subject: hide((await this.#personal.open(m.subject)) ?? ''),
          text: hide((await this.#personal.open(m.text)) ?? ''),
          ...some('link', link === null ? null : hide(link)),
          createdAt: m.createdAt.toISOString(),
          attempts: m.attempts,
          ...some('deliveredAt', m.deliveredAt?.toISOString()),
          ...some('sender', m.sender),
          ...some('lastError', m.lastError),
        };
      }),
    );
  }

  /** The outbox's personal data, for data-subject requests (found by the phone's blind index). */
  personalDataSource(): PersonalDataSource {
    return {
      name: PERSONAL_SOURCE,
      fields: { email: 'email', phone: 'phone', text: 'free-text' },
      find: async (tenant, subject) => {
        if (subject.kind !== 'phone') return [];
        const rows = await store.byPhoneIndex(this.#db, tenant, subject.index);
        return Promise.all(
          rows.map(async (m) => {
            const to = JSON.parse((await this.#personal.open(m.recipient)) ?? '{}') as {
              email?: string;
              phone?: string;
            };
            // A data-subject export is read by an officer, not by the person: a live one-time code
            // or follow token in it would let the officer act as the person. Secrets are always hidden.
            const secrets = JSON.parse((await this.#personal.open(m.secrets)) ?? '[]') as string[];
            const text = await this.#personal.open(m.text);
            return {
              id: m.id,
              tenant: m.tenant,
              values: {
                email: to.email ?? null,
                phone: to.phone ?? null,
                text: text === null ? null : hideSecrets(text, secrets),
              },
            };
          }),
        );
      },
      erase: async (tenant, id) => {
        await store.deleteMessage(this.#db, tenant, id);
        return 'erased';
      },
    };
  }

  /**
   * The worker role: a round every few seconds until `stop`; a round that ran out of time with
   * messages still due is followed by the next at once, so a backlog drains as fast as it is sent.
   */
  startWorker(everyMs = 5_000): void {
    if (this.#timer) return;
    const round = (): void => {
      if (this.#running || !this.#timer) return; // one round at a time on this instance
      this.#running = this.#round()
        .then(
          (r) => r.more,
          (err: unknown) => {
            this.#log.error({ err }, 'message delivery failed; it runs again later');
            return false;
          },
        )
        .then((more) => {
          this.#running = undefined;
          if (more) setImmediate(round);
        });
    };
    this.#timer = setInterval(round, everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
