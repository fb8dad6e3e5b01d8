import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BadRequestException, Controller, Get, Injectable, Module } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { OAuth2TokenModule, type OAuth2Grant, type PreparedGrant } from 'nestjs-oauth2-token';
import { basic, createTestApp, type TestApp } from '../support/test-app.js';
import { expectOAuth2Error } from './support/expect-oauth2.js';

@Injectable()
class BoomGrant implements OAuth2Grant {
  readonly grantType = 'urn:test:boom';
  async validate(): Promise<PreparedGrant> {
    throw new Error('secret internal detail');
  }
}

@Injectable()
class DatabaseBoomGrant implements OAuth2Grant {
  readonly grantType = 'urn:test:db-boom';
  constructor(private readonly dataSource: DataSource) {}
  async validate(): Promise<PreparedGrant> {
    await this.dataSource.query('SELECT hidden_column FROM no_such_table_internal');
    throw new Error('unreachable');
  }
}

@Injectable()
class NestExceptionGrant implements OAuth2Grant {
  readonly grantType = 'urn:test:nest-exception';
  async validate(): Promise<PreparedGrant> {
    throw new BadRequestException('nest exception detail');
  }
}

@Controller('host')
class HostController {
  @Get('bad')
  bad(): never {
    throw new BadRequestException('host says no');
  }

  @Get('boom')
  boom(): never {
    throw new Error('host internal detail');
  }
}

@Module({ controllers: [HostController] })
class HostModule {}

const GRANTS = ['urn:test:boom', 'urn:test:db-boom', 'urn:test:nest-exception'];

describe('unexpected failures (server_error) and the filter scope', () => {
  let t: TestApp;
  let auth: string;
  beforeAll(async () => {
    t = await createTestApp([
      OAuth2TokenModule.forRoot({ grants: [BoomGrant, DatabaseBoomGrant, NestExceptionGrant] }),
      HostModule,
    ]);
    const { clientId, clientSecret } = await t.addClient({ grantTypes: GRANTS });
    auth = basic(clientId, clientSecret);
  });
  afterAll(() => t.close());

  const token = (grantType: string) =>
    request(t.http)
      .post('/oauth2/token')
      .set('Authorization', auth)
      .type('form')
      .send(new URLSearchParams({ grant_type: grantType }).toString());

  it('a thrown Error is 500 server_error with a fixed description and no internals', async () => {
    const res = await token('urn:test:boom');
    expectOAuth2Error(res, 500, 'server_error');
    expect(res.text).not.toContain('secret internal detail');
    expect(res.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|Error:/);
  });

  it('a database error is 500 server_error with the same fixed description and no SQL', async () => {
    const boom = await token('urn:test:boom');
    const res = await token('urn:test:db-boom');
    expectOAuth2Error(res, 500, 'server_error');
    expect(res.body.error_description).toBe(boom.body.error_description);
    expect(res.text).not.toMatch(/no_such_table|hidden_column|SELECT|QueryFailed/i);
  });

  it('a Nest HttpException inside the pipeline is still an RFC 6749 error body', async () => {
    const res = await token('urn:test:nest-exception');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectOAuth2Error(res, res.status, res.body.error);
    expect(res.body).not.toHaveProperty('statusCode');
    expect(res.body).not.toHaveProperty('message');
  });

  it("leaves a host route's HttpException to Nest's own error body", async () => {
    const res = await request(t.http).get('/host/bad');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, message: 'host says no', error: 'Bad Request' });
    expect(res.headers['cache-control']).not.toBe('no-store');
  });

  it("leaves a host route's unexpected error to Nest's own 500 body", async () => {
    const res = await request(t.http).get('/host/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect(res.body).not.toHaveProperty('error');
  });
});
