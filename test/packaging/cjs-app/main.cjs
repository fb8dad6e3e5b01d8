'use strict';
// A CommonJS app: Node >= 20.19 loads the ES-module package (and Nest 12 itself) through require().
require('reflect-metadata');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { TypeOrmModule } = require('@nestjs/typeorm');
const { DataSource } = require('typeorm');
const {
  AccessRange,
  ClientRegistry,
  OAUTH2_MIGRATIONS,
  OAuth2TokenModule,
} = require('nestjs-oauth2-token');

class AppModule {}
Module({
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
})(AppModule);

/** Starts the app, registers a client and prints the answer of one client_credentials request as JSON. */
async function main() {
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: ['error', 'warn'] });
  try {
    await app.listen(0, '127.0.0.1');
    await app
      .get(DataSource)
      .getRepository(AccessRange)
      .save({ key: 'email', description: 'Your e-mail address' });
    const { client, clientSecret } = await app.get(ClientRegistry).register({
      name: 'CommonJS consumer',
      grantTypes: ['client_credentials'],
    });
    const basic = Buffer.from(`${client.clientId}:${clientSecret}`).toString('base64');
    const response = await fetch(new URL('/oauth2/token', await app.getUrl()), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'email' }),
    });
    const body = await response.json();
    process.stdout.write(`${JSON.stringify({ status: response.status, body })}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
