// What a directory needs to know about one library, derived from its validated Authentication
// for OPDS document. This is also the `snapshot` kept in libraries/<slug>.yaml, so a build can
// list a library whose server is down. Only public data lives here: the document itself is public.

export interface LinkInfo {
  href: string; // absolute, resolved against the document that contained it
  type?: string;
}

export interface LibraryInfo {
  /** The document's `id` (equal to the registered URL). */
  id: string;
  title: string;
  /** From `service_description`. */
  description?: string;
  /** The `start` link: the library's root OPDS catalog. */
  start: LinkInfo;
  /** Library website (`alternate` text/html). */
  website?: string;
  /** `help` links (mailto:, http(s):, tel:). Public: published in entries. */
  help: string[];
  /** Copyright designated agent `mailto:` links. Public. */
  copyright_agent: string[];
  /**
   * Logo (`logo` or `icon`) as the document links it: a data: URI or an absolute URL. Only the
   * URL form is ever kept in a snapshot or published; the image itself is `logo_png`.
   */
  logo?: LinkInfo;
  /** Content hash of the logo converted to PNG (published as `/logos/<hash>.png`). */
  logo_png?: string;
  /** Human sign-up page (`register` link at top level or inside a flow). */
  registration_url?: string;
  anonymous_access: boolean;
  audiences: string[];
  collection_size?: number | Record<string, number>;
  service_area?: unknown;
  focus_area?: unknown;
  color_scheme?: string;
}
