import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '../entities/client.entity.js';
import { statementsOnFirstUse } from './entity-statements.js';

/** Registered clients. */
@Injectable()
export class ClientStore {
  private readonly byId;

  constructor(private readonly dataSource: DataSource) {
    this.byId = statementsOnFirstUse(dataSource, Client, (statements) =>
      statements.findOneBy('clientId'),
    );
  }

  /** The client with this id, or null. */
  findById(clientId: string): Promise<Client | null> {
    const find = this.byId();
    return find
      ? find(this.dataSource.manager, clientId)
      : this.dataSource.getRepository(Client).findOneBy({ clientId });
  }

  /** Stores a new client and returns it. */
  async add(values: Client): Promise<Client> {
    const repository = this.dataSource.getRepository(Client);
    const client = repository.create(values);
    await repository.insert(client);
    return client;
  }
}
