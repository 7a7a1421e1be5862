import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../platform/auth/index.js';
import { Type } from 'typebox';
import { auditRefusedDevice, type AuditSink } from './device-audit.js';
import type { IngestMetrics } from '../platform/metrics.js';
import { SourceLimiter } from '../platform/source-limiter.js';
import { ingestErrors, PayloadRejected } from './errors.js';
import type { IngestPipeline, PayloadFormat } from './pipeline.js';
import type { InputProblemFactory } from '../platform/http/input-guard.js';

/** What the platform's input guard refuses on a device route, said as the device's other refusals are. */
const deviceInputProblem: InputProblemFactory = (code, detail) =>
  code === 'INPUT_TOO_DEEP'
    ? new PayloadRejected('too_deep', detail)
    : code === 'UNSTORABLE_TEXT'
      ? new PayloadRejected('invalid_text', detail)
      : new PayloadRejected('invalid_payload', detail);

/** The header a device of a group with deviceAuth `secret` gives its own secret in. */
const SECRET_HEADER = 'x-device-secret';

/** The API key and the device; described only, as the route checks them itself. */
const DEVICE_QUERY = {
  type: 'object',
  properties: { k: { description: 'API key of the service group' }, i: { description: 'Device id' } },
} as const;

/**
 * The HTTP southbound of the IoT Agent: `POST /iot/json?k={apikey}&i={deviceId}` with a JSON payload,
 * `POST /iot/d?k=…&i=…` with UltraLight 2.0. 200 once the measures are stored; a problem+json saying
 * why otherwise (503 with Retry-After when measures arrive faster than they can be stored; 429 with
 * Retry-After when one device sends faster than IOT_DEVICE_RATE, its burst spent).
 */

export interface SouthboundOptions {
  readonly pipeline: IngestPipeline;
  readonly maxPayloadBytes: number;
  /** The per-address failure count (AUTH_ADDRESS_FAILURES): a wrong apikey is a failed authentication. */
  readonly addressLimit: Pick<AuthService, 'checkAddress' | 'addressFailed'>;
  /** Where refused device secrets are recorded. */
  readonly audit?: AuditSink | undefined;
  /** How fast one device (apikey and device id) may send: a sustained rate a second, and a burst. */
  readonly rate: { readonly perSecond: number; readonly burst: number };
  readonly metrics?: IngestMetrics | undefined;
  /** The clock the rate reads (tests drive it). */
  readonly now?: (() => number) | undefined;
}

// As a topic level: no separators, wildcards, blanks or control characters (a NUL cannot be stored).
const KEY = /^[^\s/+#\p{Cc}]{1,256}$/u;
const tags = ['IoT devices'];
const Accepted = Type.Object({
  measures: Type.Integer({ minimum: 0, description: 'Measures taken from the payload, now on their way' }),
});

export async function southboundRoutes(app: FastifyInstance, options: SouthboundOptions): Promise<void> {
  const { pipeline, addressLimit, audit, metrics } = options;
  const now = options.now ?? Date.now;
  // The MQTT broker's bucket, per device here: one device's flood is answered 429, its neighbours' go on.
  const deviceRate = new SourceLimiter(options.rate.perSecond, 1000, { window: 'bucket', burst: options.rate.burst });
  // The decoder sees the raw bytes, whatever the device claims the content type is: it checks size and
  // syntax itself, so every refusal carries the same reasons (and metrics) as on MQTT.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxPayloadBytes * 4 }, (_req, body, done) =>
    done(null, body),
  );

  const route = (url: string, format: PayloadFormat, summary: string) =>
    app.post(
      url,
      {
        config: { access: 'public', inputProblem: deviceInputProblem },
        schema: {
          tags,
          summary,
          querystring: DEVICE_QUERY,
          headers: {
            type: 'object',
            properties: {
              [SECRET_HEADER]: {
                type: 'string',
                description: "The device's own secret (groups with deviceAuth secret)",
              },
            },
          },
          response: { 200: Accepted },
        },
      },
      async (request, reply) => {
        const query = request.query as Record<string, string | undefined>;
        const apikey = query['k'];
        const deviceId = query['i'];
        if (apikey === undefined || !KEY.test(apikey) || deviceId === undefined || !KEY.test(deviceId)) {
          throw new PayloadRejected('invalid_payload', 'The query must name the API key (k) and the device (i).');
        }
        const wait = deviceRate.take(`${apikey}\u0000${deviceId}`, now());
        if (wait > 0) {
          metrics?.messages.inc({ transport: 'http', outcome: 'rejected' });
          metrics?.rejected.inc({ transport: 'http', reason: 'too_fast' });
          throw ingestErrors.tooFast(deviceId, wait);
        }
        const body = request.body;
        const payload = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        if (payload.length === 0) throw new PayloadRejected('invalid_payload', 'The request has no payload.');
        // An address that guessed apikeys too often is refused before its key is looked at.
        addressLimit.checkAddress(request.ip);
        const given = request.headers[SECRET_HEADER];
        const secret = Array.isArray(given) ? given[0] : given;
        const proof = secret === undefined ? undefined : { secret };
        const message = {
          apikey,
          deviceId,
          payload,
          format,
          transport: 'http',
          receivedAt: new Date(),
          proof,
        } as const;
        const measures = await pipeline.accept(message, 'refuse').catch((err: unknown) => {
          if (err instanceof PayloadRejected && err.reason === 'unknown_apikey') addressLimit.addressFailed(request.ip);
          if (err instanceof PayloadRejected && err.reason === 'device_secret') {
            addressLimit.addressFailed(request.ip);
            const why = secret === undefined ? 'secret_missing' : 'secret_wrong';
            auditRefusedDevice(audit, {
              deviceId,
              tenant: err.deviceTenant,
              transport: 'http',
              address: request.ip,
              why,
            });
          }
          throw err;
        });
        return reply.code(200).send({ measures });
      },
    );

  route('/iot/json', 'json', 'Measures from a device (IoT Agent JSON)');
  route('/iot/d', 'ultralight', 'Measures from a device (UltraLight 2.0)');
}
