import 'reflect-metadata';
import {
  Body,
  Controller,
  Header,
  Headers,
  HttpCode,
  HttpException,
  Module,
  Post,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { serveBenchChild } from '../lib/child.js';
import { openStore } from '../lib/store.js';
import { answerTokenRequest } from '../lib/token-work.js';

/**
 * A bare Nest controller doing the baseline's work with Nest's own body parser (`nest-bare.server.js DATABASE_URL
 * express|fastify`): what a token endpoint costs on Nest before any module or ORM.
 */
const store = openStore(process.argv[2]);

@Controller('oauth2/token')
class TokenController {
  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async token(
    @Body() body: Record<string, unknown> | undefined,
    @Headers('authorization') authorization?: string,
  ): Promise<object> {
    const params: Record<string, string> = Object.create(null);
    for (const [name, value] of Object.entries(body ?? {})) {
      if (typeof value !== 'string') throw new HttpException({ error: 'invalid_request' }, 400);
      if (value !== '') params[name] = value;
    }
    const answer = await answerTokenRequest(store, params, authorization);
    if (answer.status !== 200) throw new HttpException(answer.body, answer.status);
    return answer.body;
  }
}

@Module({ controllers: [TokenController] })
class BareModule {}

async function main(): Promise<void> {
  const platform = process.argv[3] === 'fastify' ? 'fastify' : 'express';
  const app =
    platform === 'fastify'
      ? await NestFactory.create(
          BareModule,
          new (await import('@nestjs/platform-fastify')).FastifyAdapter(),
          { logger: false },
        )
      : await NestFactory.create(BareModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  serveBenchChild(port, async () => {
    await app.close();
    await store.close();
  });
}

void main();
