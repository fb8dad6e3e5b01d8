import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveBenchChild } from '../lib/child.js';
import { openStore } from '../lib/store.js';
import { answerTokenRequest, strictForm, type TokenAnswer } from '../lib/token-work.js';

/** The baseline: `node:http` and the database driver, no framework, no ORM (`raw.server.js DATABASE_URL`). */
const store = openStore(process.argv[2]);
const MAX_BODY = 64 * 1024;
const FORM = /^application\/x-www-form-urlencoded\s*(;.*)?$/i;

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

async function handle(request: IncomingMessage): Promise<TokenAnswer> {
  const invalid = (description: string) => ({
    status: 400,
    body: { error: 'invalid_request', error_description: description },
  });
  if (request.method !== 'POST' || request.url?.split('?')[0] !== '/oauth2/token') {
    return { status: 404, body: { error: 'not_found' } };
  }
  if (!FORM.test(request.headers['content-type'] ?? '')) return invalid('Not a form');
  const body = await readBody(request);
  if (body === undefined) return { status: 413, body: { error: 'invalid_request' } };
  const params = strictForm(body);
  if (!params) return invalid('A request parameter is repeated');
  return answerTokenRequest(store, params, request.headers.authorization);
}

const server = createServer((request, response) => {
  handle(request)
    .catch(() => ({ status: 500, body: { error: 'server_error' } }) as TokenAnswer)
    .then(({ status, body, challenge }) => {
      response.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        Pragma: 'no-cache',
        ...(challenge && { 'WWW-Authenticate': challenge }),
      });
      response.end(JSON.stringify(body));
    });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  serveBenchChild((server.address() as AddressInfo).port, async () => {
    server.close();
    await store.close();
  });
});
