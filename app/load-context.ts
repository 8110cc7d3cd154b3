/**
 * What server.js's getLoadContext gives every loader and action (typed once here, instead of a
 * cast in each route). Both fields are optional: tests and the Vite dev server pass none.
 */
import type { Writable } from "node:stream";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address (Express's req.ip): the key of the per-client rate limits. */
    clientKey?: string;
    /** The Node response, to which a large export streams straight. */
    res?: Writable;
  }
}

export {};
