import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A scope value (oauth2app's AccessRange). */
@Entity('oauth2_access_range')
export class AccessRange {
  /** The scope token as clients send it: case-sensitive, no spaces. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}
