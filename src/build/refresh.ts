// One library's refresh during a build: fetch and validate with the handshake's own rules, and
// fall back to the last validated snapshot when the server fails. Nothing a maintainer approved
// disappears because a server blinked.
import type { LoadedEntry, Snapshot } from "../registry/entries.ts";
import type { LibraryInfo } from "../opds/library-info.ts";
import type { Problem } from "../opds/problem.ts";
import { discoverLibrary, type DiscoverOptions } from "../registry/discover.ts";
import { isoSeconds, snapshotInfo, sameInfo } from "../registry/snapshot.ts";
import { publishedInfo } from "../registry/published-info.ts";
import type { LogoStore } from "../registry/logo-store.ts";

export type RefreshStatus = "fresh" | "changed" | "stale" | "excluded" | "offline";

export interface Refreshed {
  loaded: LoadedEntry;
  status: RefreshStatus;
  /** What to publish; absent when excluded. */
  info?: LibraryInfo;
  /** When the public data last changed (RFC 3339, Z, no fraction). */
  updated?: string;
  /** Why the library is stale or excluded. */
  reasons: string[];
  warnings: string[];
  /** The snapshot to keep in the YAML file, when it changed. */
  newSnapshot?: Snapshot;
}

/**
 * Why a library is stale, in words that name the cause: the problem's detail (the reference's
 * wording, e.g. "Error retrieving auth document <url>") and, where the fetch said more, what
 * happened ("cannot resolve cm.example.org (ENOTFOUND)", "connection refused", "timed out after 10 s").
 */
export const staleReason = (p: Problem): string => {
  const detail = p.detail ?? p.title;
  const cause = typeof p.debug_message === "string" ? p.debug_message : undefined;
  return cause && !detail.includes(cause) ? `${detail}: ${cause}` : detail;
};
const describe = staleReason;

export async function refreshLibrary(loaded: LoadedEntry, opts: { offline: boolean; now: Date; discover: DiscoverOptions; /** Needed online: where logos are converted. */ logos?: LogoStore }): Promise<Refreshed> {
  const { entry } = loaded;
  const snapshot = entry.snapshot;
  const fromSnapshot = (status: RefreshStatus, reasons: string[], warnings: string[] = []): Refreshed =>
    snapshot
      ? { loaded, status, info: snapshotInfo(snapshot), updated: entry.updated ?? snapshot.validated, reasons, warnings }
      : { loaded, status: "excluded", reasons: reasons.length ? reasons : ["no validated snapshot"], warnings };

  const cancelled = entry.library_stage === "cancelled" || entry.registry_stage === "cancelled";
  if (opts.offline) return fromSnapshot("offline", snapshot ? [] : ["offline build and no validated snapshot"]);
  if (cancelled) return fromSnapshot("offline", snapshot ? [] : ["cancelled and no validated snapshot"]);

  const found = await discoverLibrary(entry.url, opts.discover);
  const warnings = found.warnings.map(describe);
  if (!found.ok) return fromSnapshot("stale", found.errors.map(describe), warnings);
  if (found.authUrl !== entry.url) {
    // The record's url is the key a library registers under; a moved document is a re-registration.
    return fromSnapshot("stale", [`${entry.url} now leads to ${found.authUrl}; re-register the library to move it`], warnings);
  }
  if (!opts.logos) throw new Error("refreshLibrary: an online refresh needs a LogoStore to convert the logo");
  const previous = snapshot ? snapshotInfo(snapshot) : undefined;
  const published = await publishedInfo(found.info, { store: opts.logos, fetch: opts.discover.fetch }, previous);
  warnings.push(...published.warnings);
  const changed = !previous || !sameInfo(published.info, previous);
  const validated = isoSeconds(opts.now);
  return {
    loaded,
    status: changed ? "changed" : "fresh",
    info: published.info,
    updated: changed ? validated : entry.updated ?? snapshot!.validated,
    reasons: [],
    warnings,
    newSnapshot: { validated, ...published.info },
  };
}
