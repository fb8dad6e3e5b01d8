import { performance } from 'node:perf_hooks';

/** The demo client of the sample app's seed. */
export const DEMO_BASIC = `Basic ${Buffer.from('demo-client:demo-secret-for-the-sample-app-only').toString('base64')}`;
/** The demo client's redirect URI, which codes are issued for. */
export function demoRedirectUri(app: { baseUrl: string }): string {
  // Each sample app registers its own /callback for the demo client when it seeds (SEED_DEMO=1).
  return `${app.baseUrl}/callback`;
}

/** A request fully built before any is sent. */
export interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** What came back: status 0 with `failure` when nothing did (refused connection, or no answer in time). */
export interface Outcome {
  status: number;
  /** The `error` member of a JSON error body. */
  error?: string;
  body: Record<string, unknown> | null;
  retryAfter: string | null;
  /** Milliseconds from sending to the end of the body. */
  ms: number;
  startedAt: number;
  failure?: 'timeout' | 'network';
  /** For a network failure, its cause (e.g. `UND_ERR_SOCKET: other side closed`), for the post-mortem. */
  cause?: string;
  url: string;
}

/** POST of a token request to `/oauth2/token` of `baseUrl`, as the demo client. */
export function tokenRequest(baseUrl: string, params: Record<string, string>): PreparedRequest {
  return {
    url: `${baseUrl}/oauth2/token`,
    method: 'POST',
    headers: {
      authorization: DEMO_BASIC,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(params).toString(),
  };
}

/** Sends one request; a request unanswered after `timeoutMs` is aborted and reported as a timeout. */
export async function send(request: PreparedRequest, timeoutMs: number): Promise<Outcome> {
  const startedAt = performance.now();
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = null;
    }
    return {
      status: response.status,
      error: typeof body?.error === 'string' ? body.error : undefined,
      body,
      retryAfter: response.headers.get('retry-after'),
      ms: performance.now() - startedAt,
      startedAt,
      url: request.url,
    };
  } catch (error) {
    const name = (error as Error).name;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      body: null,
      retryAfter: null,
      ms: performance.now() - startedAt,
      startedAt,
      failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
      ...(cause && { cause: `${cause.code ?? ''}: ${cause.message ?? ''}` }),
      url: request.url,
    };
  }
}

/**
 * Sends all requests at once: every request is built before the first is sent, each waits on one barrier, and the
 * barrier opens for all of them in the same tick.
 */
export async function fireTogether(
  requests: readonly PreparedRequest[],
  timeoutMs: number,
): Promise<Outcome[]> {
  let open!: () => void;
  const barrier = new Promise<void>((resolve) => (open = resolve));
  const pending = requests.map((request) => barrier.then(() => send(request, timeoutMs)));
  open();
  return Promise.all(pending);
}

/** Counts of outcomes by kind, as the figures report them. */
export interface Tally {
  requests: number;
  ok: number;
  invalidGrant: number;
  unavailable: number;
  serverErrors: number;
  otherClientErrors: number;
  noAnswer: number;
}

/** Tallies outcomes: 200, 400 invalid_grant, 503, other 5xx, other 4xx, no answer. */
export function tally(outcomes: readonly Outcome[]): Tally {
  const count = (test: (outcome: Outcome) => boolean) => outcomes.filter(test).length;
  return {
    requests: outcomes.length,
    ok: count((o) => o.status === 200),
    invalidGrant: count((o) => o.status === 400 && o.error === 'invalid_grant'),
    unavailable: count((o) => o.status === 503),
    serverErrors: count((o) => o.status >= 500 && o.status !== 503),
    otherClientErrors: count(
      (o) =>
        o.status >= 400 && o.status < 500 && !(o.status === 400 && o.error === 'invalid_grant'),
    ),
    noAnswer: count((o) => o.status === 0),
  };
}
