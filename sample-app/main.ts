import { Logger } from '@nestjs/common';
import { serveSampleApp } from './server.js';

/** `npm start`: the sample app on the settings of the environment; prints how to try it. */
async function main(): Promise<void> {
  const { app, banner, database } = await serveSampleApp(process.env);
  process.stdout.write(banner);
  database.catch(async (error: unknown) => {
    new Logger('Database').error(
      `Cannot open the database: ${error instanceof Error ? error.message : error}`,
    );
    await app.close();
    process.exitCode = 1;
  });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Cannot start the sample app: ${message}\n`);
  process.exitCode = 1;
});
