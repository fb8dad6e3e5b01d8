import { startBanner } from './banner.js';
import { createSampleApp } from './sample-app.factory.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { settingsFromEnv } from './settings.js';

/** `npm start`: creates the schema, seeds an empty database, serves both token endpoints and prints how to try them. */
async function main(): Promise<void> {
  const { port, host, databaseUrl } = settingsFromEnv(process.env);
  const app = await createSampleApp(databaseUrl, undefined, { host, port });
  try {
    await app.get(DemoSeeder).seed();
    await app.listen(port, host);
  } catch (error) {
    await app.close();
    throw error;
  }
  process.stdout.write(startBanner(await app.getUrl(), process.env.DATABASE_URL));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Cannot start the sample app: ${message}\n`);
  process.exitCode = 1;
});
