/** The fewest characters a client secret chosen by the caller may have; a generated one has 43 (256 bits). */
export const MIN_CLIENT_SECRET_LENGTH = 32;

/**
 * The rule a caller-chosen client secret breaks, as a message naming it (never quoting the secret), or undefined.
 * Secrets are stored as unsalted SHA-256, which only a hard-to-guess secret makes safe against an offline guess
 * from a leaked hash: so a chosen one must be printable and at least `MIN_CLIENT_SECRET_LENGTH` characters.
 */
export function clientSecretProblem(secret: string): string | undefined {
  if (secret === '' || /\p{Cc}/u.test(secret)) {
    return 'A client secret must be printable and not empty';
  }
  if ([...secret].length < MIN_CLIENT_SECRET_LENGTH) {
    return `A chosen client secret must be at least ${MIN_CLIENT_SECRET_LENGTH} characters (it is stored as an unsalted SHA-256 hash); leave it out to get a generated 256-bit one`;
  }
  return undefined;
}
