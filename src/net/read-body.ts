// Reads a response body under a byte cap, decoding Content-Encoding as it streams. The cap applies
// to the bytes on the wire and again after every decoding step, so a small gzip bomb is stopped
// once it has inflated past the cap, not after it has filled memory (B12: no size cap in the
// reference). The thrown error destroys the whole pipeline, response and socket included.
import type { Readable } from "node:stream";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";
import { FetchError } from "./fetch-error.ts";

export const ACCEPT_ENCODING = "gzip, deflate, br";

type Coding = "gzip" | "deflate" | "br";

/** The codings to undo, in the order to undo them (the last one applied comes first). */
function decodingOrder(header: string | undefined, url: string): Coding[] {
  const names = (header ?? "").split(",").map((s) => s.trim().toLowerCase()).filter((s) => s && s !== "identity");
  // More than a couple of stacked codings is not something a real server sends.
  if (names.length > 2) throw new FetchError("network", url, `too many content codings: ${header}`);
  return names.reverse().map((name) => {
    if (name === "gzip" || name === "x-gzip") return "gzip";
    if (name === "deflate" || name === "br") return name;
    throw new FetchError("network", url, `unsupported Content-Encoding ${JSON.stringify(name)}`);
  });
}

/**
 * A decoder that is created on the first byte: an empty body (204, 304, a HEAD-like reply with a
 * Content-Encoding header) then decodes to nothing instead of "unexpected end of file", and
 * "deflate" can be told apart from the raw DEFLATE some servers send under that name.
 */
class LazyDecoder extends Transform {
  private inner: Transform | null = null;

  constructor(private coding: Coding) {
    super();
  }

  private open(first: Buffer): Transform {
    let inner: Transform;
    if (this.coding === "gzip") inner = createGunzip();
    else if (this.coding === "br") inner = createBrotliDecompress();
    // RFC 9110 "deflate" is a zlib stream (CMF byte with method 8); without that header, raw DEFLATE.
    else inner = (first[0] & 0x0f) === 8 && ((first[0] << 8) | (first[1] ?? 0)) % 31 === 0 ? createInflate() : createInflateRaw();
    inner.on("data", (chunk: Buffer) => this.push(chunk));
    inner.on("error", (err) => this.destroy(err));
    this.inner = inner;
    return inner;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const inner = this.inner ?? this.open(chunk);
    if (inner.write(chunk)) done();
    else inner.once("drain", () => done());
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) return done();
    this.inner.once("end", () => done());
    this.inner.end();
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    this.inner?.destroy();
    done(err);
  }
}

function capped(maxBytes: number, url: string, what: string) {
  return async function* (source: AsyncIterable<Buffer>) {
    let n = 0;
    for await (const chunk of source) {
      n += chunk.length;
      if (n > maxBytes) throw new FetchError("too-large", url, `${what} is larger than ${maxBytes} bytes`);
      yield chunk;
    }
  };
}

/** The decoded body; throws FetchError "too-large" or "network" (a broken or undecodable body). */
export async function readBody(res: Readable, contentEncoding: string | undefined, maxBytes: number, url: string): Promise<Uint8Array> {
  const codings = decodingOrder(contentEncoding, url);
  if (!codings.length) return readPlain(res, maxBytes, url);
  const chunks: Buffer[] = [];
  const stages: any[] = [res, capped(maxBytes, url, "the response")];
  for (const coding of codings) stages.push(new LazyDecoder(coding), capped(maxBytes, url, `the ${coding}-decoded response`));
  stages.push(async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  try {
    await (pipeline as (...s: any[]) => Promise<void>)(...stages);
  } catch (err) {
    if (err instanceof FetchError) throw err;
    const e = err as NodeJS.ErrnoException;
    const why = e.code?.startsWith("Z_") || e.code?.startsWith("ERR__") || e.code?.startsWith("ERR_BROTLI")
      ? `cannot decode the ${codings.join(", ")} content: ${e.message}`
      : `the body was cut short (${e.code ?? e.message})`;
    throw new FetchError("network", url, why);
  }
  return Buffer.concat(chunks);
}

/**
 * A body with no coding to undo, read with the stream's own events: the same cap and the same
 * errors as the pipeline above, without the abort controller and the exception the pipeline
 * makes for every response (a tenth of a cold build's fetching time for 22,500 responses).
 */
function readPlain(res: Readable, maxBytes: number, url: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    let settled = false;
    // an error is made only when it is the answer (making one records a stack: not for every close)
    const done = (err?: () => FetchError) => {
      if (settled) return;
      settled = true;
      res.off("data", onData);
      if (err) {
        res.destroy();
        reject(err());
      } else resolve(Buffer.concat(chunks, n));
    };
    const onData = (chunk: Buffer) => {
      n += chunk.length;
      if (n > maxBytes) return done(() => new FetchError("too-large", url, `the response is larger than ${maxBytes} bytes`));
      chunks.push(chunk);
    };
    res.on("data", onData);
    res.once("end", () => done());
    res.once("error", (e: NodeJS.ErrnoException) => done(() => new FetchError("network", url, `the body was cut short (${e.code ?? e.message})`)));
    res.once("close", () => done(() => new FetchError("network", url, "the body was cut short (ERR_STREAM_PREMATURE_CLOSE)")));
  });
}
