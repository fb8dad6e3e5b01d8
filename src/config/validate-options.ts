import { validateSync, type ValidationError } from 'class-validator';

/** Runs class-validator on a module's options, rejecting unknown keys; throws one error naming every problem. */
export function validateOptions(candidate: object, moduleName: string): void {
  const errors = validateSync(candidate, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return;
  throw new Error(`Invalid ${moduleName} options: ${problems(errors).join('; ')}`);
}

/** Every constraint message, nested options named by their path (`bruteForceLimits.owner: limit must be…`). */
function problems(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const at = path ? `${path}.${error.property}` : '';
    const own = Object.values(
      error.constraints ??
        (error.children?.length ? {} : { invalid: `${error.property} is invalid` }),
    ).map((message) => (at ? `${at}: ${message}` : message));
    const childPath = path ? at : error.property;
    return [...own, ...problems(error.children ?? [], childPath)];
  });
}
