import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessRange,
  ClientRegistry,
  OAUTH2_MIGRATIONS,
  OAuth2TokenModule,
} from 'nestjs-oauth2-token';

/** Seeds a scope and a client through constructor injection: this needs the consumer's emitDecoratorMetadata. */
@Injectable()
class Seeder {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly dataSource: DataSource,
  ) {}

  async seed(): Promise<{ clientId: string; clientSecret: string }> {
    await this.dataSource
      .getRepository(AccessRange)
      .save({ key: 'email', description: 'Your e-mail address' });
    const { client, clientSecret } = await this.clients.register({
      name: 'ESM TypeScript consumer',
      grantTypes: ['client_credentials'],
    });
    return { clientId: client.clientId, clientSecret: clientSecret ?? '' };
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'better-sqlite3',
      database: process.argv[2] ?? 'consumer.sqlite',
      autoLoadEntities: true,
      migrations: OAUTH2_MIGRATIONS,
      migrationsRun: true,
    }),
    OAuth2TokenModule.forRoot({ path: 'oauth2/token' }),
  ],
  providers: [Seeder],
})
class AppModule {}

/** Starts the app, registers a client and prints the answer of one client_credentials request as JSON. */
const app = await NestFactory.create(AppModule, { bodyParser: false, logger: ['error', 'warn'] });
try {
  await app.listen(0, '127.0.0.1');
  const { clientId, clientSecret } = await app.get(Seeder).seed();
  const response = await fetch(new URL('/oauth2/token', await app.getUrl()), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'email' }),
  });
  process.stdout.write(
    `${JSON.stringify({ status: response.status, body: await response.json() })}\n`,
  );
} finally {
  await app.close();
}
