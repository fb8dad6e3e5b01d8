import { Inject, Injectable } from '@nestjs/common';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { hashSecret, safeEqual } from '../crypto/secrets.js';
import { splitScope } from '../config/scope-token.js';
import { BEARER, DPOP, MAC, MAC_NONCE_LEAD } from '../oauth2-token.constants.js';
import type { AuthenticatedToken } from './authenticated-token.interface.js';
import { computeMac, macBodyHash } from './mac-signature.js';
import { MacNonceStore } from '../persistence/mac-nonce.store.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';
import { TokenStore, type PresentedToken } from '../persistence/token.store.js';
import { OAUTH2_RESOURCE_CONFIG } from './oauth2-resource.constants.js';
import type { OAuth2ResourceConfig } from './oauth2-resource-config.js';
import {
  InsufficientScope,
  InvalidToken,
  InvalidTokenRequest,
  MissingToken,
} from './resource-access.errors.js';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier.js';
import { DPoPResourceProof } from './dpop-resource-proof.service.js';
import { readRequestBody } from './request-body.js';
import { macOrigin, requestUri, type ResourceRequest } from './request-origin.js';
import { parseAuthorization, type TokenCredentials } from './token-credentials.js';

type MacCredentials = Extract<TokenCredentials, { scheme: 'mac' }>;

/** `Bearer ` and one space: the form clients send, which the cached-JWT path recognises (any other takes the full path). */
const BEARER_PREFIX = /^bearer /i;
const BEARER_PREFIX_LENGTH = 'bearer '.length;

/**
 * Validates the access token of a resource request (oauth2app's Authenticator, with MAC verification finished):
 * Bearer per RFC 6750, MAC per draft-ietf-oauth-v2-http-mac-01. Usable outside HTTP guards.
 */
@Injectable()
export class OAuth2Authenticator {
  /** Whether a Bearer JWT may be found in the verified-token cache before the header is parsed. */
  private readonly bearerJwtsCached: boolean;

  constructor(
    private readonly tokens: TokenStore,
    private readonly nonces: MacNonceStore,
    @Inject(OAUTH2_RESOURCE_CONFIG) private readonly config: OAuth2ResourceConfig,
    private readonly audit: OAuth2Audit,
    private readonly jwts: JwtAccessTokenVerifier,
    private readonly dpop: DPoPResourceProof,
  ) {
    this.bearerJwtsCached = (config.authenticationMethods & BEARER) !== 0 && jwts.caches;
  }

  /** Resolves the token, or throws a `ResourceAccessError` (missing, invalid, or lacking `requiredScopes`). */
  async authenticate(
    request: ResourceRequest,
    requiredScopes: string[] = [],
  ): Promise<AuthenticatedToken> {
    return this.resolve(request, requiredScopes);
  }

  /**
   * `authenticate`, answered without a promise when no I/O is needed (a Bearer JWT the verified-token cache holds):
   * what `OAuth2Guard` calls, since a guard's few microseconds matter on every API call. Throws synchronously or
   * rejects with the same errors.
   */
  resolve(
    request: ResourceRequest,
    requiredScopes: string[] = [],
  ): AuthenticatedToken | Promise<AuthenticatedToken> {
    const cached = this.cachedBearerJwt(request);
    if (cached) return this.checkedJwt(cached, 'bearer', requiredScopes);
    return this.verify(request, this.credentials(request), requiredScopes);
  }

  /**
   * The verified-token cache's entry for `Authorization: Bearer <JWT>` when no other place may carry a token, found
   * before any parsing: the cache holds only exact token strings that passed every check, so a hit needs none of the
   * header's format checks; anything else (a miss, another header form) takes the full path.
   */
  private cachedBearerJwt(request: ResourceRequest): AuthenticatedToken | undefined {
    const header = request.headers.authorization;
    if (
      !this.bearerJwtsCached ||
      typeof header !== 'string' ||
      !BEARER_PREFIX.test(header) ||
      !header.includes('.', BEARER_PREFIX_LENGTH) ||
      requestUri(request).includes('?') ||
      (request.method !== 'GET' && this.config.allowBodyToken)
    ) {
      return undefined;
    }
    return this.jwts.cached(header.slice(BEARER_PREFIX_LENGTH));
  }

  private async verify(
    request: ResourceRequest,
    credentials: TokenCredentials,
    requiredScopes: string[],
  ): Promise<AuthenticatedToken> {
    if (credentials.scheme !== 'mac' && this.jwts.handles(credentials.token)) {
      const { scheme, token } = credentials;
      const verified = await this.jwts.verify(token, scheme);
      if (scheme === 'dpop' && verified.tokenType === 'dpop') {
        await this.dpop.verify(request, token, verified.dpopJkt);
      }
      return this.checkedJwt(verified, scheme, requiredScopes);
    }
    if (credentials.scheme === 'mac') this.checkBodyHashPresent(request, credentials);
    const token = await this.findToken(credentials);
    if (credentials.scheme === 'mac') await this.verifyMac(request, credentials, token);
    if (credentials.scheme === 'dpop') {
      await this.dpop.verify(request, credentials.token, token.dpopJkt);
    }
    const scopes = splitScope(token.scope);
    this.checkScopes(scopes, requiredScopes, credentials.scheme);
    return {
      id: token.id,
      clientId: token.clientId,
      userId: token.userId,
      scopes,
      expiresAt: token.expiresAt,
      tokenType: token.tokenType as AuthenticatedToken['tokenType'],
      ...(token.dpopJkt !== null && { dpopJkt: token.dpopJkt }),
    };
  }

  /** A verified JWT, presented in the scheme it was issued for, with every required scope. */
  private checkedJwt(
    verified: AuthenticatedToken,
    scheme: 'bearer' | 'dpop',
    requiredScopes: string[],
  ): AuthenticatedToken {
    if (verified.tokenType !== scheme) {
      throw Object.assign(
        new InvalidToken('The access token must be presented in the scheme it was issued for'),
        { scheme },
      );
    }
    this.checkScopes(verified.scopes, requiredScopes, scheme);
    return verified;
  }

  /** Every required scope must be granted (RFC 6750 §3.1 `insufficient_scope`). */
  protected checkScopes(
    granted: string[],
    required: string[],
    scheme: TokenCredentials['scheme'],
  ): void {
    if (required.some((scope) => !granted.includes(scope))) {
      throw Object.assign(new InsufficientScope(required), { scheme });
    }
  }

  /** Exactly one accepted place may carry the token (RFC 6750 §2). */
  protected credentials(request: ResourceRequest): TokenCredentials {
    const found: TokenCredentials[] = [];
    const header = request.headers.authorization;
    if (typeof header === 'string' && header) {
      const parsed = parseAuthorization(header);
      if (parsed === null) throw new InvalidTokenRequest('The Authorization header is malformed');
      if (parsed) found.push(parsed);
    }
    const uri = requestUri(request);
    // Most requests have no query: parsing a URL is a measurable share of a guard that does no I/O (JWT, cached).
    const queryToken = uri.includes('?')
      ? new URL(uri, 'http://x').searchParams.getAll('access_token')
      : [];
    if (queryToken.length > 0) {
      if (!this.config.allowQueryToken) {
        throw new InvalidTokenRequest('Access tokens are not accepted in the query string');
      }
      found.push(...queryToken.map((token) => ({ scheme: 'bearer' as const, token })));
    }
    const bodyToken = this.bodyToken(request);
    if (bodyToken !== undefined) found.push({ scheme: 'bearer', token: bodyToken });
    if (found.length > 1)
      throw new InvalidTokenRequest('The access token was sent in more than one place');
    if (found.length === 0) throw new MissingToken('An access token is required');
    const [credentials] = found;
    const accepted = { bearer: BEARER, mac: MAC, dpop: DPOP }[credentials.scheme];
    if ((this.config.authenticationMethods & accepted) === 0) {
      throw new MissingToken('This authentication scheme is not accepted');
    }
    return credentials;
  }

  /** RFC 6750 §2.2: a form-encoded body of a request with a body, when enabled and already parsed. */
  protected bodyToken(request: ResourceRequest): string | undefined {
    if (!this.config.allowBodyToken || request.method === 'GET') return undefined;
    if (
      !/^application\/x-www-form-urlencoded/i.test(String(request.headers['content-type'] ?? ''))
    ) {
      return undefined;
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Express's form parser nests `access_token[a]=…` under access_token; Fastify's keeps the bracketed name as is.
    if (Object.keys(body).some((name) => name.startsWith('access_token['))) {
      throw new InvalidTokenRequest('access_token is malformed');
    }
    const value = body.access_token;
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !value)
      throw new InvalidTokenRequest('access_token is malformed');
    return value;
  }

  /** The live token, issued for the scheme it is presented with; looked up by hash on every request. */
  protected async findToken(credentials: TokenCredentials): Promise<PresentedToken> {
    const value = credentials.scheme === 'mac' ? credentials.id : credentials.token;
    const token = await this.tokens.findPresented(hashSecret(value));
    const fail = (description: string) =>
      Object.assign(new InvalidToken(description), { scheme: credentials.scheme });
    if (!token || token.revokedAt !== null || token.expiresAt <= nowInSeconds()) {
      throw fail('The access token is invalid, expired or revoked');
    }
    if (token.tokenType !== credentials.scheme) {
      throw fail('The access token must be presented in the scheme it was issued for');
    }
    return token;
  }

  /** With `requireBodyHash`, a MAC request with a body must sign it: a missing required attribute (RFC 6750 §3.1). */
  protected checkBodyHashPresent(request: ResourceRequest, credentials: MacCredentials): void {
    if (!this.config.requireBodyHash || credentials.bodyHash !== undefined) return;
    const length = Number(request.headers['content-length'] ?? 0);
    if (request.headers['transfer-encoding'] !== undefined || length > 0 || Number.isNaN(length)) {
      throw Object.assign(new InvalidTokenRequest('A request body must be signed with bodyhash'), {
        scheme: 'mac' as const,
      });
    }
  }

  /** Signature first, so a forged request cannot burn a nonce; then the nonce's age; then its uniqueness. */
  protected async verifyMac(
    request: ResourceRequest,
    credentials: MacCredentials,
    token: PresentedToken,
  ): Promise<void> {
    const fail = (description: string) =>
      Object.assign(new InvalidToken(description), { scheme: 'mac' as const });
    if (credentials.bodyHash !== undefined) {
      const body = await readRequestBody(request, this.config.maxBodyBytes);
      if (body === undefined || !safeEqual(macBodyHash(body), credentials.bodyHash)) {
        throw fail('The body hash does not match');
      }
    }
    const { host, port } = macOrigin(request, this.config);
    const expected = computeMac(token.macKey ?? '', {
      nonce: credentials.nonce,
      method: request.method,
      uri: requestUri(request),
      host,
      port,
      bodyHash: credentials.bodyHash,
      ext: credentials.ext,
    });
    if (!token.macKey || !safeEqual(expected, credentials.mac))
      throw fail('The MAC signature is invalid');
    const age = /^(\d{1,12}):\S{1,128}$/.exec(credentials.nonce)?.[1];
    const realAge = nowInSeconds() - token.issuedAt;
    // The client counts from receiving the token, so its age may trail the real one by up to the window but never
    // run ahead of it (beyond a little clock tick): a nonce is thus dead `macNonceWindow + 5` seconds after use.
    const drift = age === undefined ? Infinity : realAge - Number(age);
    if (drift > this.config.macNonceWindow || drift < -MAC_NONCE_LEAD) {
      throw fail('The nonce is stale or malformed');
    }
    if (!(await this.nonces.remember(token.id, credentials.nonce))) {
      this.audit.emit({ type: 'mac.replay_refused', clientId: token.clientId, tokenId: token.id });
      throw fail('The nonce was already used');
    }
  }
}
