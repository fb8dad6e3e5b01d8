import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { SigningKeyRotation, SigningKeySet } from 'nestjs-oauth2-token';
import { bearerEndpointOf } from '../sample-app/app.module.js';
import { CliUsageError } from '../sample-app/cli/cli-command.js';
import { runCli } from '../sample-app/cli/run-cli.js';
import { createSampleApp } from '../sample-app/sample-app.factory.js';
import { MacTokenEndpoint } from '../sample-app/token-endpoints.js';

const dir = mkdtempSync(join(tmpdir(), 'oauth2-sample-keys-'));
const SIGNING_KEY_SECRET = 'the sample signing-key secret, 32+ characters';
const env = { DATABASE_URL: `sqlite:${join(dir, 'oauth2.sqlite')}`, SIGNING_KEY_SECRET };
const CLIENT_SECRET = 'a client secret of thirty-two characters or more';

describe('sample app with SIGNING_KEY_SECRET: JWT access tokens from database keys, keys:rotate and keys:list', () => {
  let app: INestApplication;
  let clientId: string;

  beforeAll(async () => {
    app = await createSampleApp(env.DATABASE_URL, false, undefined, {
      issuer: 'http://127.0.0.1:3000',
      signingKeySecret: SIGNING_KEY_SECRET,
    });
    const created = await runCli(
      [
        'client:create',
        '--name',
        'keys',
        '--secret',
        CLIENT_SECRET,
        '--grant-types',
        'client_credentials',
      ],
      env,
    );
    clientId = String(created.client_id);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function tokenKid(): Promise<string | undefined> {
    const res = await request(app.getHttpServer())
      .post('/oauth2/token')
      .auth(clientId, CLIENT_SECRET)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    return decodeProtectedHeader(res.body.access_token).kid;
  }

  async function jwksKids(): Promise<string[]> {
    const res = await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200);
    return (JSON.parse(res.text) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
  }

  it('keys:list shows the key made at startup, which signs the tokens', async () => {
    const { keys } = (await runCli(['keys:list'], env)) as { keys: Record<string, unknown>[] };
    expect(keys).toEqual([
      expect.objectContaining({ generation: 1, alg: 'ES256', state: 'signing', retiredAt: null }),
    ]);
    expect(await tokenKid()).toBe(keys[0].kid);
    expect(await jwksKids()).toEqual([keys[0].kid]);
    expect(JSON.stringify(keys)).not.toMatch(/"d"|private/i);
  });

  it('keys:rotate publishes a new key that signs only after the publish delay; the server picks it up on reload', async () => {
    const before = await tokenKid();
    const rotated = await runCli(['keys:rotate'], env);
    expect(rotated).toMatchObject({ generation: 2, state: 'next', alg: 'ES256' });
    const signsIn = new Date(String(rotated.signsFrom)).getTime() - Date.now();
    expect(signsIn).toBeGreaterThan(400_000);
    // The server reads the table every minute; a reload now stands for that.
    await bearerEndpointOf(app).get(SigningKeySet, { strict: true }).reload();
    expect(await jwksKids()).toEqual([before, rotated.kid]);
    expect(await tokenKid()).toBe(before);
    const { keys } = (await runCli(['keys:list'], env)) as { keys: Record<string, unknown>[] };
    expect(keys.map((key) => [key.kid, key.state])).toEqual([
      [before, 'signing'],
      [rotated.kid, 'next'],
    ]);
    expect(keys[0].retiredAt).toEqual(rotated.signsFrom);
  });

  it('keys:rotate and keys:list without SIGNING_KEY_SECRET: a usage error naming it, before any database work', async () => {
    for (const command of ['keys:rotate', 'keys:list']) {
      const refusal = runCli([command], { DATABASE_URL: 'nowhere:' });
      await expect(refusal).rejects.toBeInstanceOf(CliUsageError);
      await expect(refusal).rejects.toThrow(`${command} needs SIGNING_KEY_SECRET`);
    }
  });

  it('SigningKeyRotation of a registration without database keys (the MAC endpoint) says what it needs', async () => {
    const rotation = app.select(MacTokenEndpoint).get(SigningKeyRotation, { strict: true });
    await expect(rotation.rotate()).rejects.toThrow(
      "Signing keys are rotated by the library only with signingKeys: { source: 'database' }",
    );
    expect(
      await bearerEndpointOf(app).get(SigningKeyRotation, { strict: true }).list(),
    ).toHaveLength(2);
  });
});
