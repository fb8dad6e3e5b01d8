import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Inject, Injectable } from '@nestjs/common';
import {
  InvalidGrant,
  InvalidRequest,
  OAuth2TokenModule,
  type GrantRequest,
  type OAuth2Grant,
  type PreparedGrant,
} from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const OTP_GRANT = 'urn:example:grant-type:otp';
const ONE_TIME_PASSWORDS = 'ONE_TIME_PASSWORDS';

/** An app's extension grant: a one-time password, looked up in a store the app provides. */
@Injectable()
class OtpGrant implements OAuth2Grant {
  readonly grantType = OTP_GRANT;

  constructor(@Inject(ONE_TIME_PASSWORDS) private readonly passwords: Map<string, string>) {}

  async validate({ params, scope }: GrantRequest): Promise<PreparedGrant> {
    if (!params.otp) throw new InvalidRequest('otp is required');
    const userId = this.passwords.get(params.otp);
    if (!userId) throw new InvalidGrant('The one-time password is invalid');
    return { userId, scope: scope ?? [] };
  }
}

describe('an extension grant added through the grants option', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({
        grants: [OtpGrant],
        providers: [{ provide: ONE_TIME_PASSWORDS, useValue: new Map([['123456', 'user-otp']]) }],
      }),
    ]);
    await t.addScopes('read');
  });
  afterAll(() => t.close());

  it('issues a token to a client that lists the grant type', async () => {
    const client = await t.addClient({ grantTypes: [OTP_GRANT] });
    const body = expectToken(
      await postToken(t, { grant_type: OTP_GRANT, otp: '123456', scope: 'read' }, client),
    );
    expect(body).toMatchObject({ token_type: 'bearer', scope: 'read' });
    const [row] = await t.rows('oauth2_access_token', {
      token_hash: hashSecret(body.access_token),
    });
    expect(row.user_id).toBe('user-otp');
  });

  it("lets the grant's own errors through (invalid_grant, invalid_request)", async () => {
    const client = await t.addClient({ grantTypes: [OTP_GRANT] });
    expectOAuthError(
      await postToken(t, { grant_type: OTP_GRANT, otp: '000000' }, client),
      'invalid_grant',
    );
    expectOAuthError(await postToken(t, { grant_type: OTP_GRANT }, client), 'invalid_request');
  });

  it('refuses a client that does not list the grant type (unauthorized_client)', async () => {
    const client = await t.addClient();
    const res = await postToken(t, { grant_type: OTP_GRANT, otp: '123456' }, client);
    expectOAuthError(res, 'unauthorized_client');
  });

  it('still answers an unregistered extension grant type with unsupported_grant_type', async () => {
    const client = await t.addClient({ grantTypes: ['urn:example:grant-type:other'] });
    const res = await postToken(t, { grant_type: 'urn:example:grant-type:other' }, client);
    expectOAuthError(res, 'unsupported_grant_type');
  });
});
