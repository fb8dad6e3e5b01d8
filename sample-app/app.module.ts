import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
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

/** The sample app: the user store and the two token endpoints on one database. Used by the server and the CLI. */
@Module({})
export class AppModule {
  /** The app on the database of `databaseUrl` (`sqlite:<path>` or `postgres://...`). */
  static forRoot({ databaseUrl }: { databaseUrl?: string } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(typeOrmOptions(databaseUrl)),
        UsersModule,
        BearerTokenEndpoint,
        MacTokenEndpoint,
      ],
      providers: [DemoSeeder],
    };
  }
}
