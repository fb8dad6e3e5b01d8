import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { hashPassword, verifyPasswordHash } from './password-hash.js';
import { User } from './user.entity.js';

/** What `UsersService.create` needs. */
export interface NewUser {
  username: string;
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  /** @default true */
  isActive?: boolean;
}

const USERNAME = /^[A-Za-z0-9_.-]{1,150}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The sample app's user store: creation, lookup by username or email, and password checks. */
@Injectable()
export class UsersService implements OnModuleInit {
  private dummyHash?: Promise<string>;

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** Prepares the stand-in hash now, so the first sign-in of an unknown user is not slower than the others. */
  async onModuleInit(): Promise<void> {
    await this.dummy();
  }

  /** Creates a user; throws when a field is malformed or the username or email is taken. */
  async create({
    username,
    email,
    password,
    firstName,
    lastName,
    isActive = true,
  }: NewUser): Promise<User> {
    // No '@' in usernames, so a sign-in name can never match one user's username and another's email.
    if (!USERNAME.test(username)) {
      throw new Error('The username must be 1-150 letters, digits, "_", "." or "-"');
    }
    if (!EMAIL.test(email) || email.length > 254) throw new Error('The email address is malformed');
    if (!password) throw new Error('The password must not be empty');
    const normalizedEmail = email.toLowerCase();
    if (await this.users.existsBy([{ username }, { email: normalizedEmail }])) {
      throw new Error('A user with this username or email already exists');
    }
    const user = this.users.create({
      id: randomUUID(),
      username,
      email: normalizedEmail,
      firstName: firstName ?? null,
      lastName: lastName ?? null,
      passwordHash: await hashPassword(password),
      isActive,
    });
    await this.users.insert(user);
    return user;
  }

  /** The user with this id (a token's `userId`). */
  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** The user whose username, or email (case-insensitive), is `login`. */
  async findByUsernameOrEmail(login: string): Promise<User | null> {
    // No stored text holds a NUL, and PostgreSQL refuses to compare with one (a query error, not "no such user").
    if (login.includes('\u0000')) return null;
    return this.users.findOneBy([{ username: login }, { email: login.toLowerCase() }]);
  }

  /** Whether `password` is the user's; for no user it still does the same scrypt work, then answers false. */
  async verifyPassword(user: User | null, password: string): Promise<boolean> {
    const matches = await verifyPasswordHash(password, user?.passwordHash ?? (await this.dummy()));
    return user !== null && matches;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
    return this.dummyHash;
  }
}
