import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const NAME_PREFIX = 'rel_';

/**
 * A PostgreSQL cluster of its own on a free loopback port (pg_createcluster, trust auth), so faults can restart
 * it without touching the shared server; dropped by `drop()`. Needs root (or the postgres user) and Debian's
 * postgresql-common.
 */
export class ThrowawayCluster {
  private constructor(
    readonly version: string,
    readonly name: string,
    readonly port: number,
  ) {}

  /** Creates and starts a cluster; drops clusters left behind by runs whose process is gone. */
  static async create(label: string): Promise<ThrowawayCluster> {
    const version = newestVersion();
    await dropAbandonedClusters(version);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freeClusterPort();
      const name = `${NAME_PREFIX}${process.pid}_${label}_${attempt}`;
      try {
        await run(
          'pg_createcluster',
          [version, name, '--port', String(port), '--', '--auth=trust', '--no-sync'],
          { timeout: 60_000 },
        );
      } catch (error) {
        lastError = error;
        continue;
      }
      const cluster = new ThrowawayCluster(version, name, port);
      await cluster.start();
      return cluster;
    }
    throw new Error(`Cannot create a throwaway PostgreSQL cluster: ${String(lastError)}`);
  }

  /** A connection URL for `database` on this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    await this.control('start');
    await this.waitUntilReady();
  }

  async stop(): Promise<void> {
    await this.control('stop');
  }

  /** pg_ctlcluster restart (fast shutdown: sessions are terminated, in-flight transactions roll back). */
  async restart(): Promise<void> {
    await this.control('restart');
    await this.waitUntilReady();
  }

  /** Stops and deletes the cluster and its data. */
  async drop(): Promise<void> {
    await run('pg_dropcluster', ['--stop', this.version, this.name], { timeout: 60_000 });
  }

  /** A connected client on `database`; the caller ends it. */
  async client(database = 'postgres'): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    return client;
  }

  /** Runs one statement on `database` with a short-lived connection. */
  async query(sql: string, database = 'postgres'): Promise<pg.QueryResult> {
    const client = await this.client(database);
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }

  private async control(action: 'start' | 'stop' | 'restart'): Promise<void> {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', this.version, this.name, action], {
      timeout: 60_000,
    });
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await this.query('SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

function newestVersion(): string {
  const versions = readdirSync('/etc/postgresql').filter((entry) => /^\d+$/.test(entry));
  if (versions.length === 0) throw new Error('No PostgreSQL version under /etc/postgresql');
  return versions.sort((a, b) => Number(a) - Number(b)).at(-1)!;
}

async function listClusters(version: string): Promise<{ name: string; port: number }[]> {
  const { stdout } = await run('pg_lsclusters', ['--no-header'], { timeout: 30_000 });
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[0] === version && fields.length >= 3)
    .map((fields) => ({ name: fields[1], port: Number(fields[2]) }));
}

/** Clusters named `rel_<pid>_...` whose creating process no longer runs. */
async function dropAbandonedClusters(version: string): Promise<void> {
  for (const { name } of await listClusters(version)) {
    const pid = new RegExp(`^${NAME_PREFIX}(\\d+)_`).exec(name)?.[1];
    if (!pid || isRunning(Number(pid))) continue;
    await run('pg_dropcluster', ['--stop', version, name], { timeout: 60_000 }).catch(
      () => undefined,
    );
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freeClusterPort(): Promise<number> {
  const taken = new Set((await listClusters(newestVersion())).map((cluster) => cluster.port));
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000); // below the ephemeral range
    if (!taken.has(port) && !(await isListening(port))) return port;
  }
  throw new Error('No free port for a throwaway PostgreSQL cluster');
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
