// A validated document's LibraryInfo made fit to keep and publish, the same way by the handshake
// and by the build: capped (snapshot-caps.ts), and with its logo fetched once, checked, converted
// and stored as libraries/logos/<hash>.png (logo-store.ts). A logo that fails is a warning and
// the library is listed without an image; a data: URI never survives into a snapshot.
import type { LibraryInfo } from "../opds/library-info.ts";
import type { Fetcher } from "./fetcher.ts";
import type { LogoStore } from "./logo-store.ts";
import { readLogoBytes } from "./logo-source.ts";
import { capLibraryInfo } from "./snapshot-caps.ts";

export interface LogoContext {
  store: LogoStore;
  fetch: Fetcher;
  signal?: AbortSignal;
}

export async function publishedInfo(found: LibraryInfo, ctx: LogoContext, previous?: LibraryInfo): Promise<{ info: LibraryInfo; warnings: string[] }> {
  const { info, warnings } = capLibraryInfo(found);
  delete info.logo_png;
  const link = info.logo;
  if (!link) return { info, warnings };
  // Only a URL is worth keeping as the logo's source; a data: URI is the image itself.
  if (/^data:/i.test(link.href)) delete info.logo;
  const source = await readLogoBytes(link.href, ctx.fetch, ctx.signal);
  const result = source.ok ? await ctx.store.convert(source.bytes) : source;
  if (result.ok) {
    info.logo_png = result.hash;
    return { info, warnings };
  }
  if (!source.ok && previous?.logo_png && previous.logo?.href === link.href && ctx.store.path(previous.logo_png)) {
    // The server blinked: the logo last seen at this same URL stays.
    info.logo_png = previous.logo_png;
    warnings.push(`Logo not refreshed, the last one is kept: ${result.reason}.`);
    return { info, warnings };
  }
  warnings.push(`Logo not published: ${result.reason}.`);
  return { info, warnings };
}
