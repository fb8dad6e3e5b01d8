import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  extractSnippets,
  typeCheckSnippets,
  type Snippet,
  type SnippetFailure,
} from './markdown-snippets.js';

const ROOT = process.cwd();
const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
const snippets = DOCUMENTS.flatMap((file) =>
  extractSnippets(file, readFileSync(join(ROOT, file), 'utf8')),
);
const checked = snippets.filter((snippet) => snippet.skipReason === undefined);

/** Checked in the same program as the docs: proves a broken block is caught and located. */
const FIXTURE = [
  '# fixture', // 1
  '<!-- snippet-context', // 2
  'declare const app: { get(token: unknown): string };', // 3
  '-->', // 4
  '', // 5
  '```ts', // 6
  "import { BEARER } from 'nestjs-oauth2-token';", // 7
  'const label: string = app.get(BEARER);', // 8
  'const broken: number = label;', // 9
  '```', // 10
  '', // 11
  '<!-- snippet-context', // 12
  'declare const missing: Missing;', // 13
  '-->', // 14
  '```typescript', // 15
  'missing.run();', // 16
  '```', // 17
].join('\n');
const [brokenBlock, brokenContext] = extractSnippets('fixture.md', FIXTURE);

let failures: Map<Snippet, SnippetFailure>;

beforeAll(() => {
  const found = typeCheckSnippets([...snippets, brokenBlock, brokenContext], {
    root: ROOT,
    tsconfigPath: join(ROOT, 'tsconfig.json'),
    packageName: 'nestjs-oauth2-token',
    entryPoint: join(ROOT, 'src', 'index.ts'),
  });
  failures = new Map(found.map((failure) => [failure.snippet, failure]));
});

describe('TypeScript blocks of README.md and docs/*.md', () => {
  it.each(checked.map((snippet) => [`${snippet.file}:${snippet.fenceLine}`, snippet] as const))(
    '%s type-checks',
    (_where, snippet) => {
      expect(failures.get(snippet)?.diagnostics ?? []).toEqual([]);
    },
  );

  it('finds the blocks and exempts at most two, each with a reason', () => {
    expect(checked.length).toBeGreaterThanOrEqual(10);
    const skipped = snippets.filter((snippet) => snippet.skipReason !== undefined);
    expect(skipped.length).toBeLessThanOrEqual(2);
  });
});

describe('the snippet checker', () => {
  it('reports a broken block at its markdown line, after its context', () => {
    expect(failures.get(brokenBlock)?.diagnostics).toEqual([
      expect.stringMatching(
        /^fixture\.md:9:7 TS2322: Type 'string' is not assignable to type 'number'/,
      ),
    ]);
  });

  it('reports a broken context at its line in the comment', () => {
    expect(failures.get(brokenContext)?.diagnostics).toEqual([
      expect.stringMatching(/^fixture\.md:13:\d+ TS2304: Cannot find name 'Missing'/),
    ]);
  });

  it.each([
    ['<!-- snippet-skip -->\n```ts\nx\n```', /snippet-skip needs a reason/],
    ['<!-- snippet-skip: a class body -->\n```sh\nls\n```', /before a non-TypeScript block/],
    ['<!-- snippet-context\ndeclare const a: 1;\n-->\ntext\n```ts\na\n```', /right before a block/],
    ['<!-- snippet-contxt: x -->\n```ts\nx\n```', /unknown directive snippet-contxt/],
  ])('refuses a misused directive: %s', (markdown, message) => {
    expect(() => extractSnippets('x.md', markdown)).toThrow(message);
  });

  it('reads a skip reason and leaves other languages alone', () => {
    const markdown = '```sh\nls\n```\n<!-- snippet-skip: a class body -->\n\n```ts\nfoo() {}\n```';
    expect(extractSnippets('x.md', markdown)).toEqual([
      {
        file: 'x.md',
        fenceLine: 6,
        code: 'foo() {}',
        prelude: '',
        preludeLine: 0,
        skipReason: 'a class body',
      },
    ]);
  });
});
