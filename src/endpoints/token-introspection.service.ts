import { Injectable } from '@nestjs/common';
import { nowInSeconds } from '../entities/unix-time.transformer.js';
import { InvalidClient, InvalidRequest } from '../exceptions/index.js';
import type { FormEndpoint } from './form-endpoint.interface.js';
import type { TokenRequest } from '../interfaces/token-request.interface.js';
import { ClientAuthenticator } from '../domain/client-authenticator.service.js';
import { TokenLookup, type FoundToken } from '../domain/token-lookup.service.js';

/** An RFC 7662 introspection response. */
export interface IntrospectionResponse {
  active: boolean;
  scope?: string;
  client_id?: string;
  sub?: string;
  /** The RFC 8707 resource the access token was issued for. */
  aud?: string;
  token_type?: string;
  exp?: number;
  iat?: number;
  /** The DPoP key a DPoP-bound access token is bound to (RFC 9449 §6.2). */
  cnf?: { jkt: string };
}

/**
 * RFC 7662 token introspection, for authenticated confidential clients: a client sees its own tokens, a client
 * registered as a resource server every token. Anything else, or anything not currently valid, is `{"active":false}`.
 */
@Injectable()
export class TokenIntrospection implements FormEndpoint {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly lookup: TokenLookup,
  ) {}

  async handle({ params, authorization, address }: TokenRequest): Promise<IntrospectionResponse> {
    const { client } = await this.clients.authenticate(params, authorization, address);
    if (client.isPublic) throw new InvalidClient('Client authentication failed');
    if (params.token === undefined) throw new InvalidRequest('token is required');
    const found = await this.lookup.find(params.token, params.token_type_hint);
    if (!found || (!client.isResourceServer && found.token.clientId !== client.clientId)) {
      return { active: false };
    }
    return describe(found) ?? { active: false };
  }
}

/** The token's claims when it is valid now, else undefined. */
function describe({ kind, token }: FoundToken): IntrospectionResponse | undefined {
  const now = nowInSeconds();
  const refresh = kind === 'refresh_token';
  const expiresAt = refresh ? token.refreshExpiresAt : token.expiresAt;
  const usable = refresh ? token.refreshable && token.rotatedAt === null : true;
  if (!usable || token.revokedAt !== null || expiresAt === null || expiresAt <= now)
    return undefined;
  return {
    active: true,
    scope: (refresh ? token.refreshScope : token.scope) || undefined,
    client_id: token.clientId,
    ...(token.userId !== null && { sub: token.userId }),
    ...(!refresh && token.audience !== null && { aud: token.audience }),
    ...(!refresh && { token_type: token.tokenType === 'dpop' ? 'DPoP' : token.tokenType }),
    exp: expiresAt,
    iat: token.issuedAt,
    ...(!refresh && token.dpopJkt !== null && { cnf: { jkt: token.dpopJkt } }),
  };
}
