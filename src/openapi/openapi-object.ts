/**
 * The part of an OpenAPI 3.x document that `addOAuth2OpenApi` reads and writes. `@nestjs/swagger`'s
 * `OpenAPIObject` fits it, and so does any plain document, so the library never needs `@nestjs/swagger` itself.
 */
export interface OpenApiDocumentLike {
  openapi: string;
  paths?: object;
  components?: object;
  tags?: readonly object[];
}

/** Any OpenAPI object (schema, operation, response...), kept loose: the library only writes them. */
export type OpenApiObject = Record<string, unknown>;

/** The operations of one path item, keyed by lower-case HTTP method. */
export type OpenApiOperations = Partial<Record<'get' | 'post', OpenApiObject>>;

/** A reference to a schema in `components.schemas`. */
export function schemaRef(name: string): OpenApiObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** What the document says about one endpoint: its operations at its path and the schemas they reference. */
export interface OpenApiEndpoint {
  /** The path as OpenAPI writes it, with a leading slash. */
  path: string;
  operations: OpenApiOperations;
  /**
   * Whether the module mounts the path itself, so that any path item already there (e.g. what a Swagger scan made of
   * its every-method route) is replaced; otherwise only these operations are set and the app's others stay.
   */
  ownsPath: boolean;
  schemas: Record<string, OpenApiObject>;
  /** Security schemes only this endpoint brings (DPoP where a registration binds tokens to keys). */
  securitySchemes?: Record<string, OpenApiObject>;
}

/** The tag of every operation the module documents. */
export const OAUTH2_TAG = 'OAuth 2.0';

/** A route of the module (no leading slash) as an OpenAPI path. */
export function openApiPath(route: string): string {
  return `/${route}`;
}

/** An operation id unique in the document: the endpoint's kind and its path. */
export function operationId(kind: string, path: string): string {
  return `oauth2_${kind}${path.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '')}`;
}

/** `token_type` as the module answers it: `bearer`, `mac`, or `DPoP` for a token bound to a DPoP key. */
export function tokenTypeSchema(description: string): OpenApiObject {
  return { type: 'string', enum: ['bearer', 'mac', 'DPoP'], description };
}
