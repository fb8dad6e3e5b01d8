import { UsersService } from '../users/users.service.js';
import { defineCommand } from './cli-command.js';
import { flag, optionalString, requiredString } from './cli-values.js';

/** `user:create --username U --email E --password P [--first-name F] [--last-name L] [--inactive]` → `{"id":"...","username":"U"}`. */
export const userCreate = defineCommand({
  name: 'user:create',
  usage:
    'user:create --username U --email E --password P [--first-name F] [--last-name L] [--inactive]',
  options: {
    username: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    inactive: { type: 'boolean' },
  },
  parse: (values) => ({
    username: requiredString(values, 'username'),
    email: requiredString(values, 'email'),
    password: requiredString(values, 'password'),
    firstName: optionalString(values, 'first-name'),
    lastName: optionalString(values, 'last-name'),
    isActive: !flag(values, 'inactive'),
  }),
  async run(app, input) {
    const user = await app.get(UsersService).create(input);
    return { id: user.id, username: user.username };
  },
});
