import { Controller, Get, Res, UseFilters, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OAuth2ExceptionFilter } from '../endpoints/oauth2-exception.filter.js';
import { JwtAccessTokenSigner } from '../domain/jwt-access-token.signer.js';
import { SkipOAuth2 } from '../resource-server/skip-oauth2.decorator.js';

/**
 * Resource servers may cache the key set briefly; a new key is published before it signs (database keys: for
 * `publishDelaySeconds`, more than this max-age plus two reloads by default).
 */
const JWKS_CACHE_CONTROL = 'public, max-age=300';

/** The JWKS route of a registration: `.well-known/jwks.json` plus the issuer's path, as the metadata route. */
export function jwksPath(issuer: string): string {
  return `.well-known/jwks.json${new URL(issuer).pathname.replace(/\/+$/, '')}`;
}

/** `GET /.well-known/jwks.json[/issuer path]`: the public keys of the JWT access tokens (RFC 7517 §5). */
export function createJwksController(issuer: string): Type {
  @Controller(jwksPath(issuer))
  @SkipOAuth2()
  @UseFilters(OAuth2ExceptionFilter)
  class JwksController {
    constructor(
      private readonly signer: JwtAccessTokenSigner,
      private readonly adapterHost: HttpAdapterHost,
    ) {}

    @Get()
    async keys(@Res() response: unknown): Promise<void> {
      const adapter = this.adapterHost.httpAdapter;
      const body = await this.signer.publicKeys();
      adapter.setHeader(response, 'Cache-Control', JWKS_CACHE_CONTROL);
      adapter.setHeader(response, 'Content-Type', 'application/jwk-set+json; charset=utf-8');
      adapter.reply(response, body, 200);
    }
  }
  return JwksController;
}
