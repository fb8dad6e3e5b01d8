import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAC, OAuth2TokenModule } from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type TestClient } from '../support/e2e-app.js';
import { expectToken, postToken } from '../support/token-request.js';

describe('MAC registration (authenticationMethod: MAC)', () => {
  let t: E2eApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startE2eApp([OAuth2TokenModule.forRoot({ authenticationMethod: MAC })]);
    client = await t.addClient();
  });
  afterAll(() => t.close());

  it('issues mac tokens with a key and the hmac-sha-256 algorithm', async () => {
    const body = expectToken(await postToken(t, { grant_type: 'client_credentials' }, client));
    expect(body).toMatchObject({
      token_type: 'mac',
      mac_key: expect.any(String),
      mac_algorithm: 'hmac-sha-256',
    });
    const [row] = await t.rows('oauth2_access_token', {
      token_hash: hashSecret(body.access_token),
    });
    expect(row).toMatchObject({ token_type: 'mac', mac_key: body.mac_key });
  });

  it('gives every token its own mac_key', async () => {
    const code = await t.issueCode({ clientId: client.clientId, userId: 'u1' });
    const first = expectToken(
      await postToken(t, { grant_type: 'authorization_code', code }, client),
    );
    const second = expectToken(await postToken(t, { grant_type: 'client_credentials' }, client));
    expect(first.token_type).toBe('mac');
    expect(first.mac_key).not.toBe(second.mac_key);
  });
});
