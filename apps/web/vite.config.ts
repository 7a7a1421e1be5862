import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The operations centre is served by the Thang Long server itself (apps/server serves dist/), so the
// dev server only proxies the API to a running instance.
const api = process.env.THANGLONG_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false, // the server would publish the sources; errors are read in the browser's own tools
    chunkSizeWarningLimit: 1200, // MapLibre alone is ~800 kB before gzip; it loads in its own chunk
    rollupOptions: {
      // Three pages: the operations centre, and the public pages of riders and citizens (plain DOM, each
      // its own small entry).
      input: {
        centre: fileURLToPath(new URL('index.html', import.meta.url)),
        rider: fileURLToPath(new URL('rider/index.html', import.meta.url)),
        citizen: fileURLToPath(new URL('citizen/index.html', import.meta.url)),
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
