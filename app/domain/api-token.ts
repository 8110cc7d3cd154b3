/** Personal API tokens: their form and how long they may live (shared by the page and the service). */
export const TOKEN_PREFIX = "hl_";
/** Tokens expire: at most a year. */
export const MAX_TOKEN_DAYS = 365;
