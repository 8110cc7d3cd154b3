import { Transform } from "node:stream";

/**
 * Drops NUL bytes from a rendered page. React 18.3's renderToPipeableStream writes its whole
 * 2,048-byte buffer when a multi-byte character does not fit at its end, so one or two
 * unwritten zero bytes go out before the character (react/react#31134; fixed in React 19). In
 * Vietnamese text that is any page long enough. In UTF-8 a 0x00 byte is only ever U+0000,
 * which HTML never needs (its parser drops or replaces it), so removing every one is exact.
 */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const byte of chunk) if (byte !== 0) out[n++] = byte;
      done(null, out.subarray(0, n));
    },
  });
}
