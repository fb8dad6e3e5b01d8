import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { unixTime } from './unix-time.transformer.js';

/**
 * One brute-force counter shared by every instance: failures under a key (a hash of what is counted: client and
 * address, user and address...) within a window, and the block they earned.
 */
@Entity('oauth2_rate_limit')
export class RateLimit {
  /** SHA-256 (hex) of the throttler's name and the counted parts: no client id, user name or address at rest. */
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_oauth2_rate_limit' })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  /** When the window ends, in UNIX milliseconds. */
  @Index('IDX_oauth2_rate_limit_expires_at')
  @Column({ name: 'expires_at', type: 'bigint', transformer: unixTime })
  expiresAt: number;

  /** When the block ends, in UNIX milliseconds; 0 when the key was never blocked. */
  @Column({ name: 'blocked_until', type: 'bigint', transformer: unixTime })
  blockedUntil: number;
}
