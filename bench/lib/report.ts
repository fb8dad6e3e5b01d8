import { SERVER_KINDS, type ServerKind } from './servers.js';

/** The figures of one server in one scenario, over all its rounds. */
export interface Row {
  scenario: string;
  db: string;
  kind: ServerKind;
  rounds: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpuMicrosPerToken: number;
  rssMiB: number;
  loopMaxMs: number;
  /** perSecond over the raw baseline's in the same scenario and database. */
  ratio?: number;
}

/** One target of the issue and whether this run met it. */
export interface Target {
  name: string;
  value: string;
  met: boolean | undefined;
}

/** Everything a run produced. */
export interface Report {
  title: string;
  setup: string[];
  rows: Row[];
  targets: Target[];
  password: string[];
  memory: string[];
  notes: string[];
}

const fixed = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a';

/** The rows as a Markdown table. */
export function rowsTable(rows: Row[]): string {
  const lines = [
    '| scenario | db | server | req/s | × raw | p50 ms | p99 ms | non-2xx | errors | server CPU µs/token | RSS MiB | loop max ms |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.scenario} | ${row.db} | ${SERVER_KINDS[row.kind].label} | ${fixed(row.perSecond)} | ${
        row.ratio === undefined ? '' : fixed(row.ratio, 2)
      } | ${fixed(row.p50, 1)} | ${fixed(row.p99, 1)} | ${row.non2xx} | ${row.errors} | ${fixed(
        row.cpuMicrosPerToken,
      )} | ${fixed(row.rssMiB)} | ${fixed(row.loopMaxMs, 1)} |`,
    );
  }
  return lines.join('\n');
}

/** The whole report as Markdown. */
export function reportMarkdown(report: Report): string {
  const targets = [
    '| target | this run | met |',
    '| --- | --- | --- |',
    ...report.targets.map(
      (t) =>
        `| ${t.name} | ${t.value} | ${t.met === undefined ? 'not measured' : t.met ? 'yes' : 'NO'} |`,
    ),
  ];
  return [
    `# ${report.title}`,
    '',
    ...report.setup.map((line) => `- ${line}`),
    '',
    '![req/s per server](latest.svg)',
    '',
    rowsTable(report.rows),
    '',
    '## Targets',
    '',
    ...targets,
    '',
    '## Password grant (scrypt)',
    '',
    ...report.password.map((line) => `- ${line}`),
    '',
    '## Memory',
    '',
    ...report.memory.map((line) => `- ${line}`),
    '',
    ...(report.notes.length > 0 ? ['## Notes', '', ...report.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

const COLORS: Partial<Record<ServerKind, string>> = {
  'nest-fastify': '#2563eb',
  'nest-express': '#60a5fa',
  raw: '#6b7280',
  'raw-cc': '#d1d5db',
  'bare-fastify': '#059669',
  'bare-express': '#6ee7b7',
  'oauth2-server': '#f59e0b',
};

/** Resource-scenario bars by variant: grey without a guard, then blue, green, amber. */
const resourceColor = (kind: ServerKind) =>
  ({ open: '#9ca3af', opaque: '#2563eb', jwt: '#059669', mac: '#f59e0b' })[kind.split('-')[1]] ??
  '#6b7280';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A horizontal bar chart of req/s, one group per scenario and database, each bar labelled with its ratio to raw. */
export function reportSvg(rows: Row[], title: string): string {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.scenario} · ${row.db}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const labelWidth = 250;
  const barWidth = 420;
  const bar = 16;
  const width = labelWidth + barWidth + 150;
  const parts: string[] = [];
  let y = 40;
  for (const [name, group] of groups) {
    const max = Math.max(...group.map((r) => r.perSecond), 1);
    parts.push(`<text x="10" y="${y}" font-weight="bold">${escapeXml(name)}</text>`);
    y += 8;
    for (const row of group) {
      const w = Math.max(1, (row.perSecond / max) * barWidth);
      const ratio = row.ratio === undefined ? '' : ` (×${row.ratio.toFixed(2)})`;
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + bar - 4}" text-anchor="end">${escapeXml(SERVER_KINDS[row.kind].label)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${COLORS[row.kind] ?? resourceColor(row.kind)}"/>`,
        `<text x="${labelWidth + w + 6}" y="${y + bar - 4}">${fixed(row.perSecond)}/s${ratio}</text>`,
      );
      y += bar + 4;
    }
    y += 22;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
