/** The prefix of every audit event's name: `oauth2.token.issued`, …; `@OnEvent('oauth2.**')` hears them all. */
export const OAUTH2_EVENT_PREFIX = 'oauth2.';

/** A token response was sent (any grant but refresh_token). */
export interface TokenIssuedEvent {
  type: 'token.issued';
  grantType: string;
  clientId: string;
  userId: string | null;
  scope: string[];
  tokenType: 'bearer' | 'mac' | 'dpop';
  /** Whether a refresh token came with it. */
  refreshable: boolean;
}

/** A refresh token was exchanged for new tokens (and retired). */
export interface TokenRefreshedEvent extends Omit<TokenIssuedEvent, 'type' | 'grantType'> {
  type: 'token.refreshed';
}

/** A client revoked one of its tokens (RFC 7009); with a refresh token, its whole chain. */
export interface TokenRevokedEvent {
  type: 'token.revoked';
  clientId: string;
  /** Which of the row's tokens was presented; `refresh_token` revokes the chain. */
  tokenKind: 'access_token' | 'refresh_token';
  tokenId: number;
  familyId: string;
}

/** A used authorization code came back: every token issued from it was revoked (RFC 6749 §4.1.2). */
export interface CodeReplayedEvent {
  type: 'code.replayed';
  clientId: string;
  userId: string | null;
  codeId: number;
}

/** A retired refresh token came back: its chain was revoked (RFC 9700 §4.14.2). */
export interface RefreshTokenReusedEvent {
  type: 'refresh_token.reused';
  clientId: string;
  userId: string | null;
  familyId: string;
}

/** Client authentication failed (unknown client, wrong secret or assertion, wrong method). */
export interface ClientAuthenticationFailedEvent {
  type: 'client.authentication_failed';
  /** The id presented, when it is one a client could have. */
  clientId: string | undefined;
  method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
  address: string | undefined;
}

/** The password grant's resource-owner credentials were refused. */
export interface ResourceOwnerAuthenticationFailedEvent {
  type: 'resource_owner.authentication_failed';
  clientId: string;
  /** The user name (or e-mail) presented. */
  username: string;
  address: string | undefined;
}

/** A request was refused for too many failures (429). */
export interface RateLimitedEvent {
  type: 'rate_limited';
  /** Whose failures: a client's authentication or a resource owner's passwords. */
  subject: 'client' | 'resource_owner';
  /** The client id or user name the limit is about. */
  name: string;
  address: string | undefined;
  retryAfter: number;
}

/** A MAC request reused a nonce and was refused. */
export interface MacReplayRefusedEvent {
  type: 'mac.replay_refused';
  clientId: string;
  tokenId: number;
}

/**
 * The security-relevant events of the module, for an audit log. They carry ids (client, user, row ids, families)
 * and never a token, key, code, password or secret, nor a hash of one.
 */
export type OAuth2AuditEvent =
  | TokenIssuedEvent
  | TokenRefreshedEvent
  | TokenRevokedEvent
  | CodeReplayedEvent
  | RefreshTokenReusedEvent
  | ClientAuthenticationFailedEvent
  | ResourceOwnerAuthenticationFailedEvent
  | RateLimitedEvent
  | MacReplayRefusedEvent;

/** An event as listeners receive it: with the time it happened. */
export type OAuth2AuditRecord<E extends OAuth2AuditEvent = OAuth2AuditEvent> = E & {
  /** ISO 8601 time of the event. */
  at: string;
};
