import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

// The operations centre is served by the Thang Long server itself (apps/server serves dist/), so the
// dev server only proxies the API to a running instance.
const api = process.env.THANGLONG_URL ?? 'http://127.0.0.1:8080';

/**
 * Hanoi's 126 wards and communes (code and names) for the e-forms' ward fields, read at build time from
 * the city facts the server carries: one source, and the outlines (370 kB) stay out of the page.
 */
function wards(): Plugin {
  const id = 'virtual:thanglong-wards';
  return {
    name: 'thanglong-wards',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const file = fileURLToPath(new URL('../server/data/city/areas.json', import.meta.url));
      const units = (
        JSON.parse(readFileSync(file, 'utf8')) as { units: { code: string; name: string; nameEn: string }[] }
      ).units;
      const list = units
        .map((u) => ({ code: u.code, name: u.name, nameEn: u.nameEn }))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      return `export const WARDS = ${JSON.stringify(list)};`;
    },
  };
}

export default defineConfig({
  plugins: [react(), wards()],
  build: {
    outDir: 'dist',
    sourcemap: false, // the server would publish the sources; errors are read in the browser's own tools
    chunkSizeWarningLimit: 1200, // MapLibre alone is ~800 kB before gzip; it loads in its own chunk
    rollupOptions: {
      // Four pages: the operations centre, and the public pages of riders, citizens' reports and online
      // public services (plain DOM, each its own small entry).
      input: {
        centre: fileURLToPath(new URL('index.html', import.meta.url)),
        rider: fileURLToPath(new URL('rider/index.html', import.meta.url)),
        citizen: fileURLToPath(new URL('citizen/index.html', import.meta.url)),
        services: fileURLToPath(new URL('dich-vu-cong/index.html', import.meta.url)),
      },
      output: {
        manualChunks: (id) =>
          id.includes('node_modules/maplibre-gl')
            ? 'maplibre'
            : /node_modules\/(react|react-dom|scheduler)\//.test(id)
              ? 'react'
              : undefined,
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/ngsi-ld', '/iot', '/health', '/open311'].map((p) => [p, { target: api, changeOrigin: true }]),
    ),
  },
});
