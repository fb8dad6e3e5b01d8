import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The library's layers, lowest first: a file may import from its own folder or from a lower layer, never from a
 * higher one or a sibling folder of the same layer. Endpoints → domain → persistence → entities.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['oauth2-token.constants.ts', 'crypto', 'exceptions'],
  ['entities', 'migrations'],
  ['interfaces'],
  ['config', 'http', 'events'],
  ['persistence'],
  ['domain'],
  ['grants', 'authorization', 'resource-server'],
  ['endpoints'],
  ['metadata', 'openapi'],
  ['oauth2-token.module-definition.ts'],
  ['oauth2-token.module.ts'],
  ['index.ts'],
];

const SRC = resolve('src');
const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The top-level entry of src a file belongs to: its folder, or its own name for a file at the top. */
const unitOf = (file: string) => relative(SRC, file).split('/')[0];

function layerOf(file: string): number {
  const layer = LAYERS.findIndex((units) => units.includes(unitOf(file)));
  if (layer < 0) throw new Error(`${relative(SRC, file)} is in no layer: add its folder to LAYERS`);
  return layer;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => resolve(dirname(file), `${match[1]}.ts`));
}

type ImportGraph = Map<string, string[]>;

/** Imports that leave their folder for the same or a higher layer. */
function upwardImports(graph: ImportGraph): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets
      .filter((target) => unitOf(target) !== unitOf(file) && layerOf(target) >= layerOf(file))
      .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
  );
}

/** Each import cycle, as the files round it. */
function importCycles(graph: ImportGraph): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      const round = [...path.slice(path.indexOf(file)), file];
      cycles.push(round.map((f) => relative(SRC, f)).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  return cycles;
}

const graph: ImportGraph = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file)]));

describe('src import layers', () => {
  it('has every file in a layer', () => {
    expect(() => [...graph.keys()].forEach(layerOf)).not.toThrow();
  });

  it('imports only from the same folder or a lower layer', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('flags an upward or sideways import and a cycle', () => {
    const [domain, endpoint, grant, authorizer] = [
      'domain/a.ts',
      'endpoints/b.ts',
      'grants/c.ts',
      'authorization/d.ts',
    ].map((file) => join(SRC, file));
    const bad: ImportGraph = new Map([
      [domain, [endpoint]],
      [endpoint, [domain]],
      [grant, [authorizer]],
    ]);
    expect(upwardImports(bad)).toEqual([
      'domain/a.ts → endpoints/b.ts',
      'grants/c.ts → authorization/d.ts',
    ]);
    expect(importCycles(bad)).toEqual(['domain/a.ts → endpoints/b.ts → domain/a.ts']);
  });
});
