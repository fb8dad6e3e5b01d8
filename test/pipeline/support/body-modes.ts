/**
 * The three ways an app can hand the token request's body to the module: it parses the unread stream itself, it
 * parses `req.rawBody`, or it checks the object Express's own parser made. Form rules must hold in all three.
 */
export const BODY_MODES = [
  { mode: 'bodyParser: false (module reads the stream)', options: { bodyParser: false } },
  { mode: 'rawBody: true (module parses req.rawBody)', options: { rawBody: true } },
  { mode: 'default Express parser (module checks req.body)', options: {} },
] as const;

/** Urlencodes pairs in order, keeping repeats, as a browser form would (space as `+`). */
export function formBody(...pairs: [string, string][]): string {
  return new URLSearchParams(pairs).toString();
}

/** The Content-Type of a token request. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
