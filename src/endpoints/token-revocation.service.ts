import { Injectable } from '@nestjs/common';
import { InvalidRequest } from '../exceptions/index.js';
import type { FormEndpoint } from './form-endpoint.interface.js';
import type { TokenRequest } from '../interfaces/token-request.interface.js';
import { ClientAuthenticator } from '../domain/client-authenticator.service.js';
import { TokenLookup } from '../domain/token-lookup.service.js';
import { TokenRevoker } from '../domain/token-revoker.service.js';
import { OAuth2Audit } from '../events/oauth2-audit.service.js';

/**
 * RFC 7009 token revocation. The client authenticates as at the token endpoint; an unknown token, or another
 * client's (which stays valid), still answers 200. Revoking a refresh token revokes its whole chain.
 */
@Injectable()
export class TokenRevocation implements FormEndpoint {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly lookup: TokenLookup,
    private readonly revoker: TokenRevoker,
    private readonly audit: OAuth2Audit,
  ) {}

  async handle({ params, authorization, address }: TokenRequest): Promise<object> {
    const { client } = await this.clients.authenticate(params, authorization, address);
    if (params.token === undefined) throw new InvalidRequest('token is required');
    const found = await this.lookup.find(params.token, params.token_type_hint);
    if (found && found.token.clientId === client.clientId) {
      if (found.kind === 'refresh_token') await this.revoker.revokeFamily(found.token.familyId);
      else await this.revoker.revokeToken(found.token.id);
      this.audit.emit({
        type: 'token.revoked',
        clientId: client.clientId,
        tokenKind: found.kind,
        tokenId: found.token.id,
        familyId: found.token.familyId,
      });
    }
    return {};
  }
}
