/**
 * `npm run test:packaging`: packs the package as `npm publish` would (prepack builds a clean dist), checks what the
 * tarball holds, installs it into two throwaway apps — an ES-module TypeScript app type-checked by `tsc`, and a
 * CommonJS app that loads it with `require()` — and has each get a client_credentials token over HTTP from SQLite.
 * Ends with the plain line CI reads, `N passed, N failed`, and exits non-zero on any failure. Set
 * PACKAGING_KEEP=1 to keep the temporary folder (it is always kept after a failure).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const manifest = readJson(join(root, 'package.json'));
const work = mkdtempSync(join(tmpdir(), 'oauth2-packaging-'));
const results = [];

/**
 * The consumers' dependencies: every peer plus the Express platform and the SQLite driver, at the exact versions
 * installed in this repository, so `--prefer-offline` finds them in npm's cache.
 */
const dependencies = versionsOf([
  ...Object.keys(manifest.peerDependencies),
  '@nestjs/platform-express',
  'better-sqlite3',
]);
const typescriptTools = versionsOf(['typescript', '@types/node']);

const started = Date.now();
const tarball = await check('npm pack', packTarball);
if (tarball) {
  await check('tarball contents', () => checkContents(tarball));
  await Promise.all([
    check('ESM TypeScript app', () => esmApp(tarball)),
    check('CommonJS app', () => commonJsApp(tarball)),
  ]);
}

const failed = results.filter((result) => !result.ok).length;
const passed = results.length - failed;
if (failed === 0 && !process.env.PACKAGING_KEEP) rmSync(work, { recursive: true, force: true });
else process.stdout.write(`The apps and their logs are kept in ${work}\n`);
process.stdout.write(`packaging: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;

/** `npm pack` into the temporary folder; its prepack script cleans and builds dist. */
async function packTarball() {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], root);
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  return join(work, packed.filename);
}

/**
 * What `files`, `exports` and the dependencies promise: the build and LICENSE, no tests, every package the code
 * imports declared in package.json, and source maps that carry their sources.
 */
async function checkContents(tarball) {
  const unpacked = join(work, 'unpacked');
  mkdirSync(unpacked);
  await run('tar', ['-xzf', tarball, '-C', unpacked], work);
  const pkg = join(unpacked, 'package');
  const files = listFiles(pkg).map((file) => relative(pkg, file));
  const problems = [];
  for (const required of ['LICENSE', 'README.md', 'package.json']) {
    if (!files.includes(required)) problems.push(`${required} is missing`);
  }
  for (const target of exportTargets(manifest.exports)) {
    if (!existsSync(join(pkg, target))) problems.push(`exports target ${target} is missing`);
  }
  const outside = files.filter(
    (file) => !/^(dist\/src\/|docs\/|LICENSE$|README\.md$|package\.json$)/.test(file),
  );
  if (outside.length > 0) problems.push(`unexpected files: ${outside.join(', ')}`);
  const tests = files.filter((file) => /\.(spec|e2e-spec)\.|tsbuildinfo/.test(file));
  if (tests.length > 0) problems.push(`test or build-state files: ${tests.join(', ')}`);
  const declared = new Set(Object.keys({ ...manifest.peerDependencies, ...manifest.dependencies }));
  for (const file of files.filter((name) => /\.(js|d\.ts)$/.test(name))) {
    const code = readFileSync(join(pkg, file), 'utf8');
    for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport\()\s*['"]([^'"]+)['"]/g)) {
      const name = specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
      if (!specifier.startsWith('.') && !isBuiltin(specifier) && !declared.has(name)) {
        problems.push(`${file} imports ${specifier}, which package.json does not declare`);
      }
    }
  }
  for (const map of files.filter((file) => file.endsWith('.map'))) {
    const { sources, sourcesContent = [] } = readJson(join(pkg, map));
    sources.forEach((source, i) => {
      if (typeof sourcesContent[i] !== 'string' && !existsSync(join(pkg, dirname(map), source))) {
        problems.push(`${map} points to ${source}, which is neither inlined nor shipped`);
      }
    });
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** The TypeScript consumer: `tsc` with the tsconfig the README gives, then the compiled app. */
async function esmApp(tarball) {
  const app = await consumerApp('esm-app', tarball, { type: 'module' }, typescriptTools);
  await run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
  await expectToken(app, join('dist', 'main.js'));
}

/** The CommonJS consumer: plain `require()` of the ES-module package, no flag (Node >= 20.19). */
async function commonJsApp(tarball) {
  if (!process.features.require_module) {
    throw new Error(`Node ${process.version} cannot require() ES modules: Node >= 20.19 is needed`);
  }
  const app = await consumerApp('cjs-app', tarball, { type: 'commonjs' }, {});
  await expectToken(app, 'main.cjs');
}

/**
 * A fresh app folder with the fixture's files and the tarball installed from npm's cache. Install scripts are skipped
 * and the repository's better-sqlite3 binary (the same version) is copied in: its own script would download a
 * prebuilt binary from outside the npm registry or else compile SQLite, about two minutes on two cores.
 */
async function consumerApp(name, tarball, fields, devDependencies) {
  const app = join(work, name);
  cpSync(join(here, name), app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify(
      {
        name: `packaging-${name}`,
        private: true,
        ...fields,
        dependencies: { ...dependencies, [manifest.name]: `file:${tarball}` },
        devDependencies,
        allowScripts: { 'better-sqlite3': true },
      },
      null,
      2,
    )}\n`,
  );
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
    app,
    180_000,
  );
  const binary = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(join(root, binary))) {
    throw new Error(`${binary} is missing in the repository: run npm install there first`);
  }
  mkdirSync(dirname(join(app, binary)), { recursive: true });
  copyFileSync(join(root, binary), join(app, binary));
  return app;
}

/** Runs the app's entry point, which prints the token endpoint's status and body as one JSON line. */
async function expectToken(app, entry) {
  const { stdout } = await run(
    process.execPath,
    [entry, join(app, 'consumer.sqlite')],
    app,
    60_000,
  );
  const { status, body } = JSON.parse(stdout.trim().split('\n').at(-1));
  if (status !== 200 || typeof body?.access_token !== 'string' || body.token_type !== 'bearer') {
    throw new Error(
      `expected 200 with a bearer access_token, got ${status} ${JSON.stringify(body)}`,
    );
  }
}

/** Records one named check: its result, or its error, and how long it took. */
async function check(name, body) {
  const start = Date.now();
  try {
    const value = await body();
    results.push({ name, ok: true });
    process.stdout.write(`ok - ${name} (${seconds(start)} s)\n`);
    return value;
  } catch (error) {
    results.push({ name, ok: false });
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`not ok - ${name} (${seconds(start)} s)\n${indent(message)}\n`);
    return undefined;
  }
}

/**
 * Runs a command and resolves with its output, or rejects with its tail. The child gets no npm_* variables of the
 * `npm run` that started this script, so the consumers' npm sees their own folders as the project.
 */
function run(command, args, cwd, timeoutMs = 120_000) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'),
  );
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      writeFileSync(join(work, `${logName(command, args, cwd)}.log`), stdout + stderr);
      if (code === 0) resolvePromise({ stdout, stderr });
      else {
        const why = signal ? `killed (${signal}) after ${timeoutMs} ms` : `exit ${code}`;
        const output = `${stdout}${stderr}`.trim().split('\n').slice(-30).join('\n');
        reject(new Error(`${command} ${args.join(' ')} in ${cwd}: ${why}\n${output}`));
      }
    });
  });
}

function versionsOf(names) {
  return Object.fromEntries(
    names.map((name) => [name, readJson(join(root, 'node_modules', name, 'package.json')).version]),
  );
}

function exportTargets(exports) {
  return typeof exports === 'string'
    ? [exports]
    : Object.values(exports).flatMap((value) => exportTargets(value));
}

function listFiles(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function logName(command, args, cwd) {
  const where = cwd === root ? 'repo' : relative(work, cwd).replaceAll('/', '-') || 'work';
  return `${where}-${command.split('/').at(-1)}-${args[0]}`.replace(/[^\w.-]+/g, '-');
}

function seconds(start) {
  return ((Date.now() - start) / 1000).toFixed(1);
}

function indent(text) {
  return text.replace(/^/gm, '    ');
}
