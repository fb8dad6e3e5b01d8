import { Controller, Get, Module, Req, type DynamicModule } from '@nestjs/common';
import { AuthorizationError, Authorizer } from 'nestjs-oauth2-token';
import { queryParams } from '../../../sample-app/authorization/authorization-params.js';
import { requestUrl, type PlatformRequest } from '../../../sample-app/authorization/node-http.js';

/** What the test authorization endpoint decided: a redirect URL, or an error to show the user. */
export type AutoApproveResult =
  { redirect: string } | { shown: { error: string; description: string } };

/**
 * `GET /authorize` on the `Authorizer` of one registration, as JSON: a valid request is approved at once for user
 * `user-1`; a refused one answers its error redirect, or the error to show when it must not redirect.
 */
@Controller('authorize')
class AutoApproveController {
  constructor(private readonly authorizer: Authorizer) {}

  @Get()
  async authorize(@Req() req: PlatformRequest): Promise<AutoApproveResult> {
    try {
      const request = await this.authorizer.validate(queryParams(requestUrl(req)));
      return { redirect: await this.authorizer.approve(request, 'user-1') };
    } catch (error) {
      if (!(error instanceof AuthorizationError)) throw error;
      const redirect = this.authorizer.errorRedirect(error);
      return redirect
        ? { redirect }
        : { shown: { error: error.error, description: error.message } };
    }
  }
}

/** The auto-approving endpoint bound to `registration` (an `OAuth2TokenModule` registration). */
@Module({})
export class AutoApproveModule {
  static forRegistration(registration: DynamicModule): DynamicModule {
    return {
      module: AutoApproveModule,
      imports: [registration],
      controllers: [AutoApproveController],
    };
  }
}
