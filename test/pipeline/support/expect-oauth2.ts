import { expect } from '@jest/globals';

/** What both supertest and `sendRaw` responses offer. */
export interface ResponseLike {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
}

/** RFC 6749 §5.2: `error` and `error_description` use only %x20-21 / %x23-5B / %x5D-7E. */
export const ERROR_TEXT = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

/** Asserts the no-store headers every token-endpoint response must carry (RFC 6749 §5.1, §5.2). */
export function expectNoStore(res: ResponseLike): void {
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['pragma']).toBe('no-cache');
}

/**
 * Asserts an RFC 6749 §5.2 error response: the status, JSON with no-store headers, `error` equal to `error`, only
 * `error` / `error_description` / `error_uri` members, all within the RFC's character set.
 */
export function expectOAuth2Error(res: ResponseLike, status: number, error: string): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { error } });
  expect(res.headers['content-type']).toMatch(/^application\/json\b/);
  expectNoStore(res);
  const body = res.body as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    expect(['error', 'error_description', 'error_uri']).toContain(key);
  }
  expect(body.error).toMatch(ERROR_TEXT);
  if (body.error_description !== undefined) {
    expect(typeof body.error_description).toBe('string');
    expect(body.error_description).toMatch(ERROR_TEXT);
  }
}

/** Asserts a successful token response of RFC 6749 §5.1 and returns its body. */
export function expectToken(res: ResponseLike): Record<string, unknown> {
  expect({ status: res.status, body: res.body }).toMatchObject({
    status: 200,
    body: { access_token: expect.any(String) },
  });
  expect(res.headers['content-type']).toMatch(/^application\/json\b/);
  expectNoStore(res);
  return res.body as Record<string, unknown>;
}
