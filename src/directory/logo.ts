// Where a library's logo is published: the registry's own copy, converted to a PNG within
// 135×135 and named by its content hash (`/logos/<hash>.png`), so a CDN may cache it forever.
// No library-supplied href (a data: URI, a stranger's server) is ever published as an image:
// Palace labels every logo image/png and iOS shows only PNGs, and ours is always one.
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import { withoutTrailingSlashes } from "./urls.ts";

export const LOGOS_DIR = "logos";
const HASH = /^[0-9a-f]{32}$/;

/** `{base_url}/logos/<hash>.png` when the library has a published logo, else undefined. */
export function logoUrl(lib: DirectoryLibrary, cfg: Pick<DirectoryConfig, "base_url">): string | undefined {
  const hash = lib.info.logo_png;
  if (!hash || !HASH.test(hash)) return undefined;
  return `${withoutTrailingSlashes(cfg.base_url)}/${LOGOS_DIR}/${hash}.png`;
}
