import 'reflect-metadata';
import { Controller, Get, Injectable, Module, UseGuards, type CanActivate } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  BEARER,
  DPOP,
  MAC,
  OAuth2Guard,
  OAuth2ResourceModule,
  OAuth2TokenModule,
  RequireScopes,
} from 'nestjs-oauth2-token';
import { databaseOptions } from '../../sample-app/database/database-options.js';
import {
  createHttpAdapter,
  handBodiesOverUnread,
  type SampleHttpPlatform,
} from '../../sample-app/http-platform.js';
import { serveBenchChild } from '../lib/child.js';
import {
  MAC_HOST,
  MAC_PORT,
  RESOURCE_ISSUER,
  RESOURCE_ORIGIN,
  RESOURCE_PATHS,
} from '../lib/resource-scenario.js';

/**
 * The resource-server scenario's server (`resource.server.js DATABASE_URL express|fastify`): token endpoints for
 * opaque Bearer, JWT and MAC tokens (the JWT endpoint binds its tokens to the key of a DPoP proof sent with the
 * request), and one trivial route without a guard and one behind `OAuth2Guard` (scope `email`) accepting all four,
 * each in its own scheme. The JWT signing key is new at every start.
 */
const signingKeys = [{ kid: 'bench', key: generateKeyPairSync('ed25519').privateKey }];

/** Lets every request through: what Nest's guard machinery costs by itself. */
@Injectable()
class AllowAllGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Controller()
class ResourceController {
  @Get(RESOURCE_PATHS.open)
  open() {
    return { ok: true };
  }

  @Get(RESOURCE_PATHS.allowAll)
  @UseGuards(AllowAllGuard)
  allowAll() {
    return { ok: true };
  }

  @Get(RESOURCE_PATHS.guarded)
  @UseGuards(OAuth2Guard)
  @RequireScopes('email')
  guarded() {
    return { ok: true };
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({ ...databaseOptions(process.argv[2]), autoLoadEntities: true }),
    OAuth2TokenModule.forRoot({ path: RESOURCE_PATHS.opaqueToken }),
    OAuth2TokenModule.forRoot({
      path: RESOURCE_PATHS.jwtToken,
      issuer: RESOURCE_ISSUER,
      accessTokenFormat: 'jwt',
      signingKeys,
      dpop: true,
    }),
    OAuth2TokenModule.forRoot({ path: RESOURCE_PATHS.macToken, authenticationMethod: MAC }),
    OAuth2ResourceModule.forRoot({
      authenticationMethods: BEARER | MAC | DPOP,
      publicOrigin: RESOURCE_ORIGIN,
      macHost: MAC_HOST,
      macPort: MAC_PORT,
      jwt: { issuer: RESOURCE_ISSUER, audience: RESOURCE_ISSUER, signingKeys },
    }),
  ],
  controllers: [ResourceController],
})
class ResourceBenchModule {}

async function main(): Promise<void> {
  const platform: SampleHttpPlatform = process.argv[3] === 'fastify' ? 'fastify' : 'express';
  const adapter = await createHttpAdapter(platform, []);
  const options = { logger: false as const, bodyParser: false };
  const app = adapter
    ? await NestFactory.create(ResourceBenchModule, adapter, options)
    : await NestFactory.create(ResourceBenchModule, options);
  handBodiesOverUnread(app, platform);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  serveBenchChild(port, () => app.close());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
