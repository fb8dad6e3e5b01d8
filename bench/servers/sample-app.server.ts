import type { AddressInfo } from 'node:net';
import { createSampleApp } from '../../sample-app/sample-app.factory.js';
import { serveBenchChild } from '../lib/child.js';

/**
 * The sample app as `npm start` runs it, on the bench's database (`sample-app.server.js DATABASE_URL`); the platform
 * comes from HTTP_ADAPTER, as for the sample app itself.
 */
async function main(): Promise<void> {
  const app = await createSampleApp(process.argv[2], false);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  serveBenchChild(port, () => app.close());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
