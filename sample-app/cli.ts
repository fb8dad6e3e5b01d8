import { cliUsage, runCli } from './cli/run-cli.js';
import { CliUsageError } from './cli/cli-command.js';
import { printableMessage } from './redact-credentials.js';

/**
 * `npm run cli -- <command> [options]`: prints exactly one JSON object on stdout; messages go to stderr, and a
 * failure exits non-zero (2 for bad arguments, 1 otherwise).
 */
async function main(): Promise<void> {
  try {
    const result = await runCli(process.argv.slice(2), process.env);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`error: ${printableMessage(error)}\n`);
    if (error instanceof CliUsageError) {
      process.stderr.write(
        `${error.usage ? `Usage: npm run cli -- ${error.usage}` : cliUsage()}\n`,
      );
    }
    process.exitCode = error instanceof CliUsageError ? 2 : 1;
  }
}

await main();
