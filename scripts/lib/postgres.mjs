// A throwaway PostgreSQL + PostGIS server on loopback for the test suites, installed from Debian's
// packages when missing and the runner is root. Stopped and deleted afterwards.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptInstall, isRoot } from './debian.mjs';

const PG_ROOT = '/usr/lib/postgresql';
const WANTED_PACKAGES = ['postgresql-15', 'postgresql-15-postgis-3'];

/** The newest installed PostgreSQL (>= 15) that has PostGIS, as { version, bin }. */
function findInstallation() {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .map(Number)
    .filter((v) => v >= 15)
    .sort((a, b) => b - a);
  for (const v of versions) {
    const bin = join(PG_ROOT, String(v), 'bin');
    const postgis = `/usr/share/postgresql/${v}/extension/postgis.control`;
    if (existsSync(join(bin, 'initdb')) && existsSync(postgis)) return { version: v, bin };
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL tool as the `postgres` user when we are root (the server refuses to run as root). */
function runAsOwner(bin, tool, args) {
  const file = join(bin, tool);
  if (isRoot()) return execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  return execFileSync(file, args, { stdio: 'pipe' });
}

/**
 * Starts a fresh server; resolves with { url, stop }. Throws with a reason when it cannot
 * (no PostgreSQL and not root, say).
 */
export async function startThrowawayPostgres(say) {
  let found = findInstallation();
  if (!found) {
    if (!isRoot()) throw new Error('PostgreSQL >= 15 with PostGIS is not installed, and installing it needs root');
    aptInstall(WANTED_PACKAGES, say);
    found = findInstallation();
    if (!found) throw new Error('PostgreSQL with PostGIS is still missing after apt-get install');
  }
  const dir = mkdtempSync(join(tmpdir(), 'thanglong-pg-'));
  if (isRoot()) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
  const data = join(dir, 'data');
  runAsOwner(found.bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = [
    `-c listen_addresses=127.0.0.1`,
    `-p ${port}`,
    `-k ${dir}`,
    // A test server: durability is not what is being tested against it.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  runAsOwner(found.bin, 'pg_ctl', [
    '-D',
    data,
    '-o',
    options,
    '-w',
    '-t',
    '60',
    '-l',
    join(dir, 'server.log'),
    'start',
  ]);
  say(`PostgreSQL ${found.version} with PostGIS running on 127.0.0.1:${port} (throwaway)`);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsOwner(found.bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
