import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs the real `thanglong` command (from the TypeScript sources) as a child process. */

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The environment of a child: nothing inherited that could change Thang Long's behaviour. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    LOG_LEVEL: 'warn',
    DEMO: 'off',
    HOST: '127.0.0.1',
    PORT: '0',
    // Many servers run side by side in a test run: each device broker on a port of its own.
    MQTT_PORT: '0',
    // Test receivers listen on loopback, which production refuses.
    OUTBOUND_ALLOW: '127.0.0.1,::1,localhost',
    ...env,
  };
}

function spawnCli(args: string[], env: Record<string, string>, cwd = ROOT): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd,
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: { input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const child = spawnCli(args, env, options.cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin?.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything written so far (banner and JSON log lines). */
  output(): string;
  /** What was written to standard output alone (the banner and the JSON log stream). */
  stdout(): string;
  /** What was written to standard error alone (messages for the operator, such as a first password). */
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

/** Starts `thanglong start` and resolves once it prints the URL it serves. */
/**
 * Where servers of this test file keep local state unless told otherwise (a generated personal-data
 * key, say): one place for the file, so a restarted server finds what the first one left, and never
 * the working tree.
 */
let dataDir: string | undefined;
const serverDataDir = (): string => (dataDir ??= mkdtempSync(join(tmpdir(), 'thanglong-server-')));

export function startServer(env: Record<string, string>, args: string[] = []): Promise<RunningServer> {
  const child = spawnCli(['start', ...args], { DATA_DIR: serverDataDir(), ...env });
  let output = '';
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      stdout += d.toString();
      const m = /API and web:\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (m) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (more: Buffer) => {
          output += more.toString();
          stdout += more.toString();
        });
        resolve({
          url: m[1] as string,
          child,
          output: () => output,
          stdout: () => stdout,
          stderr: () => stderr,
          exited,
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
      stderr += d.toString();
    });
    void exited.then((code) => reject(new Error(`thanglong exited with ${code} before serving:\n${output}`)));
  });
}

/** One HTTP call to a running server, with a bearer token and a JSON body when given. */
export async function callServer(
  server: RunningServer,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, text: await res.text() };
}

/** Logs in as the first administrator (AUTH_ADMIN_PASSWORD) and returns the session token. */
export async function loginAdmin(server: RunningServer, password: string): Promise<string> {
  const res = await callServer(server, 'POST', '/api/v1/auth/login', undefined, { username: 'admin', password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return (JSON.parse(res.text) as { token: string }).token;
}
