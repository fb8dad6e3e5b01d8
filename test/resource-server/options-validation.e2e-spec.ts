import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BEARER,
  DPOP,
  MAC,
  OAuth2ResourceModule,
  type OAuth2ResourceModuleOptions,
} from 'nestjs-oauth2-token';

/**
 * Compiles a module with the resource-server options on an in-memory SQLite database (option checks need no real
 * database) and returns the startup error message, or 'started'. The DataSource is destroyed either way.
 */
async function startup(options: OAuth2ResourceModuleOptions): Promise<string> {
  let opened: Promise<DataSource> | undefined;
  const outcome = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRootAsync({
        useFactory: () => ({
          type: 'better-sqlite3',
          database: ':memory:',
          autoLoadEntities: true,
          retryAttempts: 0,
        }),
        dataSourceFactory: (config) => (opened = new DataSource(config!).initialize()),
      }),
      OAuth2ResourceModule.forRoot(options),
    ],
  })
    .compile()
    .then(
      async (moduleRef) => {
        await moduleRef.close();
        return 'started';
      },
      (error: Error) => error.message,
    );
  const dataSource = await opened?.catch(() => undefined);
  if (dataSource?.isInitialized) await dataSource.destroy();
  return outcome;
}

describe('OAuth2ResourceModule options are validated at startup', () => {
  it.each([
    [{ authenticationMethods: 0 }, 'authenticationMethods'],
    [{ authenticationMethods: 8 }, 'authenticationMethods'],
    [{ dpop: { algorithms: ['HS256'] } }, 'dpop.algorithms'],
    [{ dpop: { nonce: { secret: 'short' } } }, 'dpop.nonce.secret'],
    [{ publicOrigin: 'https://api.example/path' }, 'publicOrigin'],
    [{ realm: 'a"b' }, 'realm'],
    [{ realm: 'a\\b' }, 'realm'],
    [{ macNonceWindow: 0 }, 'macNonceWindow'],
    // Longer than the window TokenHousekeeping keeps nonces for: a purged nonce could be replayed.
    [{ macNonceWindow: 301 }, 'macNonceWindow'],
    [{ macNonceWindow: 3600 }, 'macNonceWindow'],
    [{ requireBodyHash: 'yes' as unknown as boolean }, 'requireBodyHash'],
    [{ maxBodyBytes: 0 }, 'maxBodyBytes'],
    [{ maxBodyBytes: 1.5 }, 'maxBodyBytes'],
    [{ macPort: 70000 }, 'macPort'],
    [{ allowQueryToken: 'yes' as unknown as boolean }, 'allowQueryToken'],
    [{ jwt: 'yes' as never }, 'jwt'],
    [{ jwt: { issuer: 'https://as', audience: 'https://api' } as never }, 'exactly one key source'],
    [
      { jwt: { issuer: 'https://as', audience: 'https://api', jwksUri: 'ftp://as/jwks' } },
      'jwt.jwksUri',
    ],
  ])('refuses %j, naming the option', async (options, option) => {
    expect(await startup(options)).toContain(option);
  });

  it.each([
    [{}],
    [{ authenticationMethods: BEARER }],
    [{ authenticationMethods: MAC }],
    [{ authenticationMethods: DPOP, dpop: { algorithms: ['ES256'], proofMaxAge: 30 } }],
    [{ maxBodyBytes: 1024 * 1024 }],
    [{ macNonceWindow: 300, requireBodyHash: true }],
    [{ authenticationMethods: BEARER | MAC, realm: 'my api', macHost: 'api.test', macPort: 443 }],
    [{ jwt: { issuer: 'https://as', audience: 'https://api', jwksUri: 'https://as/jwks' } }],
  ])('starts with %j', async (options) => {
    expect(await startup(options)).toBe('started');
  });
});
