import { join } from 'node:path';
import ts from 'typescript';

/**
 * A ```ts / ```typescript block of a markdown file. An HTML comment right before the fence (blank lines between are
 * allowed) may give it a `<!-- snippet-context ... -->` prelude — TypeScript declaring what the block takes from its
 * surroundings, compiled in front of it — or exempt it with `<!-- snippet-skip: reason -->`.
 */
export interface Snippet {
  /** The markdown file, relative to the repository: what failures name. */
  file: string;
  /** 1-based line of the opening fence. */
  fenceLine: number;
  code: string;
  prelude: string;
  /** 1-based line of the prelude's first line (the one after `<!-- snippet-context`). */
  preludeLine: number;
  skipReason?: string;
}

/** A snippet that does not type-check: `file:line` of each diagnostic, then its message. */
export interface SnippetFailure {
  snippet: Snippet;
  diagnostics: string[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/;
const DIRECTIVE = /^<!--\s*(snippet-[\w-]*)([\s\S]*?)-->\s*$/;
const TYPESCRIPT = new Set(['ts', 'typescript']);

/** Every TypeScript block of `markdown`; throws on a malformed or misplaced `snippet-*` comment. */
export function extractSnippets(file: string, markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  let pending: { name: string; body: string; line: number } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const comment = line.startsWith('<!--') ? readComment(lines, index) : undefined;
    const directive = comment && DIRECTIVE.exec(comment.text);
    if (directive) {
      if (pending) throw new Error(`${file}:${pending.line + 1}: ${pending.name} before no block`);
      pending = { name: directive[1], body: directive[2], line: index };
      index = comment.end;
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) {
      if (pending && line.trim() !== '') {
        throw new Error(
          `${file}:${pending.line + 1}: ${pending.name} must come right before a block`,
        );
      }
      continue;
    }
    const close = closingFence(lines, index, fence[1]);
    if (TYPESCRIPT.has(fence[2].toLowerCase())) {
      snippets.push({
        file,
        fenceLine: index + 1,
        code: lines.slice(index + 1, close).join('\n'),
        ...directiveFields(file, pending),
      });
    } else if (pending) {
      throw new Error(`${file}:${pending.line + 1}: ${pending.name} before a non-TypeScript block`);
    }
    pending = undefined;
    index = close;
  }
  if (pending) throw new Error(`${file}:${pending.line + 1}: ${pending.name} before no block`);
  return snippets;
}

function readComment(lines: string[], start: number): { text: string; end: number } | undefined {
  for (let end = start; end < lines.length; end++) {
    if (lines[end].includes('-->')) return { text: lines.slice(start, end + 1).join('\n'), end };
  }
  return undefined;
}

function closingFence(lines: string[], open: number, marker: string): number {
  for (let index = open + 1; index < lines.length; index++) {
    const trimmed = lines[index].trim();
    if (trimmed.startsWith(marker) && /^[`~]+$/.test(trimmed) && trimmed[0] === marker[0]) {
      return index;
    }
  }
  return lines.length;
}

function directiveFields(
  file: string,
  directive: { name: string; body: string; line: number } | undefined,
): Pick<Snippet, 'prelude' | 'preludeLine' | 'skipReason'> {
  if (!directive) return { prelude: '', preludeLine: 0 };
  const where = `${file}:${directive.line + 1}`;
  if (directive.name === 'snippet-context') {
    if (!directive.body.startsWith('\n')) {
      throw new Error(`${where}: snippet-context takes its TypeScript on the following lines`);
    }
    const prelude = directive.body.slice(1).replace(/[ \t]*$/, '');
    return {
      prelude: prelude.endsWith('\n') ? prelude : `${prelude}\n`,
      preludeLine: directive.line + 2,
    };
  }
  if (directive.name === 'snippet-skip') {
    const reason = /^:\s*(\S[\s\S]*?)\s*$/.exec(directive.body)?.[1];
    if (!reason)
      throw new Error(`${where}: snippet-skip needs a reason: <!-- snippet-skip: why -->`);
    return { prelude: '', preludeLine: 0, skipReason: reason };
  }
  throw new Error(`${where}: unknown directive ${directive.name}`);
}

/**
 * Type-checks every snippet as a module of its own, in one program, with `tsconfigPath`'s compiler options and
 * `packageName` mapped to `entryPoint`; skips those marked `snippet-skip`. Returns the snippets that fail.
 */
export function typeCheckSnippets(
  snippets: readonly Snippet[],
  { root, tsconfigPath, packageName, entryPoint }: TypeCheckSettings,
): SnippetFailure[] {
  const config = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (config.error) throw new Error(formatDiagnostics([config.error]).join('\n'));
  const { options, errors } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  if (errors.length > 0) throw new Error(formatDiagnostics(errors).join('\n'));
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    paths: { ...options.paths, [packageName]: [entryPoint] },
  };

  const virtualDir = join(root, '.snippets');
  const sources = new Map(
    snippets
      .filter((snippet) => snippet.skipReason === undefined)
      .map((snippet, index) => [
        join(virtualDir, `${index}-${snippet.file.replace(/\W+/g, '-')}-${snippet.fenceLine}.mts`),
        snippet,
      ]),
  );
  const host = ts.createCompilerHost(compilerOptions);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => sources.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => {
    const snippet = sources.get(fileName);
    return snippet ? sourceText(snippet) : readFile.call(host, fileName);
  };
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const snippet = sources.get(fileName);
    return snippet
      ? ts.createSourceFile(fileName, sourceText(snippet), languageVersion)
      : getSourceFile.call(host, fileName, languageVersion, ...rest);
  };

  const program = ts.createProgram({
    rootNames: [...sources.keys()],
    options: compilerOptions,
    host,
  });
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (global.length > 0) throw new Error(formatDiagnostics(global).join('\n'));

  const failures: SnippetFailure[] = [];
  for (const [fileName, snippet] of sources) {
    const sourceFile = program.getSourceFile(fileName);
    if (!sourceFile) throw new Error(`${snippet.file}:${snippet.fenceLine}: not compiled`);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ];
    if (diagnostics.length > 0) {
      failures.push({ snippet, diagnostics: formatDiagnostics(diagnostics, snippet) });
    }
  }
  return failures;
}

/** Where to type-check snippets: the repository, its tsconfig, and the package the snippets import. */
export interface TypeCheckSettings {
  root: string;
  tsconfigPath: string;
  packageName: string;
  /** The file `packageName` resolves to (absolute). */
  entryPoint: string;
}

function sourceText(snippet: Snippet): string {
  return snippet.prelude + snippet.code + '\n';
}

/** `file:line` in the markdown: a prelude line maps into the comment, any other into the block. */
function markdownLine(snippet: Snippet, zeroBasedLine: number): number {
  const preludeLines = snippet.prelude === '' ? 0 : snippet.prelude.split('\n').length - 1;
  return zeroBasedLine < preludeLines
    ? snippet.preludeLine + zeroBasedLine
    : snippet.fenceLine + 1 + zeroBasedLine - preludeLines;
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[], snippet?: Snippet): string[] {
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    const { file, start } = diagnostic;
    if (!file || start === undefined) return `TS${diagnostic.code}: ${message}`;
    const { line, character } = file.getLineAndCharacterOfPosition(start);
    const where =
      snippet && file.fileName.endsWith('.mts')
        ? `${snippet.file}:${markdownLine(snippet, line)}`
        : `${file.fileName}:${line + 1}`;
    return `${where}:${character + 1} TS${diagnostic.code}: ${message}`;
  });
}
