import { createHash } from 'node:crypto';
import { expect } from '@jest/globals';
import request, { type Response } from 'supertest';
import type { E2eApp, TestClient } from './e2e-app.js';
import { basic } from './test-app.js';

/** The token endpoint's default path. */
export const TOKEN_PATH = '/oauth2/token';

/**
 * POSTs a form to the token endpoint; `client` authenticates with HTTP Basic unless it is public (no secret).
 * Parameters whose value is undefined are left out.
 */
export function postToken(
  t: Pick<E2eApp, 'http'>,
  form: Record<string, string | undefined>,
  client?: TestClient,
  path = TOKEN_PATH,
): Promise<Response> {
  const body = Object.fromEntries(Object.entries(form).filter(([, value]) => value !== undefined));
  const req = request(t.http).post(path).type('form');
  if (client?.clientSecret) req.set('Authorization', basic(client.clientId, client.clientSecret));
  return req.send(body).then((res) => res);
}

/** Asserts an RFC 6749 §5.2 error: status and `error` code together, so a failure shows both. */
export function expectOAuthError(res: Response, error: string, status = 400): void {
  expect({ status: res.status, error: res.body?.error }).toEqual({ status, error });
}

/** Asserts a 200 token response and returns its body. */
export function expectToken(res: Response): Record<string, unknown> & {
  access_token: string;
  refresh_token?: string;
  scope?: string;
} {
  expect({ status: res.status, body: res.body }).toMatchObject({
    status: 200,
    body: { access_token: expect.any(String) },
  });
  return res.body;
}

/** RFC 7636 §4.2 S256 challenge of a verifier. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
