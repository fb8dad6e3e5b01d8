import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The built server, `npm run build` output. */
export const SAMPLE_MAIN = join(process.cwd(), 'dist', 'sample-app', 'main.js');
/** The built CLI. */
export const SAMPLE_CLI = join(process.cwd(), 'dist', 'sample-app', 'cli.js');

/** Where each server's whole output goes: `dist/reliability/logs/app-<port>.log`. */
export const LOG_DIR = join(process.cwd(), 'dist', 'reliability', 'logs');

/** How long a server may take to listen: seconds when idle, over 30 s with three starting on a loaded 2-core machine. */
const STARTUP_LIMIT_MS = 90_000;

/** How to start one sample-app server. */
export interface SampleProcessOptions {
  databaseUrl: string;
  /** DB_TIMEOUT_MS; the app's default (5000) when absent. */
  dbTimeoutMs?: number;
  /** More environment for the server, e.g. REDIS_URL and REDIS_KEY_PREFIX. */
  env?: Record<string, string>;
}

/**
 * One `node dist/sample-app/main.js` on a free loopback port, seeding the demo data (SEED_DEMO=1) and registering
 * its own `/callback` for the demo client: the real server as a user starts it. Keeps the tail
 * of its output for failure messages and notes when (and how) it exited, so a suite can prove it never died.
 */
export class SampleProcess {
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly output: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    mkdirSync(LOG_DIR, { recursive: true });
    const log = createWriteStream(join(LOG_DIR, `app-${port}.log`));
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        log.write(chunk);
        this.output.push(...chunk.split('\n').filter(Boolean));
        this.output.splice(0, Math.max(0, this.output.length - 300));
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        log.end();
        resolve();
      });
    });
    process.once('exit', () => child.kill('SIGKILL'));
  }

  /** Spawns the server; resolves once it listens (answers /health with any status). */
  static async start(options: SampleProcessOptions): Promise<SampleProcess> {
    if (!existsSync(SAMPLE_MAIN)) throw new Error(`${SAMPLE_MAIN} is missing: run npm run build`);
    const port = await freeAppPort();
    const child = spawn(process.execPath, [SAMPLE_MAIN], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: options.databaseUrl,
        SEED_DEMO: '1',
        ...(options.dbTimeoutMs && { DB_TIMEOUT_MS: String(options.dbTimeoutMs) }),
        ...options.env,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new SampleProcess(child, port);
    await app.waitForHealth(null, STARTUP_LIMIT_MS);
    return app;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last lines the server printed. */
  logTail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  /** Polls GET /health until it answers `status` (any status for null); bounded by `timeoutMs`. */
  async waitForHealth(status: number | null = 200, timeoutMs = 30_000): Promise<number> {
    const startedAt = Date.now();
    for (;;) {
      if (this.exit) {
        throw new Error(
          `The sample app on port ${this.port} exited (${JSON.stringify(this.exit)}):\n${this.logTail()}`,
        );
      }
      const answered = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(2000) })
        .then((response) => response.status)
        .catch(() => null);
      if (answered !== null && (status === null || answered === status)) {
        return Date.now() - startedAt;
      }
      if (Date.now() - startedAt > timeoutMs) {
        throw new Error(
          `The sample app on port ${this.port} did not answer /health ${status ?? ''} within ${timeoutMs} ms (last: ${answered}):\n${this.logTail()}`,
        );
      }
      await sleep(50);
    }
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.exit) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
  }
}

/** A free port below the ephemeral range, so no outgoing connection can be holding it. */
async function freeAppPort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 30_000 + Math.floor(Math.random() * 2700);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('No free port for a sample app');
}
