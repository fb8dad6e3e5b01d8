import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type INestApplicationContext,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { ApiModule, type ApiOrigin } from './api/api.module.js';
import type { AccessTokenSigningKey } from 'nestjs-oauth2-token';
import { AuditLogListener } from './audit/audit-log.listener.js';
import { AuthorizationModule } from './authorization/authorization.module.js';
import {
  DATABASE_TIMEOUT_MS,
  DEFAULT_DB_TIMEOUT_MS,
  databaseOptions,
} from './database/database-options.js';
import { DatabaseReadyMiddleware } from './database/database-ready.middleware.js';
import { DatabaseStartup } from './database/database-startup.service.js';
import { HealthController } from './health/health.controller.js';
import { RedisLimitsModule, type RedisLimitsSettings } from './limits/redis-limits.module.js';
import { SAMPLE_APP_MIGRATIONS } from './migrations/index.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { bearerTokenEndpoint, MacTokenEndpoint } from './token-endpoints.js';
import { UsersModule } from './users/users.module.js';

/** How the sample app reaches its database. */
export interface SampleDatabaseOptions {
  /** `sqlite:<path>` or `postgres://...`. @default 'sqlite:sample-app/data/oauth2.sqlite' */
  databaseUrl?: string;
  /** Bound on each wait for the database, in milliseconds. @default 5000 */
  dbTimeoutMs?: number;
  /**
   * Open the database in the background (`DatabaseStartup.start()`), answering 503 until it is ready, instead of
   * failing the app's creation when it is unreachable. @default false
   */
  waitForDatabase?: boolean;
}

/** The sample app's settings besides its database. */
export interface SampleAppOptions extends SampleDatabaseOptions {
  /** Host and port that MAC signatures cover. */
  origin?: ApiOrigin;
  /** Issuer identifier (`http://HOST:PORT`): mounts RFC 8414 metadata, adds `iss` to authorization responses. */
  issuer?: string;
  /**
   * SIGNING_KEY_SECRET: with an issuer, the bearer endpoint issues JWT access tokens signed by database keys
   * encrypted with it (32 characters or more). @default undefined (opaque tokens)
   */
  signingKeySecret?: string;
  /** Keep the brute-force counters in Redis (REDIS_URL) rather than in the database. */
  redis?: RedisLimitsSettings;
  /**
   * ACCESS_TOKEN_FORMAT=jwt: with an `issuer`, `/oauth2/token` issues JWT access tokens signed with this key, and
   * `/api` verifies them locally. Not together with `signingKeySecret`.
   */
  jwtSigningKey?: AccessTokenSigningKey;
}

/** Injection token of the bearer registration's module, for `bearerEndpointOf`. */
const BEARER_ENDPOINT = Symbol('BEARER_ENDPOINT');

/**
 * The bearer registration's context (its `TokenHousekeeping`, `CodeIssuer`, `SigningKeyRotation`...); `get` with
 * `{ strict: true }` where the registrations differ, else Nest answers from the first module that has the class.
 */
export function bearerEndpointOf(app: INestApplicationContext): INestApplicationContext {
  return app.select(app.get<DynamicModule>(BEARER_ENDPOINT));
}

/** Injection token: whether the app opens its database in the background (`waitForDatabase`). */
const WAITS_FOR_DATABASE = Symbol('WAITS_FOR_DATABASE');

/** The sample app's TypeORM options, all in one place: the DATABASE_URL database, every entity, the
 * schema created and kept current by migrations (never `synchronize`). */
export function typeOrmOptions(
  databaseUrl?: string,
  { dbTimeoutMs = DEFAULT_DB_TIMEOUT_MS, waitForDatabase = false }: SampleDatabaseOptions = {},
): TypeOrmModuleOptions {
  return {
    ...databaseOptions(databaseUrl, dbTimeoutMs),
    autoLoadEntities: true,
    migrations: SAMPLE_APP_MIGRATIONS,
    // With waitForDatabase, DatabaseStartup opens the DataSource and runs the migrations itself.
    migrationsRun: !waitForDatabase,
    manualInitialization: waitForDatabase,
    retryAttempts: 0,
  };
}

/**
 * The sample app: the user store, the two token endpoints (the bearer one with revocation, introspection and the
 * login and consent page), the protected API and `GET /health` on one database. Used by the server and the CLI.
 */
@Module({})
export class AppModule implements NestModule {
  /** The app on the database of `databaseUrl` (`sqlite:<path>` or `postgres://...`). */
  static forRoot({
    origin,
    issuer,
    signingKeySecret,
    redis,
    jwtSigningKey,
    ...database
  }: SampleAppOptions = {}): DynamicModule {
    if ((jwtSigningKey || signingKeySecret) && !issuer) {
      throw new Error('JWT access tokens need an issuer');
    }
    if (jwtSigningKey && signingKeySecret) {
      throw new Error(
        'Sign with the app key (jwtSigningKey) or with database keys (signingKeySecret), not both',
      );
    }
    const bearer = bearerTokenEndpoint(
      issuer,
      signingKeySecret
        ? { databaseSecret: signingKeySecret }
        : jwtSigningKey && { key: jwtSigningKey },
    );
    // Database keys rotate: /api then finds JWTs by their hash like opaque tokens, rather than by a fixed key.
    const jwt = jwtSigningKey && issuer ? { issuer, signingKey: jwtSigningKey } : undefined;
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(typeOrmOptions(database.databaseUrl, database)),
        EventEmitterModule.forRoot({ wildcard: true }),
        RedisLimitsModule.forRoot(redis),
        UsersModule,
        bearer,
        MacTokenEndpoint,
        AuthorizationModule.forRoot(bearer),
        ApiModule.forRoot(origin, jwt),
      ],
      controllers: [HealthController],
      providers: [
        AuditLogListener,
        DemoSeeder,
        DatabaseStartup,
        { provide: DATABASE_TIMEOUT_MS, useValue: database.dbTimeoutMs ?? DEFAULT_DB_TIMEOUT_MS },
        { provide: WAITS_FOR_DATABASE, useValue: database.waitForDatabase ?? false },
        { provide: BEARER_ENDPOINT, useValue: bearer },
      ],
    };
  }

  constructor(@Inject(WAITS_FOR_DATABASE) private readonly waitsForDatabase: boolean) {}

  /** Only an app that opens its database in the background sees requests before it is open. */
  configure(consumer: MiddlewareConsumer): void {
    if (!this.waitsForDatabase) return;
    consumer
      .apply(DatabaseReadyMiddleware)
      .exclude({ path: 'health', method: RequestMethod.GET })
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
