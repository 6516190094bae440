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
  try {
    return { ok: true, bytes: base64 ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload), "latin1") };
  } catch {
    return { ok: false, reason: "the logo's data: URI is not correctly percent-encoded" };
  }
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
