import { Module, type DynamicModule } from '@nestjs/common';
import {
  BEARER,
  DPOP,
  MAC,
  OAuth2ResourceModule,
  type AccessTokenSigningKey,
} from 'nestjs-oauth2-token';
import { UsersModule } from '../users/users.module.js';
import { ApiController } from './api.controller.js';

/** Where the MAC signatures of API requests point: the address the app serves. */
export interface ApiOrigin {
  host?: string;
  port?: number;
}

/** The issuer and key of the JWT access tokens `/oauth2/token` issues (ACCESS_TOKEN_FORMAT=jwt). */
export interface ApiJwt {
  issuer: string;
  signingKey: AccessTokenSigningKey;
}

/**
 * The protected API, accepting opaque Bearer, MAC, DPoP-bound and (with `jwt`) JWT tokens, each in the scheme it was
 * issued for. JWTs are checked against the app's own public key, without the database: a revoked JWT is accepted
 * until it expires (`checkRevocation` would look it up); opaque and MAC tokens are looked up every time.
 */
@Module({})
export class ApiModule {
  static forRoot({ host, port }: ApiOrigin = {}, jwt?: ApiJwt): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        UsersModule,
        OAuth2ResourceModule.forRoot({
          realm: 'sample-app',
          authenticationMethods: BEARER | MAC | DPOP,
          macHost: host,
          macPort: port,
          ...(jwt && {
            jwt: { issuer: jwt.issuer, audience: jwt.issuer, signingKeys: [jwt.signingKey] },
          }),
        }),
      ],
      controllers: [ApiController],
    };
  }
}
