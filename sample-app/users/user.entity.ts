import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A resource owner of the sample app: who signs in with the password grant and owns clients and codes. */
@Entity('sample_user')
export class User {
  /** A random UUID (crypto.randomUUID); the `user_id` stored with codes and tokens. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  /** Stored lower-cased, so sign-in by email is case-insensitive. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ name: 'first_name', type: 'varchar', length: 150, nullable: true })
  firstName: string | null;

  @Column({ name: 'last_name', type: 'varchar', length: 150, nullable: true })
  lastName: string | null;

  /** `scrypt$N$r$p$salt$hash` (see password-hash.ts). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  /** An inactive user cannot sign in. */
  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;
}
