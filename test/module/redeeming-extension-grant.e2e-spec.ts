import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Column, Entity, IsNull, PrimaryGeneratedColumn, type Repository } from 'typeorm';
import {
  InvalidGrant,
  InvalidRequest,
  OAuth2TokenModule,
  type GrantRequest,
  type OAuth2Grant,
  type PreparedGrant,
} from 'nestjs-oauth2-token';
import { startE2eApp, type E2eApp } from '../support/e2e-app.js';
import { expectOAuthError, expectToken, postToken } from '../support/token-request.js';

const OTP_GRANT = 'urn:example:grant-type:single-use-otp';

/** An app's own single-use credential. */
@Entity('test_one_time_password')
class OneTimePassword {
  @PrimaryGeneratedColumn()
  id!: number;
  @Column({ type: 'varchar', unique: true })
  code!: string;
  @Column({ type: 'varchar' })
  userId!: string;
  @Column({ type: 'bigint', nullable: true })
  usedAt!: number | null;
}

/** Redeems the one-time password with the token, as the built-in code grant redeems a code. */
@Injectable()
class SingleUseOtpGrant implements OAuth2Grant {
  readonly grantType = OTP_GRANT;

  constructor(
    @InjectRepository(OneTimePassword) private readonly otps: Repository<OneTimePassword>,
  ) {}

  async validate({ params, scope }: GrantRequest): Promise<PreparedGrant> {
    if (!params.otp) throw new InvalidRequest('otp is required');
    const otp = await this.otps.findOneBy({ code: params.otp });
    if (!otp || otp.usedAt !== null) throw new InvalidGrant('The one-time password is invalid');
    return {
      userId: otp.userId,
      scope: scope ?? [],
      redeems: {
        redeem: async (manager) =>
          (
            await manager.update(
              OneTimePassword,
              { id: otp.id, usedAt: IsNull() },
              { usedAt: Date.now() },
            )
          ).affected === 1,
        lineage: {},
        lostRace: () => new InvalidGrant('The one-time password is invalid'),
      },
    };
  }
}

describe('an extension grant that redeems a single-use row of its own (PreparedGrant.redeems)', () => {
  let t: E2eApp;
  beforeAll(async () => {
    t = await startE2eApp([
      OAuth2TokenModule.forRoot({
        grants: [SingleUseOtpGrant],
        imports: [TypeOrmModule.forFeature([OneTimePassword])],
      }),
    ]);
  });
  afterAll(() => t.close());

  it('answers exactly one of 10 parallel redemptions; the row is used and one token stored', async () => {
    const client = await t.addClient({ grantTypes: [OTP_GRANT] });
    await t.dataSource.getRepository(OneTimePassword).insert({ code: '314159', userId: 'u-otp' });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        postToken(t, { grant_type: OTP_GRANT, otp: '314159' }, client),
      ),
    );
    const ok = responses.filter((res) => res.status === 200);
    expect(ok).toHaveLength(1);
    expectToken(ok[0]);
    for (const res of responses.filter((r) => r.status !== 200)) {
      expectOAuthError(res, 'invalid_grant');
    }
    const otp = await t.dataSource
      .getRepository(OneTimePassword)
      .findOneByOrFail({ code: '314159' });
    expect(otp.usedAt).not.toBeNull();
    expect(await t.rows('oauth2_access_token', { user_id: 'u-otp' })).toHaveLength(1);
  });
});
