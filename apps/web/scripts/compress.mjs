// After `vite build`: a gzip copy of every text asset, which the server sends to browsers that accept it
// (precompressed once, so serving costs no CPU). Arguments: the build directories (default dist).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const dists = process.argv.length > 2 ? process.argv.slice(2) : ['dist'];
const TEXT = /\.(js|css|html|svg|json|map|txt)$/;
let before = 0;
let after = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (TEXT.test(name)) {
      const body = readFileSync(path);
      const gz = gzipSync(body, { level: 9 });
      if (gz.length < body.length) writeFileSync(`${path}.gz`, gz);
      if (!name.endsWith('.map')) {
        before += body.length;
        after += Math.min(gz.length, body.length);
      }
    }
  }
}
for (const dist of dists) {
  before = 0;
  after = 0;
  walk(join(root, dist));
  process.stdout.write(
    `[web] ${dist}: ${(before / 1024).toFixed(0)} kB of assets, ${(after / 1024).toFixed(0)} kB gzipped\n`,
  );
}
