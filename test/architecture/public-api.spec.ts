import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as api from 'nestjs-oauth2-token';
// @ts-expect-error: a plain ES module script without type declarations
import { apiReport } from '../../scripts/api-report.mjs';

/** The names of api-report.txt, each with its kind. */
const recorded = readFileSync('api-report.txt', 'utf8');
const RUNTIME_KINDS = new Set(['class', 'function', 'const', 'enum']);

describe('the public API', () => {
  it('is exactly what api-report.txt records (run `npm run api:report` after a deliberate change)', () => {
    expect((apiReport as () => string)()).toBe(recorded);
  });

  it('exports at run time every value the report lists, and nothing else', () => {
    const values = recorded
      .trim()
      .split('\n')
      .map((line) => line.split(': '))
      .filter(([, kind]) => RUNTIME_KINDS.has(kind))
      .map(([name]) => name);
    expect(Object.keys(api).sort()).toEqual(values.sort());
  });
});
