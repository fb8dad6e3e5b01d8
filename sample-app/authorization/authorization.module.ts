import { Module, type DynamicModule } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { AuthorizeController } from './authorize.controller.js';
import { CallbackController } from './callback.controller.js';

/**
 * The login and consent page (`GET`/`POST /oauth2/authorize`) on the `Authorizer` of `tokenEndpoint`, the token
 * registration whose codes it issues, and the demo client's `GET /callback`.
 */
@Module({})
export class AuthorizationModule {
  static forRoot(tokenEndpoint: DynamicModule): DynamicModule {
    return {
      module: AuthorizationModule,
      imports: [UsersModule, tokenEndpoint],
      controllers: [AuthorizeController, CallbackController],
    };
  }
}
