/**
 * Fixed-window request counter per key (client address + token), in memory.
 * Kiosks behind one NAT share an address but not a token, so the key includes the token.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** True when the request may go on. A limit of 0 turns the limiter off. */
  take(key: string, now = Date.now()): boolean {
    if (this.limit <= 0) return true;
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.sweep(now);
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

export const submissionLimiter = new RateLimiter(Number(process.env.RATE_LIMIT_PER_MINUTE ?? 120));
