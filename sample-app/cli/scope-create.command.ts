import { AccessRange, SCOPE_TOKEN } from 'nestjs-oauth2-token';
import { DataSource } from 'typeorm';
import { CliUsageError, defineCommand } from './cli-command.js';
import { optionalString, requiredString } from './cli-values.js';

/** `scope:create --key K [--description D]` → `{"key":"K"}`: registers a scope value (an AccessRange). */
export const scopeCreate = defineCommand({
  name: 'scope:create',
  usage: 'scope:create --key K [--description D]',
  options: { key: { type: 'string' }, description: { type: 'string' } },
  parse(values) {
    const key = requiredString(values, 'key');
    if (!SCOPE_TOKEN.test(key) || key.length > 128) {
      throw new CliUsageError(
        '--key must be a scope token: printable ASCII without spaces, " or \\',
      );
    }
    return { key, description: optionalString(values, 'description') ?? null };
  },
  async run(app, { key, description }) {
    const ranges = app.get(DataSource).getRepository(AccessRange);
    if (await ranges.existsBy({ key })) throw new Error(`The scope "${key}" already exists`);
    await ranges.insert({ key, description });
    return { key };
  },
});
