import { CLIENT_ID } from '../config/client-id.js';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { Client } from '../entities/client.entity.js';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { generateSecret, hashSecret } from '../crypto/secrets.js';
import { DEFAULT_CLIENT_GRANT_TYPES } from '../oauth2-token.constants.js';
import { isValidGrantType } from '../config/grant-type.js';
import { redirectUriProblem } from '../config/redirect-uri.js';
import { resourceIndicatorProblem } from '../config/resource-indicator.js';
import { clientSecretProblem } from '../config/client-secret.js';
import { jwksProblem, jwksUriProblem } from '../config/client-keys.js';
import { InvalidRegistration } from '../exceptions/invalid-registration.exception.js';
import { ClientStore } from '../persistence/client.store.js';

/** A client to register. */
export interface ClientRegistration {
  name: string;
  description?: string;
  ownerId?: string | null;
  /** Absolute, no fragment, https (http only on loopback) or a private-use scheme: see `redirectUriProblem`. */
  redirectUris?: string[];
  /** @default authorization_code, refresh_token, client_credentials */
  grantTypes?: string[];
  /** A public client gets no secret. @default false */
  isPublic?: boolean;
  /** The secret to use instead of a generated one: printable, at least `MIN_CLIENT_SECRET_LENGTH` (32) characters. */
  secret?: string;
  /** The client_id to use instead of a generated one. */
  clientId?: string;
  /**
   * The one way it must authenticate; unset: Basic or body (confidential), none (public). `private_key_jwt` needs
   * `jwks` or `jwksUri` and gets no secret; `client_secret_jwt` is refused (secrets are stored hashed).
   */
  tokenEndpointAuthMethod?: Client['tokenEndpointAuthMethod'];
  /** Public keys verifying its `private_key_jwt` assertions, as a JWK Set: see `jwksProblem`. */
  jwks?: JSONWebKeySet;
  /** Or the https URL of that JWK Set, fetched and cached: see `jwksUriProblem`. */
  jwksUri?: string;
  /** Scope values it may ever be granted. @default any */
  allowedScopes?: string[];
  /** Access-token lifetime in seconds. @default the module's */
  accessTokenExpiresIn?: number;
  /** Refresh-token idle lifetime in seconds. @default the module's */
  refreshTokenExpiresIn?: number;
  /** Refresh-chain absolute lifetime in seconds. @default the module's */
  refreshTokenAbsoluteExpiresIn?: number;
  /** False: never issue it refresh tokens. @default the module's */
  refreshable?: boolean;
  /** `jwt` or `opaque` access tokens, where the registration has signing keys. @default the registration's */
  accessTokenFormat?: 'opaque' | 'jwt';
  /** RFC 8707 resources (absolute URIs) it may ask tokens for. @default the registration's `resources` */
  resources?: string[];
  /** May introspect every client's tokens. @default false */
  isResourceServer?: boolean;
  /** Every token request must carry a DPoP proof (RFC 9449 §5.2 `dpop_bound_access_tokens`). @default false */
  dpopBoundAccessTokens?: boolean;
}

/**
 * Registers clients; the secret is returned once and stored only as a SHA-256 hash. Refuses, before storing
 * anything, a redirect URI or chosen secret that breaks a rule (`redirectUriProblem`, `clientSecretProblem`).
 */
@Injectable()
export class ClientRegistry {
  constructor(private readonly clients: ClientStore) {}

  async register(
    registration: ClientRegistration,
  ): Promise<{ client: Client; clientSecret: string | null }> {
    this.check(registration);
    const keyBound = registration.tokenEndpointAuthMethod === 'private_key_jwt';
    const clientSecret =
      registration.isPublic || keyBound ? null : (registration.secret ?? generateSecret());
    const client = await this.clients.add({
      clientId: registration.clientId ?? randomBytes(16).toString('base64url'),
      secretHash: clientSecret === null ? null : hashSecret(clientSecret),
      name: registration.name,
      description: registration.description ?? null,
      ownerId: registration.ownerId ?? null,
      redirectUris: registration.redirectUris ?? [],
      grantTypes: registration.grantTypes ?? defaultGrantTypes(registration.isPublic),
      isPublic: registration.isPublic ?? false,
      tokenEndpointAuthMethod: registration.tokenEndpointAuthMethod ?? null,
      jwks: registration.jwks ?? null,
      jwksUri: registration.jwksUri ?? null,
      allowedScopes: registration.allowedScopes ?? null,
      accessTokenExpiresIn: registration.accessTokenExpiresIn ?? null,
      refreshTokenExpiresIn: registration.refreshTokenExpiresIn ?? null,
      refreshTokenAbsoluteExpiresIn: registration.refreshTokenAbsoluteExpiresIn ?? null,
      refreshable: registration.refreshable ?? null,
      accessTokenFormat: registration.accessTokenFormat ?? null,
      resources: registration.resources ?? null,
      isResourceServer: registration.isResourceServer ?? false,
      dpopBoundAccessTokens: registration.dpopBoundAccessTokens ?? false,
      createdAt: nowInSeconds(),
    });
    return { client, clientSecret };
  }

  /** Refuses what the token endpoint could never honour, before anything is stored. */
  protected check(registration: ClientRegistration): void {
    const { clientId, grantTypes, redirectUris, isPublic, secret } = registration;
    if (clientId !== undefined && !CLIENT_ID.test(clientId)) {
      throw new InvalidRegistration('A client_id must be 1 to 128 printable ASCII characters');
    }
    if (grantTypes?.some((grantType) => !isValidGrantType(grantType))) {
      throw new InvalidRegistration('Unknown grant type: not an RFC 6749 one or a URI');
    }
    const redirectProblem = redirectUris?.map((uri) => redirectUriProblem(uri)).find(Boolean);
    if (redirectProblem) throw new InvalidRegistration(redirectProblem);
    const method = registration.tokenEndpointAuthMethod;
    if (method !== undefined && method !== null && !AUTH_METHODS.includes(method)) {
      throw new InvalidRegistration(
        (method as string) === 'client_secret_jwt'
          ? 'client_secret_jwt needs the plain secret to check the HMAC, and secrets are stored only as SHA-256 hashes: register private_key_jwt instead'
          : `Unknown token endpoint auth method: use ${AUTH_METHODS.join(', ')}`,
      );
    }
    this.checkKeys(registration);
    if (method && (method === 'none') !== Boolean(isPublic)) {
      throw new InvalidRegistration(
        'Public clients authenticate with "none", confidential ones with a secret',
      );
    }
    for (const lifetime of [
      registration.accessTokenExpiresIn,
      registration.refreshTokenExpiresIn,
      registration.refreshTokenAbsoluteExpiresIn,
    ]) {
      if (lifetime !== undefined && !(Number.isInteger(lifetime) && lifetime > 0)) {
        throw new InvalidRegistration('Lifetimes must be positive whole seconds');
      }
    }
    const format = registration.accessTokenFormat;
    if (format !== undefined && format !== 'opaque' && format !== 'jwt') {
      throw new InvalidRegistration("An access-token format is 'opaque' or 'jwt'");
    }
    const resourceProblem = registration.resources?.map(resourceIndicatorProblem).find(Boolean);
    if (resourceProblem) throw new InvalidRegistration(resourceProblem);
    const dpop = registration.dpopBoundAccessTokens;
    if (dpop !== undefined && typeof dpop !== 'boolean') {
      throw new InvalidRegistration('dpopBoundAccessTokens is true or false');
    }
    if (isPublic && secret !== undefined) {
      throw new InvalidRegistration('A public client has no secret');
    }
    const secretProblem = secret === undefined ? undefined : clientSecretProblem(secret);
    if (secretProblem) throw new InvalidRegistration(secretProblem);
  }

  /** A `private_key_jwt` client registers exactly one of `jwks` and `jwksUri`, and no secret; no other client any. */
  protected checkKeys({
    tokenEndpointAuthMethod,
    jwks,
    jwksUri,
    secret,
  }: ClientRegistration): void {
    if (tokenEndpointAuthMethod !== 'private_key_jwt') {
      if (jwks !== undefined || jwksUri !== undefined) {
        throw new InvalidRegistration('jwks and jwks_uri are for private_key_jwt clients only');
      }
      return;
    }
    if ((jwks === undefined) === (jwksUri === undefined)) {
      throw new InvalidRegistration('A private_key_jwt client registers either jwks or jwks_uri');
    }
    if (secret !== undefined) {
      throw new InvalidRegistration(
        'A private_key_jwt client authenticates with its key, not a secret',
      );
    }
    const problem = jwks !== undefined ? jwksProblem(jwks) : jwksUriProblem(jwksUri!);
    if (problem) throw new InvalidRegistration(problem);
  }
}

const AUTH_METHODS: readonly string[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
] satisfies NonNullable<Client['tokenEndpointAuthMethod']>[];

/** Public clients cannot use client_credentials, so their default omits it. */
function defaultGrantTypes(isPublic = false): string[] {
  return DEFAULT_CLIENT_GRANT_TYPES.filter((type) => !isPublic || type !== 'client_credentials');
}
