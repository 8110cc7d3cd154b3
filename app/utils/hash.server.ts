import { createHash } from "node:crypto";

/** SHA-256 as hex: how session, API token and sign-in throttle keys are stored. */
export const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");
