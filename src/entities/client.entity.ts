import type { JSONWebKeySet } from 'jose';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { unixTime } from './unix-time.transformer.js';

/** A registered OAuth client. Its secret is stored only as a SHA-256 hash; a public client has none. */
@Entity('oauth2_client')
export class Client {
  /** The public `client_id`. */
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  /** SHA-256 (base64url) of the client secret; null for a public client. */
  @Column({ name: 'secret_hash', type: 'varchar', length: 64, nullable: true })
  secretHash: string | null;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Id of the app user who owns the client; the user of client_credentials tokens. */
  @Column({ name: 'owner_id', type: 'varchar', length: 255, nullable: true })
  ownerId: string | null;

  /** Registered redirect URIs, compared as exact strings. */
  @Column({ name: 'redirect_uris', type: 'simple-json' })
  redirectUris: string[];

  /** Grant types this client may use; any other is `unauthorized_client`. */
  @Column({ name: 'grant_types', type: 'simple-json' })
  grantTypes: string[];

  /** A public client (token endpoint auth method `none`) cannot keep a secret. */
  @Column({ name: 'is_public', type: 'boolean', default: false })
  isPublic: boolean;

  /** How the client authenticates at the token endpoint; null: Basic or body for a confidential client. */
  @Column({ name: 'token_endpoint_auth_method', type: 'varchar', length: 32, nullable: true })
  tokenEndpointAuthMethod:
    'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none' | null;

  /** Public JWK Set verifying its `private_key_jwt` assertions (RFC 7591 `jwks`); null: none. */
  @Column({ type: 'simple-json', nullable: true })
  jwks: JSONWebKeySet | null;

  /** https URL of its public JWK Set (RFC 7591 `jwks_uri`), fetched and cached; null: none. */
  @Column({ name: 'jwks_uri', type: 'varchar', length: 2048, nullable: true })
  jwksUri: string | null;

  /** Scope values this client may ever be granted; null: any. */
  @Column({ name: 'allowed_scopes', type: 'simple-json', nullable: true })
  allowedScopes: string[] | null;

  /** Access-token lifetime in seconds for this client; null: the module's. */
  @Column({ name: 'access_token_expires_in', type: 'integer', nullable: true })
  accessTokenExpiresIn: number | null;

  /** Idle lifetime of this client's refresh tokens in seconds (each rotation restarts it); null: the module's. */
  @Column({ name: 'refresh_token_expires_in', type: 'integer', nullable: true })
  refreshTokenExpiresIn: number | null;

  /** Absolute lifetime of a refresh chain in seconds, from the original grant; null: the module's. */
  @Column({ name: 'refresh_token_absolute_expires_in', type: 'integer', nullable: true })
  refreshTokenAbsoluteExpiresIn: number | null;

  /** False: never issue this client refresh tokens (RFC 9700 §4.14.2); null: the module's `refreshable`. */
  @Column({ type: 'boolean', nullable: true })
  refreshable: boolean | null;

  /** Format of this client's access tokens where the registration can sign JWTs; null: the registration's. */
  @Column({ name: 'access_token_format', type: 'varchar', length: 8, nullable: true })
  accessTokenFormat: 'opaque' | 'jwt' | null;

  /** RFC 8707 resources this client may name in a token request; null: the registration's `resources`. */
  @Column({ type: 'simple-json', nullable: true })
  resources: string[] | null;
  /** Every token request must carry a DPoP proof (RFC 9449 §5.2 `dpop_bound_access_tokens`). */
  @Column({ name: 'dpop_bound_access_tokens', type: 'boolean', default: false })
  dpopBoundAccessTokens: boolean;

  /** A resource server may introspect any client's tokens; other clients only their own. */
  @Column({ name: 'is_resource_server', type: 'boolean', default: false })
  isResourceServer: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: unixTime })
  createdAt: number;
}
