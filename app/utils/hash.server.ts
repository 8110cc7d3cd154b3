import { createHash } from "node:crypto";

/** SHA-256 as hex: how session, API token and sign-in throttle keys and questionnaire contents are stored. */
export const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * SHA-256 as base64url: how kiosk pairing codes and device tokens are stored, and the shorter
 * digests of client addresses (rate limits, the day-salted address hash). Stored values depend on
 * the encoding: never switch a caller from one to the other.
 */
export const sha256Base64url = (s: string) => createHash("sha256").update(s).digest("base64url");
