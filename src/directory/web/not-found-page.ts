// The page a person gets for a missing address (dist/404.html): what the directory is, a search
// that hands its words to the list page, and the way home. Served at any path, so every link is
// root-relative under base_url's path.
import type { DirectoryConfig } from "../types.ts";
import { HOME_FILE, NOT_FOUND_FILE, QA_HOME_FILE } from "../routes.ts";
import { href } from "./paths.ts";

export interface NotFoundPage {
  /** Relative to dist/. */
  path: string;
  directoryTitle: string;
  home: string;
  qaHome: string;
}

export function buildNotFoundPage(cfg: Pick<DirectoryConfig, "base_url" | "title">): NotFoundPage {
  return { path: NOT_FOUND_FILE, directoryTitle: cfg.title, home: href(cfg, HOME_FILE), qaHome: href(cfg, QA_HOME_FILE) };
}
