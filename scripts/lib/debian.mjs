// Debian packages the test suites need, installed with apt-get when missing and the runner is root.
import { spawnSync } from 'node:child_process';

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export function aptInstall(packages, say) {
  say(`installing ${packages.join(' ')} from Debian (apt-get)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    r = install();
  }
  if (r.status !== 0) throw new Error(`apt-get install failed: ${r.stderr?.toString().trim().slice(-500)}`);
}
