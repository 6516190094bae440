// Where the human pages live in dist/, and the links between them. Links are root-relative under
// base_url's path (a directory published at https://host/registry links /registry/…), so the
// pages work on whatever host serves dist/, the test servers included.
import type { DirectoryConfig } from "../types.ts";
import { HOME_FILE, QA_HOME_FILE } from "../routes.ts";
import { withoutTrailingSlashes } from "../urls.ts";

/** The path part of base_url, without a trailing slash ("" at a host's root). */
export function sitePrefix(cfg: Pick<DirectoryConfig, "base_url">): string {
  try {
    return withoutTrailingSlashes(new URL(cfg.base_url).pathname);
  } catch {
    return "";
  }
}

/** Page n (from 1) of the full list: index.html / qa.html, then list/n.html / qa/list/n.html. */
export function listPageFile(qa: boolean, n: number): string {
  if (n === 1) return qa ? QA_HOME_FILE : HOME_FILE;
  return `${qa ? "qa/" : ""}list/${n}.html`;
}

/** A library's own page: one per library listed in QA (production ones included). */
export const libraryPageFile = (uuid: string) => `info/${uuid}.html`;

export const SCRIPT_FILE = "assets/directory.js";

export const href = (cfg: Pick<DirectoryConfig, "base_url">, file: string) => `${sitePrefix(cfg)}/${file === HOME_FILE ? "" : file}`;
