import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { ApiModule, type ApiOrigin } from './api/api.module.js';
import { databaseOptions } from './database.js';
import { SAMPLE_APP_MIGRATIONS } from './migrations/index.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { BearerTokenEndpoint, MacTokenEndpoint } from './token-endpoints.js';
import { UsersModule } from './users/users.module.js';

/** The sample app's TypeORM options, all in one place: the DATABASE_URL database, every entity, the
 * schema created and kept current by migrations (never `synchronize`). */
export function typeOrmOptions(databaseUrl?: string): TypeOrmModuleOptions {
  return {
    ...databaseOptions(databaseUrl),
    autoLoadEntities: true,
    migrations: SAMPLE_APP_MIGRATIONS,
    migrationsRun: true,
    retryAttempts: 0,
  };
}

/**
 * The sample app: the user store, the two token endpoints and the protected API on one database. Used by the
 * server and the CLI; `origin` is the host and port that MAC signatures cover.
 */
@Module({})
export class AppModule {
  /** The app on the database of `databaseUrl` (`sqlite:<path>` or `postgres://...`). */
  static forRoot({
    databaseUrl,
    origin,
  }: { databaseUrl?: string; origin?: ApiOrigin } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(typeOrmOptions(databaseUrl)),
        UsersModule,
        BearerTokenEndpoint,
        MacTokenEndpoint,
        ApiModule.forRoot(origin),
      ],
      providers: [DemoSeeder],
    };
  }
}
