import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AppModule } from '../../../sample-app/app.module.js';
import { codeIssue } from '../../../sample-app/cli/code-issue.command.js';
import { SAMPLE_CLI } from './sample-process.js';

const run = promisify(execFile);

/** Runs the built CLI (`node dist/sample-app/cli.js ...`) on `databaseUrl` and parses its JSON answer. */
export async function runBuiltCli(
  databaseUrl: string,
  args: readonly string[],
): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [SAMPLE_CLI, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/**
 * Authorization codes for the demo client and user, issued by the CLI's own `code:issue` command: through the built
 * CLI binary, or in this process on one long-lived app context (the same command code, without a process start
 * per code).
 */
export class CodeSource {
  private constructor(
    private readonly databaseUrl: string,
    private readonly redirectUri: string,
    private readonly context: INestApplicationContext,
  ) {}

  /** Codes on `databaseUrl` for `redirectUri`, one the demo client has registered. */
  static async open(databaseUrl: string, redirectUri: string): Promise<CodeSource> {
    const context = await NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl }), {
      logger: false,
      abortOnError: false,
    });
    return new CodeSource(databaseUrl, redirectUri, context);
  }

  /** A code from `node dist/sample-app/cli.js code:issue ...`. */
  async fromBuiltCli(): Promise<string> {
    const args = [
      'code:issue',
      '--client-id',
      'demo-client',
      '--username',
      'demo',
      '--redirect-uri',
      this.redirectUri,
      '--scope',
      'email',
    ];
    return String((await runBuiltCli(this.databaseUrl, args)).code);
  }

  /** A code from the `code:issue` command run in this process. */
  async issue(): Promise<string> {
    const input = codeIssue.parse({
      'client-id': 'demo-client',
      username: 'demo',
      'redirect-uri': this.redirectUri,
      scope: 'email',
    });
    return String((await codeIssue.run(this.context, input)).code);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}
