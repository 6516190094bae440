// The bytes of a library's logo link: a data: URI decoded in place, or a URL read through the
// fetch the caller passes (the build's cached, address-checked fetch; the handshake's own), so a
// logo obeys the same address rules, size cap and deadline as the documents.
import type { Fetcher } from "./fetcher.ts";
import { isFetchError } from "../net/safe-fetch.ts";
import { LOGO_MAX_BYTES } from "./logo-image.ts";

export type LogoBytes = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** RFC 2397. Linear: one search for the comma, one decode; the size is checked before decoding. */
export function decodeDataUri(href: string): LogoBytes {
  const comma = href.indexOf(",");
  if (!/^data:/i.test(href) || comma === -1) return { ok: false, reason: "the logo's data: URI has no comma" };
  const header = href.slice(5, comma).toLowerCase();
  const payload = href.slice(comma + 1);
  const base64 = header.split(";").includes("base64");
  const approx = base64 ? Math.floor((payload.length * 3) / 4) : payload.length;
  if (approx > LOGO_MAX_BYTES) return { ok: false, reason: `the logo's data: URI holds about ${approx} bytes; the limit is ${LOGO_MAX_BYTES}` };
  if (base64) return { ok: true, bytes: Buffer.from(payload, "base64") };
  const bytes = percentDecode(payload);
  return bytes ? { ok: true, bytes } : { ok: false, reason: "the logo's data: URI is not correctly percent-encoded" };
}

/**
 * The bytes a percent-encoded payload stands for: each %XX is one byte, whatever it is (an image
 * is not UTF-8 text, so decodeURIComponent refuses most of them), and any other character its
 * UTF-8 bytes. Undefined when a % is not followed by two hex digits. One pass.
 */
function percentDecode(text: string): Buffer | undefined {
  const out = Buffer.allocUnsafe(Buffer.byteLength(text, "utf8"));
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      out[n++] = parseInt(hex, 16);
      i += 2;
    } else if (c < 0x80) out[n++] = c;
    else {
      // not allowed in a URI, but taken as the character it is; a surrogate pair is one character
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      n += out.write(ch, n, "utf8");
      i += ch.length - 1;
    }
  }
  return out.subarray(0, n);
}

export async function readLogoBytes(href: string, fetch: Fetcher, signal?: AbortSignal): Promise<LogoBytes> {
  if (/^data:/i.test(href)) return decodeDataUri(href);
  try {
    const res = await fetch(href, signal ? { signal } : undefined);
    if (res.status !== 200) return { ok: false, reason: `the logo ${href} answered HTTP ${res.status}` };
    return { ok: true, bytes: res.body };
  } catch (err) {
    if (isFetchError(err)) return { ok: false, reason: `the logo ${err.url} could not be fetched: ${err.message}` };
    throw err;
  }
}
