import type { FastifyInstance } from 'fastify';

/**
 * The base URL of this instance for links it publishes or stores: PUBLIC_URL, else where it listens.
 * Never a request header: a forged Host would put an attacker's address into what others read.
 */
export function ownBaseUrl(fastify: FastifyInstance, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl.replace(/\/+$/, '');
  const bound = fastify.server.address();
  if (bound === null || typeof bound === 'string') return 'http://localhost';
  const host = ['0.0.0.0', '::'].includes(bound.address) ? 'localhost' : bound.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound.port}`;
}
