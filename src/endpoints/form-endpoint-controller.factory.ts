import { All, Controller, Inject, Req, Res, UseFilters, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MethodNotAllowed } from '../exceptions/index.js';
import { SkipOAuth2 } from '../resource-server/skip-oauth2.decorator.js';
import type { FormEndpoint } from './form-endpoint.interface.js';
import { readFormBody } from '../http/form-body.reader.js';
import { replyJson } from '../http/json-reply.js';
import { requestUrl, type UrlRequestLike } from '../http/request-url.js';
import { OAuth2ExceptionFilter } from './oauth2-exception.filter.js';

type RequestLike = Parameters<typeof readFormBody>[0] &
  UrlRequestLike & { method: string; ip?: string };

/**
 * Builds the controller of one form endpoint at one path: POST only (405 otherwise), the form read strictly, RFC
 * errors from the scoped filter. A class per registration and path, so several registrations coexist.
 */
export function createFormEndpointController(path: string, endpoint: Type<FormEndpoint>): Type {
  @Controller(path)
  @SkipOAuth2()
  @UseFilters(OAuth2ExceptionFilter)
  class FormEndpointController {
    constructor(
      @Inject(endpoint) private readonly handler: FormEndpoint,
      private readonly adapterHost: HttpAdapterHost,
    ) {}

    @All()
    async handle(@Req() request: RequestLike, @Res() response: unknown): Promise<void> {
      if (request.method !== 'POST') throw new MethodNotAllowed('This endpoint accepts POST only');
      const params = await readFormBody(request);
      const body = await this.handler.handle({
        params,
        authorization: request.headers.authorization,
        address: request.ip,
        dpop: request.headers.dpop,
        // Only a DPoP proof's htu needs it: rebuilding it reads the adapter's proxy settings.
        ...(request.headers.dpop !== undefined && { url: requestUrl(request) }),
      });
      replyJson(this.adapterHost, response, 200, body);
    }
  }
  Object.defineProperty(FormEndpointController, 'name', {
    value: `${endpoint.name}Controller[/${path}]`,
  });
  return FormEndpointController;
}
