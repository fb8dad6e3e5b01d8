import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runLoad } from './load.js';
import { startServer, type ServerKind } from './servers.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  endTime: number;
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PROFILE_SECONDS = 10;

/** What to profile: a sample-app server, one scenario's requests. */
export interface ProfileTarget {
  kind: ServerKind;
  scenario: string;
  headers: Record<string, string>;
  body: string | (() => string);
}

/**
 * Loads a sample-app server, started with `--cpu-prof`, with one scenario's requests for 10 s, and sums the
 * profile's self time by function and by area (package or source folder). Returns a Markdown summary.
 */
export async function profileTokenPath(
  url: string,
  resultsDir: string,
  target: ProfileTarget,
): Promise<string> {
  const dir = mkdtempSync(join(resultsDir, 'cpuprofile-'));
  const request = { headers: target.headers, body: target.body };
  let load;
  try {
    const server = await startServer(target.kind, url, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    try {
      await runLoad({
        port: server.port,
        path: '/oauth2/token',
        ...request,
        duration: 1,
        connections: 16,
      });
      load = await runLoad({
        port: server.port,
        path: '/oauth2/token',
        ...request,
        duration: PROFILE_SECONDS,
        connections: 16,
      });
    } finally {
      await server.stop();
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('The server wrote no CPU profile');
    const db = url.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL';
    return summarise(
      JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile,
      load.perSecond,
      `${target.kind} on ${db}, ${target.scenario}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function area(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node: internals';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const local = /\/dist\/(src|sample-app|bench)\/([^/]+)/.exec(url);
  if (local) return `${local[1]}/${local[2]}`;
  return url;
}

function summarise(profile: CpuProfile, perSecond: number, what: string): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // The profile spans the whole process: keep the samples of the measured load, its last PROFILE_SECONDS.
  const from = profile.endTime - PROFILE_SECONDS * 1e6;
  let at = profile.startTime;
  const selfByFunction = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    at += micros;
    if (at < from) return;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url
      ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}`
      : '';
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + micros);
    const key = functionName.startsWith('(') && !url ? functionName : area(url);
    selfByArea.set(key, (selfByArea.get(key) ?? 0) + micros);
    total += micros;
  });
  const busy = total - (selfByArea.get('(idle)') ?? 0);
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, micros]) =>
          `| ${name.replace(/\|/g, '\\|')} | ${((100 * micros) / busy).toFixed(1)} % |`,
      );
  return [
    '# CPU profile of the token path',
    '',
    `Sample app (${what}), 16 connections for ${PROFILE_SECONDS} s at ${perSecond.toFixed(0)} req/s;`,
    `self time as a share of the process's busy (non-idle) time over the last ${PROFILE_SECONDS} s (start-up and warm-up left out), ` +
      `${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled.`,
    '',
    '## By area',
    '',
    '| area | self time |',
    '| --- | ---: |',
    ...top(selfByArea, 20),
    '',
    '## Top functions',
    '',
    '| function | self time |',
    '| --- | ---: |',
    ...top(selfByFunction, 30),
    '',
  ].join('\n');
}
