import { All, Controller, Req, Res, UseFilters, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MethodNotAllowed } from '../exceptions/index.js';
import { SkipOAuth2 } from '../resource-server/skip-oauth2.decorator.js';
import { TokenGenerator } from '../services/token-generator.service.js';
import { readFormBody } from './form-body.reader.js';
import { replyJson } from './json-reply.js';
import { OAuth2ExceptionFilter } from './oauth2-exception.filter.js';

/** Builds the token endpoint's controller for one registration: a class per path, so several can coexist. */
export function createTokenController(path: string): Type {
  @Controller(path)
  @SkipOAuth2()
  @UseFilters(OAuth2ExceptionFilter)
  class TokenController {
    constructor(
      private readonly generator: TokenGenerator,
      private readonly adapterHost: HttpAdapterHost,
    ) {}

    /** POST only (RFC 6749 §3.2); every other method gets 405 from the same route. */
    @All()
    async token(@Req() request: RequestLike, @Res() response: unknown): Promise<void> {
      if (request.method !== 'POST')
        throw new MethodNotAllowed('The token endpoint accepts POST only');
      const params = await readFormBody(request);
      const validated = await this.generator.validate({
        params,
        authorization: request.headers.authorization,
      });
      const body = await this.generator.grantResponse(validated);
      replyJson(this.adapterHost, response, 200, body);
    }
  }
  Object.defineProperty(TokenController, 'name', { value: `TokenController[/${path}]` });
  return TokenController;
}

type RequestLike = Parameters<typeof readFormBody>[0] & { method: string };
