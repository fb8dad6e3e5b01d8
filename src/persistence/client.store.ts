import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '../entities/client.entity.js';
import { statementsOnFirstUse } from './entity-statements.js';

/** Every column of a client row: registration sets them all. */
const CLIENT_COLUMNS = [
  'clientId',
  'secretHash',
  'name',
  'description',
  'ownerId',
  'redirectUris',
  'grantTypes',
  'isPublic',
  'tokenEndpointAuthMethod',
  'jwks',
  'jwksUri',
  'allowedScopes',
  'accessTokenExpiresIn',
  'refreshTokenExpiresIn',
  'refreshTokenAbsoluteExpiresIn',
  'refreshable',
  'accessTokenFormat',
  'resources',
  'isResourceServer',
  'dpopBoundAccessTokens',
  'createdAt',
] as const satisfies readonly (keyof Client)[];

/** What a new client row holds. */
export type NewClient = Pick<Client, (typeof CLIENT_COLUMNS)[number]>;

/** Registered clients. */
@Injectable()
export class ClientStore {
  private readonly compiled;

  constructor(private readonly dataSource: DataSource) {
    this.compiled = statementsOnFirstUse(dataSource, Client, (statements) => ({
      byId: statements.findOneBy('clientId'),
      insert: statements.insert(CLIENT_COLUMNS),
    }));
  }

  /** The client with this id, or null. */
  findById(clientId: string): Promise<Client | null> {
    const statements = this.compiled();
    return statements
      ? statements.byId(this.dataSource.manager, clientId)
      : this.dataSource.getRepository(Client).findOneBy({ clientId });
  }

  /** Stores a new client and returns it; its secret hash is never logged (a compiled INSERT). */
  async add(values: NewClient): Promise<Client> {
    const repository = this.dataSource.getRepository(Client);
    const client = repository.create(values);
    const statements = this.compiled();
    if (statements) await statements.insert(this.dataSource.manager, client);
    else await repository.insert(client);
    return client;
  }
}
