import { Injectable } from '@nestjs/common';
import type { AccessToken } from '../entities/access-token.entity.js';
import { hashSecret } from '../crypto/secrets.js';
import { TokenStore } from '../persistence/token.store.js';

/** A token value found in storage, and whether it was the access or the refresh token of its row. */
export interface FoundToken {
  kind: 'access_token' | 'refresh_token';
  token: AccessToken;
}

/** Finds an access or refresh token by its hash; `token_type_hint` only decides which is tried first (RFC 7009). */
@Injectable()
export class TokenLookup {
  constructor(private readonly tokens: TokenStore) {}

  async find(value: string, hint?: string): Promise<FoundToken | null> {
    const kinds: FoundToken['kind'][] =
      hint === 'refresh_token'
        ? ['refresh_token', 'access_token']
        : ['access_token', 'refresh_token'];
    const hash = hashSecret(value);
    for (const kind of kinds) {
      const token =
        kind === 'access_token'
          ? await this.tokens.findByAccessTokenHash(hash)
          : await this.tokens.findByRefreshTokenHash(hash);
      if (token) return { kind, token };
    }
    return null;
  }
}
