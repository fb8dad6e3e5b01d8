import { expect } from '@jest/globals';
import {
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  UseGuards,
  type DynamicModule,
  type Provider,
  type Type,
} from '@nestjs/common';
import request, { type Response } from 'supertest';
import {
  AccessToken,
  MAC,
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2TokenModule,
  RequireScopes,
  signMacRequest,
  type SignMacRequestInput,
  type OAuth2ResourceModuleOptions,
  type OAuth2TokenModuleOptions,
} from 'nestjs-oauth2-token';
import { hashSecret } from '../../src/crypto/secrets.js';
import { basic, createTestApp, type TestApp } from './test-app.js';

/** Host and port the resource-server tests configure for MAC signatures unless told otherwise. */
export const MAC_HOST = 'api.test';
export const MAC_PORT = 443;

/** Path of the token endpoint that issues MAC tokens; bearer tokens come from `/oauth2/token`. */
export const MAC_TOKEN_PATH = '/mac';

/** What one resource-server scenario runs: token endpoints, the protected controllers and their options. */
export interface ResourceScenario {
  /** Options of `OAuth2ResourceModule.forRoot` in the module holding `controllers`. */
  resource?: OAuth2ResourceModuleOptions;
  /** Extra options of both token endpoints (bearer and MAC). */
  token?: OAuth2TokenModuleOptions;
  controllers?: Type[];
  /** Providers of the controllers' module, e.g. an `APP_GUARD`. */
  providers?: Provider[];
  /** Modules the app imports besides the endpoints, e.g. `EventEmitterModule.forRoot()`. */
  imports?: DynamicModule[];
  /** Nest application options: `bodyParser` (default on) and `rawBody`. */
  app?: { bodyParser?: boolean; rawBody?: boolean };
}

/** A token response, with the time the client received it (for MAC nonce ages). */
export interface IssuedToken {
  access_token: string;
  token_type: string;
  mac_key?: string;
  scope?: string;
  receivedAt: number;
}

/** A listening app with a bearer endpoint, a MAC endpoint and protected controllers, plus one seeded client. */
export interface ResourceApp extends TestApp {
  /** A client_credentials token with `scope` from `/oauth2/token` (bearer) or `/mac` (MAC). */
  issue(type: 'bearer' | 'mac', scope: string): Promise<IssuedToken>;
  /** Changes the access token's row in `oauth2_access_token` (found by the token's hash), e.g. `revokedAt`. */
  updateToken(accessToken: string, values: Partial<AccessToken>): Promise<void>;
}

/** Starts a resource-server scenario on the test database, listening on an ephemeral port of 127.0.0.1. */
export async function startResourceApp(scenario: ResourceScenario = {}): Promise<ResourceApp> {
  const t = await createTestApp(
    [
      OAuth2TokenModule.forRoot({ ...scenario.token }),
      OAuth2TokenModule.forRoot({
        ...scenario.token,
        path: MAC_TOKEN_PATH.slice(1),
        authenticationMethod: MAC,
      }),
      {
        module: class ProtectedApiModule {},
        imports: [
          OAuth2ResourceModule.forRoot({
            macHost: MAC_HOST,
            macPort: MAC_PORT,
            ...scenario.resource,
          }),
        ],
        controllers: scenario.controllers ?? [],
        providers: scenario.providers ?? [],
      },
      ...(scenario.imports ?? []),
    ],
    scenario.app,
  );
  try {
    await t.app.listen(0, '127.0.0.1');
    await t.addScopes('email', 'profile', 'other');
    const { clientId, clientSecret } = await t.addClient({ ownerId: 'owner-1' });
    const auth = basic(clientId, clientSecret);
    return {
      ...t,
      async issue(type, scope) {
        const res = await request(t.http)
          .post(type === 'mac' ? MAC_TOKEN_PATH : '/oauth2/token')
          .set('Authorization', auth)
          .type('form')
          .send({ grant_type: 'client_credentials', scope });
        expect({ status: res.status, tokenType: res.body.token_type }).toEqual({
          status: 200,
          tokenType: type,
        });
        return { ...res.body, receivedAt: Date.now() };
      },
      async updateToken(accessToken, values) {
        const result = await t.dataSource
          .getRepository(AccessToken)
          .update({ tokenHash: hashSecret(accessToken) }, values);
        expect(result.affected).toBe(1);
      },
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}

/** One `WWW-Authenticate` challenge: its scheme and the auth-params in the order sent (names lower-cased). */
export interface Challenge {
  scheme: string;
  params: [string, string][];
}

/**
 * Splits a `WWW-Authenticate` value into challenges (RFC 9110 §11.6.1): `Scheme name="value", name="value", ...`
 * with quoted values; a token after a comma that is not followed by `=` starts the next challenge.
 */
export function parseChallenges(header: string | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  const pattern = /\s*(?:([A-Za-z][\w-]*)\s+)?([A-Za-z_][\w-]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;
  const input = header ?? '';
  while (pattern.lastIndex < input.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(input);
    if (!match || pattern.lastIndex === start) throw new Error(`Unparsable challenge: ${input}`);
    const [, scheme, name, value] = match;
    if (scheme) challenges.push({ scheme, params: [] });
    if (challenges.length === 0) throw new Error(`Challenge without scheme: ${input}`);
    challenges[challenges.length - 1].params.push([name.toLowerCase(), value]);
  }
  return challenges;
}

/** The auth-params of a challenge as an object, failing when a name appears twice (RFC 6750 §3). */
export function challengeParams(challenge: Challenge): Record<string, string> {
  const names = challenge.params.map(([name]) => name);
  expect(names).toEqual([...new Set(names)]);
  return Object.fromEntries(challenge.params);
}

/**
 * Asserts a refused resource request: status, the single challenge of `scheme` and its `error` (or none), and the
 * JSON body's `error`. Returns the challenge's params.
 */
export function expectRefusal(
  res: Response,
  expected: { status: number; error?: string; scheme?: 'Bearer' | 'MAC' },
): Record<string, string> {
  const scheme = expected.scheme ?? 'Bearer';
  const challenges = parseChallenges(res.headers['www-authenticate']);
  challenges.forEach(challengeParams);
  const challenge = challenges.find((c) => c.scheme.toLowerCase() === scheme.toLowerCase());
  expect({
    status: res.status,
    schemes: challenge?.scheme,
    challengeError: challenge && challengeParams(challenge).error,
    bodyError: res.body?.error,
  }).toEqual({
    status: expected.status,
    schemes: scheme,
    challengeError: expected.error,
    bodyError: expected.error,
  });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.error_description).toEqual(expect.any(String));
  return challengeParams(challenge!);
}

/**
 * `Authorization: MAC ...` for `token` with `signMacRequest`; host and port default to `MAC_HOST`/`MAC_PORT` and the
 * nonce's age counts from when the token was received.
 */
export function macAuthorization(
  token: IssuedToken,
  parts: Pick<SignMacRequestInput, 'method' | 'uri'> & Partial<SignMacRequestInput>,
): string {
  return signMacRequest({
    id: token.access_token,
    macKey: token.mac_key ?? '',
    host: MAC_HOST,
    port: MAC_PORT,
    issuedAt: token.receivedAt,
    ...parts,
  });
}

/** The protected route most scenarios need: `GET /api/email`, scope `email`, behind OAuth2Guard. */
@Controller('api')
@UseGuards(OAuth2Guard)
export class EmailApiController {
  @Get('email')
  @RequireScopes('email')
  email() {
    return { ok: true };
  }
}

/** `POST /api/notes`, scope `email`, behind OAuth2Guard: answers with the raw body the handler sees (or null). */
@Controller('api')
@UseGuards(OAuth2Guard)
@RequireScopes('email')
export class NotesApiController {
  @Post('notes')
  @HttpCode(200)
  create(@Req() req: { rawBody?: Buffer }) {
    return { received: req.rawBody?.toString('utf8') ?? null };
  }
}
