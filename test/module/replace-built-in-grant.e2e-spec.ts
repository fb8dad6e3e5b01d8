import { afterEach, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import {
  ClientCredentialsGrant,
  OAuth2TokenModule,
  type GrantRequest,
  type OAuth2Grant,
  type PreparedGrant,
} from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { startE2eApp, type E2eApp, type ModuleCustomizer } from '../support/e2e-app.js';
import { expectToken, postToken } from '../support/token-request.js';

/** A client_credentials grant whose tokens belong to a service account named after the client. */
@Injectable()
class ServiceAccountGrant implements OAuth2Grant {
  readonly grantType = 'client_credentials';

  async validate({ client }: GrantRequest): Promise<PreparedGrant> {
    return { userId: `service:${client.clientId}`, scope: [], refreshable: false };
  }
}

describe('replacing the built-in client_credentials grant', () => {
  let t: E2eApp | undefined;
  afterEach(() => t?.close());

  const tokenUser = async (app: E2eApp) => {
    const client = await app.addClient({ ownerId: 'owner-1' });
    const body = expectToken(await postToken(app, { grant_type: 'client_credentials' }, client));
    const [row] = await app.rows('oauth2_access_token', {
      token_hash: hashSecret(body.access_token),
    });
    return { clientId: client.clientId, userId: row.user_id };
  };
  const start = async (module = OAuth2TokenModule.forRoot(), customize?: ModuleCustomizer) => {
    t = await startE2eApp([module], customize);
    return t;
  };

  it("uses the client's owner with the built-in grant", async () => {
    expect((await tokenUser(await start())).userId).toBe('owner-1');
  });

  it('uses a class with the same grantType passed in grants instead', async () => {
    const { clientId, userId } = await tokenUser(
      await start(OAuth2TokenModule.forRoot({ grants: [ServiceAccountGrant] })),
    );
    expect(userId).toBe(`service:${clientId}`);
  });

  it('uses a class given to overrideProvider(ClientCredentialsGrant) instead', async () => {
    const { clientId, userId } = await tokenUser(
      await start(undefined, (builder) =>
        builder.overrideProvider(ClientCredentialsGrant).useClass(ServiceAccountGrant),
      ),
    );
    expect(userId).toBe(`service:${clientId}`);
  });
});
