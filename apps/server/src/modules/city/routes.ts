import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Document, Empty } from '../../platform/http/schemas.js';
import { cityBasemap } from './basemap.js';

/** Facts of the city for everyone: no login, cacheable for a day (they change only with a release). */

const open = { access: 'public' as const };
const tags = ['City'];

/** Whether Accept-Encoding allows gzip (an explicit q=0 refuses it, `*` stands for it). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (coding === 'gzip' || coding === 'x-gzip') gzip = weight;
    else if (coding === '*') any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/** If-None-Match against the representation's ETag, with the weak comparison GET asks for (RFC 9110 §13.1.2). */
export function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

export async function cityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/city/basemap',
    {
      config: open,
      schema: {
        tags,
        summary: 'Offline basemap of Hanoi for the operations-centre map (GeoJSON, one layer per feature)',
        description:
          'One GeoJSON FeatureCollection (application/geo+json) with `properties.layer` on every feature: ' +
          '`boundary` (the city), `ward` (the 126 ward and commune outlines) and `ward-label` (their label ' +
          'points), `road` (main roads of central Hanoi), `water` (ponds and lakes around Văn Miếu), `place` ' +
          '(hospitals and emergency stations; `real: false` marks illustrative ones). Foreign members: ' +
          '`attribution` and the city `bbox`. Gzipped when the client accepts it; revalidate with If-None-Match.',
        response: {
          200: Document('application/geo+json', 'The basemap, one GeoJSON FeatureCollection'),
          304: Empty('Not modified: the ETag given in If-None-Match is current'),
        },
      },
    },
    async (request, reply) => {
      const basemap = cityBasemap();
      const gzip = acceptsGzip(request.headers['accept-encoding']);
      const etag = gzip ? basemap.gzipEtag : basemap.etag;
      void reply
        .header('cache-control', 'public, max-age=86400')
        .header('etag', etag)
        .header('vary', 'accept-encoding');
      if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send();
      void reply.type('application/geo+json');
      if (gzip) void reply.header('content-encoding', 'gzip');
      return reply.send(gzip ? basemap.gzip : basemap.body);
    },
  );
}
