import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module.js';
import { baseUrlOf, databaseUrlFrom, dbTimeoutFrom, signingKeySecretFrom } from '../settings.js';
import { CliUsageError, type CliCommand, type CliResult, type CliValues } from './cli-command.js';
import { clientCreate } from './client-create.command.js';
import { codeIssue } from './code-issue.command.js';
import { keysList, keysRotate } from './keys.command.js';
import { purgeExpired } from './purge-expired.command.js';
import { scopeCreate } from './scope-create.command.js';
import { userCreate } from './user-create.command.js';

/** Every CLI command, by name. */
export const CLI_COMMANDS: ReadonlyMap<string, CliCommand> = new Map(
  [scopeCreate, userCreate, clientCreate, codeIssue, purgeExpired, keysRotate, keysList].map(
    (command) => [command.name, command],
  ),
);

/**
 * Runs `<command> [options]` on the database of `env.DATABASE_URL` (creating the schema if needed) and resolves
 * the command's JSON answer. Throws `CliUsageError` on bad arguments, before opening the database.
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : CLI_COMMANDS.get(name);
  if (!command) {
    throw new CliUsageError(name === undefined ? 'No command given' : `Unknown command "${name}"`);
  }
  const input = command.parse(parseOptions(command, args));
  const missing = command.requiresEnv?.filter((name) => !env[name]);
  if (missing?.length) throw new CliUsageError(`${command.name} needs ${missing.join(', ')}`);
  const signingKeySecret = signingKeySecretFrom(env);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({
      databaseUrl: databaseUrlFrom(env),
      dbTimeoutMs: dbTimeoutFrom(env),
      // The keys' settings are the server's; the issuer only satisfies the module (the CLI serves no HTTP).
      ...(signingKeySecret && { signingKeySecret, issuer: cliIssuer(env) }),
    }),
    { logger: false, abortOnError: false },
  );
  try {
    return await command.run(app, input);
  } finally {
    await app.close();
  }
}

/** The server's issuer for HOST and PORT, as `npm start` derives it. */
function cliIssuer(env: NodeJS.ProcessEnv): string {
  return baseUrlOf(env.HOST || '127.0.0.1', Number(env.PORT || 3000));
}

/** The usage text of every command. */
export function cliUsage(): string {
  const lines = [...CLI_COMMANDS.values()].map((command) => `  npm run cli -- ${command.usage}`);
  return ['Usage (DATABASE_URL as for npm start):', ...lines].join('\n');
}

function parseOptions(command: CliCommand, args: string[]): CliValues {
  try {
    return parseArgs({ args, options: command.options, strict: true, allowPositionals: false })
      .values;
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error), command.usage);
  }
}
