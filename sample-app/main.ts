import { Logger } from '@nestjs/common';
import { printableMessage } from './redact-credentials.js';
import { serveSampleApp } from './server.js';

/** `npm start`: the sample app on the settings of the environment; prints how to try it. */
async function main(): Promise<void> {
  const { app, banner, database } = await serveSampleApp(process.env);
  process.stdout.write(banner);
  database.catch(async (error: unknown) => {
    new Logger('Database').error(`Cannot open the database: ${printableMessage(error)}`);
    await app.close();
    process.exitCode = 1;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Cannot start the sample app: ${printableMessage(error)}\n`);
  process.exitCode = 1;
});
