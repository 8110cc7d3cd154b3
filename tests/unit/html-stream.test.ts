import { PassThrough, type Writable } from "node:stream";
import { text } from "node:stream/consumers";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withoutNulBytes } from "~/services/html-stream.server";

/** Streams `el` through `into` and reads the page back as text. */
function render(el: ReturnType<typeof createElement>, into: Writable & NodeJS.ReadableStream) {
  return new Promise<string>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(el, {
      onAllReady: () => {
        pipe(into);
        text(into).then(resolve, reject);
      },
      onShellError: reject,
    });
  });
}

describe("pages streamed by React", () => {
  // React buffers short texts 2,048 bytes at a time: over 16 KB of Vietnamese, some letter of
  // two or three bytes straddles a buffer's end.
  const page = createElement(
    "ul",
    null,
    Array.from({ length: 400 }, (_, i) =>
      createElement("li", { key: i }, `Phiếu được chấp nhận ${i}`),
    ),
  );

  it("carry a NUL byte where a Vietnamese letter straddles React's buffer (the bug worked around)", async () => {
    const raw = await render(page, new PassThrough());
    expect(raw).toContain("\0");
  });

  it("leave the server without NUL bytes, and otherwise byte for byte as React renders them", async () => {
    const streamed = await render(page, withoutNulBytes());
    expect(streamed).not.toContain("\0");
    expect(streamed).toBe(renderToString(page));
  });
});
