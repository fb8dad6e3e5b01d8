import { Injectable } from '@nestjs/common';
import type { ResourceOwnerAuthenticator, ResourceOwnerCredentials } from 'nestjs-oauth2-token';
import { UsersService } from './users.service.js';

/** The password grant's check: the id of an active user whose password matches, else null. */
@Injectable()
export class UserPasswordAuthenticator implements ResourceOwnerAuthenticator {
  constructor(private readonly users: UsersService) {}

  async authenticate({
    username,
    email,
    password,
  }: ResourceOwnerCredentials): Promise<string | null> {
    const login = username ?? email;
    const user = login === undefined ? null : await this.users.findByUsernameOrEmail(login);
    const matches = await this.users.verifyPassword(user, password);
    return matches && user?.isActive ? user.id : null;
  }
}
