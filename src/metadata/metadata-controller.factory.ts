import { Controller, Get, Res, UseFilters, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { replyJson } from '../http/json-reply.js';
import { OAuth2ExceptionFilter } from '../endpoints/oauth2-exception.filter.js';
import { SkipOAuth2 } from '../resource-server/skip-oauth2.decorator.js';
import { AuthorizationServerMetadata } from './authorization-server-metadata.service.js';

/** `GET /.well-known/oauth-authorization-server[/issuer path]` (RFC 8414 §3). */
export function createMetadataController(issuer: string): Type {
  const issuerPath = new URL(issuer).pathname.replace(/\/+$/, '');
  @Controller(`.well-known/oauth-authorization-server${issuerPath}`)
  @SkipOAuth2()
  @UseFilters(OAuth2ExceptionFilter)
  class MetadataController {
    constructor(
      private readonly metadata: AuthorizationServerMetadata,
      private readonly adapterHost: HttpAdapterHost,
    ) {}

    @Get()
    async describe(@Res() response: unknown): Promise<void> {
      replyJson(this.adapterHost, response, 200, await this.metadata.describe());
    }
  }
  return MetadataController;
}
