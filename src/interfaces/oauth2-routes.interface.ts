/** The routes one registration mounts or names, relative to the issuer. */
export interface OAuth2Routes {
  token: string;
  revocation?: string;
  introspection?: string;
  /** The app's own authorization page that uses `Authorizer`, listed in the metadata only. */
  authorization?: string;
}
