// The values the pure directory builders take. They know no files and no HTTP.
import type { LibraryInfo } from "../opds/library-info.ts";

export type Stage = "testing" | "production" | "cancelled";

/** One library as the directory sees it: a validated record, ready to publish. */
export interface DirectoryLibrary {
  /** `urn:uuid:…`, assigned once, never changes. */
  id: string;
  /** The YAML file name without `.yaml`. */
  slug: string;
  /** The registered Authentication for OPDS document URL. */
  url: string;
  library_stage: Stage;
  registry_stage: Stage;
  /** RFC 3339 instant ending in `Z` (no fraction): when the library's public data last changed. */
  updated: string;
  /** The Short Client Token name, when the library has one: people search by it too. */
  short_name?: string;
  info: LibraryInfo;
}

export interface DirectoryConfig {
  title: string;
  /** Public base URL of the directory, without a trailing slash. */
  base_url: string;
  /** The live registration endpoint (POST), when one runs. Omitted: no `register` link. */
  register_url?: string;
  /** Only when the registry really issues short names and secrets (see crypto.md §6). */
  adobe_vendor_id?: string | null;
  /** Entries per crawlable page. */
  page_size: number;
  /** The reading apps the library pages explain (config `reading_apps`); none when absent. */
  reading_apps?: { name: string; url: string; how?: string }[];
}

/** In the production feed: both stages production. */
export function isProduction(lib: DirectoryLibrary): boolean {
  return lib.library_stage === "production" && lib.registry_stage === "production";
}
/** In the QA feed: neither stage cancelled. */
export function isListedInQa(lib: DirectoryLibrary): boolean {
  return lib.library_stage !== "cancelled" && lib.registry_stage !== "cancelled";
}
