// Which logos may be published as `images[{type: "image/png"}]`. Palace labels every logo
// image/png; iOS then shows only those and SimplyE accepted only PNG data URIs. We label a logo
// PNG only when something says it is one (its data: URI, its declared type or its file
// extension) and publish no image otherwise, rather than lie about the type (feeds.md §3, §6).
import type { LinkInfo } from "../opds/library-info.ts";
import { PNG, mediaTypeMatches } from "../opds/media-types.ts";

const PNG_DATA_URI = /^data:image\/png[;,]/i;

/** The logo's href when it is known to be a PNG at an http(s) or data: address, else undefined. */
export function pngLogoHref(logo: LinkInfo | undefined): string | undefined {
  if (!logo?.href) return undefined;
  const href = logo.href;
  if (/^data:/i.test(href)) return PNG_DATA_URI.test(href) ? href : undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  if (logo.type) return mediaTypeMatches(logo.type, PNG) ? href : undefined;
  return /\.png$/i.test(url.pathname) ? href : undefined;
}
