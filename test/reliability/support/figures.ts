import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where each suite writes the figures of its last run (ignored by git, like every build output). */
export const FIGURES_DIR = join(process.cwd(), 'dist', 'reliability');

/**
 * The figures of one suite: one row per scenario, printed as a table at the end of the suite (straight to stdout,
 * past Jest's console capture) and written to `dist/reliability/<suite>.json`.
 */
export class Figures {
  private readonly rows: Record<string, unknown>[] = [];

  constructor(private readonly suite: string) {}

  add(row: Record<string, unknown>): void {
    this.rows.push(row);
  }

  write(): void {
    if (this.rows.length === 0) return;
    mkdirSync(FIGURES_DIR, { recursive: true });
    writeFileSync(
      join(FIGURES_DIR, `${this.suite}.json`),
      `${JSON.stringify({ suite: this.suite, at: new Date().toISOString(), rows: this.rows }, null, 2)}\n`,
    );
    const columns = [...new Set(this.rows.flatMap((row) => Object.keys(row)))];
    const cells = this.rows.map((row) => columns.map((column) => format(row[column])));
    const widths = columns.map((column, i) =>
      Math.max(column.length, ...cells.map((line) => line[i].length)),
    );
    const line = (values: string[]) =>
      `| ${values.map((value, i) => value.padEnd(widths[i])).join(' | ')} |`;
    process.stdout.write(
      [
        '',
        `== ${this.suite} ==`,
        line(columns),
        line(widths.map((width) => '-'.repeat(width))),
        ...cells.map(line),
        '',
      ].join('\n') + '\n',
    );
  }
}

function format(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(0);
  return String(value);
}
