import { macRequest, macRequestTarget } from './mac-client.js';

/**
 * `npm run mac-request -- [url]`: gets a MAC token for the demo user from `POST /token`, signs a GET of `url` with
 * it and prints the token, the signed `Authorization` header and the answer.
 */
async function main(): Promise<void> {
  const { token, authorization, status, body } = await macRequest(
    macRequestTarget(process.argv[2], process.env),
  );
  process.stdout.write(`token: ${JSON.stringify(token)}\n`);
  process.stdout.write(`Authorization: ${authorization}\n`);
  process.stdout.write(`${status} ${body}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
