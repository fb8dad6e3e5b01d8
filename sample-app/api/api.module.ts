import { Module, type DynamicModule } from '@nestjs/common';
import { BEARER, DPOP, MAC, OAuth2ResourceModule } from 'nestjs-oauth2-token';
import { UsersModule } from '../users/users.module.js';
import { ApiController } from './api.controller.js';

/** Where the MAC signatures of API requests point: the address the app serves. */
export interface ApiOrigin {
  host?: string;
  port?: number;
}

/** The protected API, accepting Bearer, MAC and DPoP-bound tokens (each in the scheme it was issued for). */
@Module({})
export class ApiModule {
  static forRoot({ host, port }: ApiOrigin = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        UsersModule,
        OAuth2ResourceModule.forRoot({
          realm: 'sample-app',
          authenticationMethods: BEARER | MAC | DPOP,
          macHost: host,
          macPort: port,
        }),
      ],
      controllers: [ApiController],
    };
  }
}
