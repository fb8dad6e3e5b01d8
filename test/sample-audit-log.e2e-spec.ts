import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createSampleApp } from '../sample-app/sample-app.factory.js';
import { DemoSeeder } from '../sample-app/seed/demo-seeder.js';

const dir = mkdtempSync(join(tmpdir(), 'oauth2-sample-audit-'));
const DEMO = { id: 'demo-client', secret: 'demo-secret-for-the-sample-app-only' };

describe("sample app's audit log: one JSON line per event on stdout", () => {
  let app: INestApplication;
  const lines: string[] = [];
  beforeAll(async () => {
    app = await createSampleApp(`sqlite:${join(dir, 'oauth2.sqlite')}`, false);
    await app.get(DemoSeeder).seed('http://127.0.0.1:3000');
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs a token issued and a failed client authentication, and no secret', async () => {
    const token = (secret: string) =>
      request(app.getHttpServer())
        .post('/oauth2/token')
        .auth(DEMO.id, secret)
        .type('form')
        .send({ grant_type: 'password', username: 'demo', password: 'demo-password' });
    const ok = await token(DEMO.secret);
    expect(ok.status).toBe(200);
    expect((await token('a wrong secret, long enough to look real')).status).toBe(401);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([
      expect.objectContaining({
        audit: 'oauth2.token.issued',
        grantType: 'password',
        clientId: DEMO.id,
        at: expect.any(String),
      }),
      expect.objectContaining({ audit: 'oauth2.client.authentication_failed', clientId: DEMO.id }),
    ]);
    const text = lines.join('\n');
    for (const secret of [
      DEMO.secret,
      ok.body.access_token,
      ok.body.refresh_token,
      'demo-password',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
