// What the human web pages show, as plain data: the site's templates turn it into escaped HTML.
// Only values safe to put in an href/src survive here (http(s) websites, PNG logos); every string
// is still untrusted text from a library's document and must be escaped by the template.
import type { DirectoryConfig, DirectoryLibrary } from "./types.ts";
import { selectAvailability, sortByTitle } from "./order.ts";
import { logoUrl } from "./logo.ts";
import { librariesQaUrl, librariesUrl, libraryUrl, rootUrl } from "./urls.ts";
import { PRODUCTION_TITLE, QA_TITLE } from "./feeds.ts";
import { HOME_FILE, QA_HOME_FILE } from "./routes.ts";

export interface HomeLibrary {
  id: string;
  name: string;
  description?: string;
  website?: string;
  logo?: string;
  /** The library's OPDS document in this directory. */
  feed: string;
}

export interface HomePage {
  /** Relative to dist/. */
  path: string;
  directoryTitle: string;
  heading: string;
  /** Which libraries the page lists, to follow a count: "in production". */
  scope: string;
  libraries: HomeLibrary[];
  /** The OPDS feed with the same libraries. */
  feed: string;
  root: string;
  /** The other page (production ↔ QA). */
  other: { path: string; label: string };
}


function httpUrl(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function homeLibrary(lib: DirectoryLibrary, cfg: DirectoryConfig): HomeLibrary {
  const item: HomeLibrary = { id: lib.id, name: lib.info.title, feed: libraryUrl(cfg, lib.id) };
  if (lib.info.description) item.description = lib.info.description;
  const website = httpUrl(lib.info.website);
  if (website) item.website = website;
  const logo = logoUrl(lib, cfg);
  if (logo) item.logo = logo;
  return item;
}

/** index.html (production libraries) and qa.html (every library not cancelled). */
export function buildHomePages(libs: readonly DirectoryLibrary[], cfg: DirectoryConfig): HomePage[] {
  const list = (qa: boolean) => sortByTitle(selectAvailability(libs, qa ? "all" : "production")).map((l) => homeLibrary(l, cfg));
  return [
    {
      path: HOME_FILE,
      directoryTitle: cfg.title,
      heading: PRODUCTION_TITLE,
      scope: "in production",
      libraries: list(false),
      feed: librariesUrl(cfg),
      root: rootUrl(cfg),
      other: { path: QA_HOME_FILE, label: "Also show libraries in testing" },
    },
    {
      path: QA_HOME_FILE,
      directoryTitle: cfg.title,
      heading: QA_TITLE,
      scope: "in production or testing (QA)",
      libraries: list(true),
      feed: librariesQaUrl(cfg),
      root: rootUrl(cfg),
      other: { path: HOME_FILE, label: "Show production libraries only" },
    },
  ];
}
