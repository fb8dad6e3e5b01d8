import type { DynamicModule } from '@nestjs/common';
import { OAuth2TokenModule } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../../support/test-app.js';

/** A test app with one confidential client and the scopes `read` and `write`. */
export interface PipelineApp {
  t: TestApp;
  clientId: string;
  clientSecret: string;
  /** The client's HTTP Basic Authorization header. */
  auth: string;
  /** The client's credentials as body parameters. */
  bodyCredentials: [string, string][];
}

/** Starts the token endpoint (default options unless `module` is given) under the given app options. */
export async function startPipelineApp(
  appOptions: { bodyParser?: boolean; rawBody?: boolean } = {},
  module: DynamicModule = OAuth2TokenModule.forRoot(),
): Promise<PipelineApp> {
  const t = await createTestApp([module], appOptions);
  await t.addScopes('read', 'write');
  const { clientId, clientSecret } = await t.addClient();
  return {
    t,
    clientId,
    clientSecret,
    auth: basic(clientId, clientSecret),
    bodyCredentials: [
      ['client_id', clientId],
      ['client_secret', clientSecret],
    ],
  };
}
