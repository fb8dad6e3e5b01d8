import { validateSync } from 'class-validator';

/** Runs class-validator on a module's options, rejecting unknown keys; throws one error naming every problem. */
export function validateOptions(candidate: object, moduleName: string): void {
  const errors = validateSync(candidate, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return;
  const problems = errors.flatMap((error) =>
    Object.values(error.constraints ?? { invalid: `${error.property} is invalid` }),
  );
  throw new Error(`Invalid ${moduleName} options: ${problems.join('; ')}`);
}
