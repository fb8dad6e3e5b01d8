import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, UseGuards } from '@nestjs/common';
import request from 'supertest';
import {
  MAC,
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2TokenModule,
  OAuth2User,
  RequireScopes,
  signMacRequest,
  type AuthenticatedToken,
} from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';

@Controller('api')
@UseGuards(OAuth2Guard)
class ApiController {
  @Get('email')
  @RequireScopes('email')
  email(@OAuth2User() token: AuthenticatedToken) {
    return { userId: token.userId, scopes: token.scopes };
  }
}

describe('resource server smoke', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await createTestApp(
      [
        OAuth2TokenModule.forRoot(),
        OAuth2TokenModule.forRoot({ path: 'mac', authenticationMethod: MAC }),
        OAuth2ResourceModule.forRoot({ macHost: 'api.test', macPort: 443 }),
        {
          module: class ApiModule {},
          imports: [OAuth2ResourceModule.forRoot({ macHost: 'api.test', macPort: 443 })],
          controllers: [ApiController],
        },
      ],
      { bodyParser: false },
    );
    await t.addScopes('email', 'other');
    const { clientId, clientSecret } = await t.addClient({ ownerId: 'u1' });
    auth = basic(clientId, clientSecret);
  });
  afterAll(() => t.close());

  async function token(path: string, scope: string) {
    const res = await request(t.http)
      .post(path)
      .set('Authorization', auth)
      .type('form')
      .send({ grant_type: 'client_credentials', scope });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('accepts a bearer token with the scope and refuses without', async () => {
    const { access_token } = await token('/oauth2/token', 'email');
    const ok = await request(t.http)
      .get('/api/email')
      .set('Authorization', `Bearer ${access_token}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ userId: 'u1', scopes: ['email'] });
    const none = await request(t.http).get('/api/email');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="", MAC realm=""');
    const other = await token('/oauth2/token', 'other');
    const denied = await request(t.http)
      .get('/api/email')
      .set('Authorization', `Bearer ${other.access_token}`);
    expect(denied.status).toBe(403);
    expect(denied.headers['www-authenticate']).toContain('scope="email"');
  });

  it('accepts a signed MAC request once', async () => {
    const body = await token('/mac', 'email');
    const header = signMacRequest({
      id: body.access_token,
      macKey: body.mac_key,
      method: 'GET',
      uri: '/api/email',
      host: 'api.test',
      port: 443,
    });
    const ok = await request(t.http).get('/api/email').set('Authorization', header);
    expect(ok.status).toBe(200);
    const replay = await request(t.http).get('/api/email').set('Authorization', header);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_token');
    const asBearer = await request(t.http)
      .get('/api/email')
      .set('Authorization', `Bearer ${body.access_token}`);
    expect(asBearer.status).toBe(401);
  });
});
