import { Validator } from '@seriousme/openapi-schema-validator';
import type { MountedRoute } from './mounted-routes.js';

/** What the checks read of a document. */
export interface CheckedDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId?: string }>>;
}

/** Schema errors of `document` against the official OpenAPI 3.0/3.1 schema (and unresolved `$ref`s); [] if valid. */
export async function openApiErrors(document: object): Promise<unknown[]> {
  const result = await new Validator().validate(
    structuredClone(document) as Record<string, unknown>,
  );
  if (result.valid) return [];
  return typeof result.errors === 'string' ? [result.errors] : (result.errors ?? []);
}

/** Operation ids used more than once (OpenAPI requires them unique). */
export function duplicateOperationIds(document: CheckedDocument): string[] {
  const ids = Object.values(document.paths).flatMap((item) =>
    Object.values(item).flatMap((operation) => operation.operationId ?? []),
  );
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}

const EVERY_METHOD = ['get', 'post', 'put', 'patch', 'delete'];
const OPERATIONS = [...EVERY_METHOD, 'options', 'head', 'trace'];

/**
 * The mounted routes the document does not describe, as `METHOD /path`. HEAD is GET's twin and needs no operation
 * of its own. A route that answers every method (Nest's `@All()`, which then refuses all but one with 405) needs
 * one documented operation; any other route needs each of its methods documented.
 */
export function undocumentedRoutes(routes: MountedRoute[], document: CheckedDocument): string[] {
  return routes.flatMap(({ path, methods }) => {
    const documented = Object.keys(document.paths[path] ?? {}).filter((key) =>
      OPERATIONS.includes(key),
    );
    const answered = methods.filter((method) => method !== 'head');
    if (EVERY_METHOD.every((method) => answered.includes(method))) {
      return documented.length ? [] : [`ALL ${path}`];
    }
    return answered
      .filter((method) => !documented.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`);
  });
}

/** Routes that serve the documentation itself, and catch-all routes that are not endpoints (Nest's middleware
 * route on Express, the static files of Swagger UI on Fastify). */
export function isEndpoint(docsPath: string) {
  return ({ path }: MountedRoute): boolean =>
    !path.includes('*') &&
    path !== `/${docsPath}` &&
    !path.startsWith(`/${docsPath}/`) &&
    !path.startsWith(`/${docsPath}-`);
}
