import { Logger } from '@nestjs/common';
import { startBanner } from './banner.js';
import { DatabaseStartup } from './database/database-startup.service.js';
import { createSampleApp } from './sample-app.factory.js';
import { settingsFromEnv } from './settings.js';

/**
 * `npm start`: serves both token endpoints, the authorization page and `GET /health` at once, then opens the
 * database in the background (creating the schema and seeding an empty one), answering 503 until it is ready;
 * prints how to try it. The issuer is `http://HOST:PORT` (none with PORT=0, whose port is known only later).
 */
async function main(): Promise<void> {
  const { port, host, databaseUrl, dbTimeoutMs } = settingsFromEnv(process.env);
  const issuer =
    port === 0 ? undefined : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const app = await createSampleApp(
    databaseUrl,
    undefined,
    { host, port },
    { dbTimeoutMs, waitForDatabase: true, issuer },
  );
  try {
    await app.listen(port, host);
  } catch (error) {
    await app.close();
    throw error;
  }
  process.stdout.write(startBanner(await app.getUrl(), process.env.DATABASE_URL));
  app
    .get(DatabaseStartup)
    .start()
    .catch(async (error: unknown) => {
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
