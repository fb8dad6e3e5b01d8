import {
  RESOURCE_OWNER_AUTHENTICATOR,
  type ResourceOwnerAuthenticator,
  type ResourceOwnerCredentials,
} from 'nestjs-oauth2-token';

/** An in-memory user of the test apps. */
export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  active: boolean;
}

/** One active and one inactive user. */
export const USERS: readonly TestUser[] = [
  {
    id: 'user-alice',
    username: 'alice',
    email: 'alice@example.com',
    password: 'wonder',
    active: true,
  },
  { id: 'user-bob', username: 'bob', email: 'bob@example.com', password: 'builder', active: false },
];

/** A ResourceOwnerAuthenticator over `USERS`: the id of an active user whose password matches, else null. */
export const inMemoryAuthenticator: ResourceOwnerAuthenticator = {
  async authenticate({ username, email, password }: ResourceOwnerCredentials) {
    const user = USERS.find((u) =>
      username !== undefined ? u.username === username : u.email === email,
    );
    return user && user.active && user.password === password ? user.id : null;
  },
};

/** The provider registering `inMemoryAuthenticator` in a module registration's `providers`. */
export const authenticatorProvider = {
  provide: RESOURCE_OWNER_AUTHENTICATOR,
  useValue: inMemoryAuthenticator,
};
