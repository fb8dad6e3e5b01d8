/**
 * `node scripts/build-if-stale.js`: runs the incremental `tsc -b tsconfig.build.json` only when a source, folder or
 * config is newer than its build-info file, so `npm start`, `npm run cli` and `npm run mac-request` on an unchanged
 * tree skip even loading TypeScript. Exits with tsc's status when the build fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));
const STAMP = 'dist/tsconfig.build.tsbuildinfo';
const INPUT_FOLDERS = ['src', 'sample-app'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
const IGNORED = join('sample-app', 'data');

if (modifiedAt(STAMP) <= newestInput()) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    // tsc -b still writes the build info (and the JavaScript) despite type errors: age it so that the next run
    // reports the errors again instead of starting the app.
    if (modifiedAt(STAMP) > 0) utimesSync(STAMP, 0, 0);
    process.exit(build.status ?? 1);
  }
  // tsc -b leaves the stamp alone when only a timestamp moved (a folder, a spec file): mark this tree as checked.
  const now = new Date();
  utimesSync(STAMP, now, now);
}

/**
 * The newest modification time of the TypeScript sources, their folders (so a deleted or renamed file counts) and
 * the configs; the sample app's SQLite files under sample-app/data change at every run and do not count.
 */
function newestInput() {
  const paths = INPUT_FOLDERS.flatMap((folder) => [
    folder,
    ...readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isDirectory() || entry.name.endsWith('.ts'))
      .map((entry) => join(entry.parentPath, entry.name))
      .filter((path) => !path.startsWith(IGNORED)),
  ]);
  return Math.max(...[...paths, ...INPUT_FILES].map(modifiedAt));
}

function modifiedAt(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}
