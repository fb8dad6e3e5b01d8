/**
 * A client_id any client can have: RFC 6749 Appendix A.1 `client-id = *VSCHAR`, at most the column's 128 characters.
 * Any other value is an unknown client without asking the database (which may refuse it, e.g. a NUL on PostgreSQL).
 */
export const CLIENT_ID = /^[\x20-\x7E]{1,128}$/;
