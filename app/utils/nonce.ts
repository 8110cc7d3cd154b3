/**
 * The nonce of this response's Content-Security-Policy (security-headers.js), given by
 * entry.server.tsx to the inline scripts Remix writes. Undefined in the browser (the
 * scripts are already there) and under `npm run dev` (no policy).
 */
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
