import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../apps/server/src/cli.ts', import.meta.url));

/**
 * `thanglong start` as a process of its own (all roles, quiet, on a port of its own), so that a
 * benchmark measures the server as it runs, not in the load generator's event loop. Resolves once it
 * prints the URL it serves.
 */
export async function startThangLongProcess(
  env: Record<string, string>,
  /** Another checkout's cli.ts, to compare with it. */
  cli = CLI,
): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_PROFILE_DIR: the server writes a CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env['BENCH_PROFILE_DIR'];
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', cli, 'start'], {
    env: { ...process.env, LOG_LEVEL: 'warn', DEMO: 'off', PORT: '0', HOST: '127.0.0.1', MQTT_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /API and web:\s+(http:\/\/\S+?)\/?\s/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`thanglong exited with ${code}:\n${out}`)));
  });
  return { url, child };
}

/**
 * The admin's session on a server a benchmark started: `call` sends JSON with the admin's token and
 * throws on any status from 300 up that is not in `okStatus` (a bench sets up, it does not test refusals).
 */
export async function adminSession(
  url: string,
  password: string,
): Promise<{
  token: string;
  headers: Record<string, string>;
  call: (method: string, path: string, body?: unknown, okStatus?: number[]) => Promise<unknown>;
}> {
  const { token } = (await (
    await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    })
  ).json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown, okStatus: number[] = []): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300 && !okStatus.includes(res.status))
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.headers.get('content-type')?.includes('json') ? res.json() : undefined;
  };
  return { token, headers, call };
}
