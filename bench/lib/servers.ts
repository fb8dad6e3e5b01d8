import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildRequest, ChildStats } from './child.js';
import type { ResourceVariant } from './resource-scenario.js';

/** The servers the bench compares, each started in its own process. */
export const SERVER_KINDS = {
  'nest-fastify': {
    label: 'nestjs-oauth2-token, Fastify',
    script: 'sample-app',
    args: [],
    env: { HTTP_ADAPTER: 'fastify' },
  },
  'nest-express': {
    label: 'nestjs-oauth2-token, Express',
    script: 'sample-app',
    args: [],
    env: { HTTP_ADAPTER: 'express' },
  },
  raw: { label: 'raw node:http + driver', script: 'raw', args: [], env: {} },
  'raw-cc': {
    label: 'raw node:http + driver, client_credentials alongside',
    script: 'raw',
    args: [],
    env: {},
  },
  'bare-fastify': {
    label: 'bare Nest controller, Fastify',
    script: 'nest-bare',
    args: ['fastify'],
    env: {},
  },
  'bare-express': {
    label: 'bare Nest controller, Express',
    script: 'nest-bare',
    args: ['express'],
    env: {},
  },
  'oauth2-server': {
    label: '@node-oauth/oauth2-server + Express',
    script: 'oauth2-server',
    args: [],
    env: {},
  },
  ...resourceKinds('fastify', 'Fastify'),
  ...resourceKinds('express', 'Express'),
} as const;

/**
 * The resource scenario's rows (`resource.server.ts`), one per request variant: `resource-<variant>-<platform>`. One
 * process per platform serves every variant (see `processOf` in run.ts).
 */
function resourceKinds<P extends 'fastify' | 'express'>(platform: P, name: string) {
  const kind = (variant: string, label: string) => ({
    label: `GET ${label}, ${name}`,
    script: 'resource',
    args: [platform],
    env: {},
  });
  return {
    [`resource-open-${platform}`]: kind('open', 'without a guard (a)'),
    [`resource-allow-${platform}`]: kind('allow', 'behind a guard that allows all'),
    [`resource-open_opaque-${platform}`]: kind('open_opaque', 'without a guard, (b)’s request'),
    [`resource-open_jwt-${platform}`]: kind('open_jwt', 'without a guard, (c)’s request'),
    [`resource-open_dpop-${platform}`]: kind('open_dpop', 'without a guard, (d)’s request'),
    [`resource-opaque-${platform}`]: kind('opaque', 'opaque Bearer, database lookup (b)'),
    [`resource-jwt-${platform}`]: kind('jwt', 'JWT verified locally (c)'),
    [`resource-dpop-${platform}`]: kind('dpop', 'DPoP-bound JWT, a new proof each (d)'),
    [`resource-mac-${platform}`]: kind('mac', 'MAC (e)'),
  } as Record<`resource-${ResourceVariant}-${P}`, ReturnType<typeof kind>>;
}

/** One of `SERVER_KINDS`. */
export type ServerKind = keyof typeof SERVER_KINDS;

/** A running server process. */
export interface BenchServer {
  kind: ServerKind;
  port: number;
  pid: number;
  /** Starts a measured window. */
  begin(): void;
  /** Ends the window: the server's CPU time, RSS and event-loop delay over it. */
  end(): Promise<ChildStats>;
  /** The server's RSS now. */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

/** Starts a server of `kind` on the database at `url`; `nodeArgs` go to its Node.js (e.g. `--cpu-prof`). */
export function startServer(
  kind: ServerKind,
  url: string,
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  const spec = SERVER_KINDS[kind];
  const script = fileURLToPath(new URL(`../servers/${spec.script}.server.js`, import.meta.url));
  const child = fork(script, [url, ...spec.args], {
    env: { ...process.env, NODE_ENV: 'production', ...spec.env },
    execArgv: nodeArgs,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        cleanup();
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${kind} exited (${code}) before answering: ${stderr.trim()}`));
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const send = (message: ChildRequest) => child.send(message);
  const ready = next('ready');
  const timeout = setTimeout(() => child.kill('SIGKILL'), STARTUP_TIMEOUT_MS);
  return ready.then(
    ({ port }) => {
      clearTimeout(timeout);
      return {
        kind,
        port,
        pid: child.pid ?? 0,
        begin: () => send({ type: 'begin' }),
        async end() {
          const stats = next('stats');
          send({ type: 'end' });
          return (await stats).stats;
        },
        async rss() {
          const sample = next('sample');
          send({ type: 'sample' });
          return (await sample).rss;
        },
        stop: () => stopChild(child),
      };
    },
    (error: unknown) => {
      clearTimeout(timeout);
      throw error;
    },
  );
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.send({ type: 'stop' } satisfies ChildRequest);
  });
}
