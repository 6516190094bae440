// A small HTML view of an OPDS 2 feed that has no human page of its own (a "near me" tile), for
// a person who opens its URL in a browser: the feed's title, each library with a link to its own
// page and its website, and the feed's paging links. registry serve and the Cloudflare worker
// render it at request time from the feed's JSON; everything in it is escaped (library names and
// descriptions come from documents anyone can publish).
import type { PageShell } from "./shell.ts";
import { html, type Raw } from "./html.ts";
import { renderDocument } from "./layout.ts";

export interface FeedViewOptions {
  /** The path the browser asked for ("/nearby/40/-74.json"). */
  path: string;
  /** The file of dist/ that holds the feed ("nearby/empty.json" for a missing tile). */
  file: string;
  directoryTitle: string;
}

/** The directory's name for the view's title, from root.json's text ("Library registry" when it has none). */
export function directoryTitleOf(rootJson: string | undefined): string {
  try {
    const title = rootJson === undefined ? undefined : (JSON.parse(rootJson) as { metadata?: { title?: unknown } }).metadata?.title;
    if (typeof title === "string") return title;
  } catch {
    // a view without the directory's name is still a view
  }
  return "Library registry";
}

interface Link {
  rel?: unknown;
  href?: unknown;
  type?: unknown;
  title?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === "object") : []);
const PAGING: Record<string, string> = { first: "First page", previous: "Previous page", prev: "Previous page", next: "Next page", last: "Last page" };

/** Where the directory lives: the self link's origin, and its path before the asked-for path. */
function siteOf(links: Link[], opts: FeedViewOptions): { origin: string; prefix: string } | null {
  const self = str(links.find((l) => l.rel === "self")?.href);
  if (!self) return null;
  try {
    const url = new URL(self);
    for (const tail of [opts.path, "/" + opts.file]) {
      if (url.pathname.endsWith(tail)) return { origin: url.origin, prefix: url.pathname.slice(0, url.pathname.length - tail.length) };
    }
    return { origin: url.origin, prefix: "" };
  } catch {
    return null;
  }
}

export function renderFeedView(feed: unknown, opts: FeedViewOptions): string {
  const doc = (feed && typeof feed === "object" ? feed : {}) as Record<string, unknown>;
  const metadata = (doc.metadata && typeof doc.metadata === "object" ? doc.metadata : {}) as Record<string, unknown>;
  const links = list(doc.links) as Link[];
  const site = siteOf(links, opts);
  const prefix = site?.prefix ?? "";
  // a link into this directory works on whatever host serves it (a local registry serve too)
  const local = (href: string) => (site && href.startsWith(site.origin + prefix + "/") ? href.slice(site.origin.length) : href);
  const title = str(metadata.title) ?? "Libraries";
  const catalogs = list(doc.catalogs);

  const entries = catalogs.map((c): Raw => {
    const m = (c.metadata && typeof c.metadata === "object" ? c.metadata : {}) as Record<string, unknown>;
    const name = str(m.title) ?? "A library";
    const uuid = /^urn:uuid:([0-9a-f-]{36})$/i.exec(str(m.id) ?? "")?.[1];
    const website = str((list(c.links) as Link[]).find((l) => l.rel === "alternate" && l.type === "text/html")?.href);
    const area = str(m["schema:areaServed"]);
    const description = str(m.description);
    return html`<li><div>
<p>${uuid ? html`<a class="name" href="${prefix}/info/${uuid}.html"><strong>${name}</strong></a>` : html`<strong>${name}</strong>`}${area ? html` <span class="area">${area}</span>` : ""}</p>
${description ? html`<p>${description}</p>` : ""}${website && /^https?:\/\//i.test(website) ? html`<p><a href="${website}">The library's website</a></p>` : ""}</div></li>
`;
  });
  const paging = links.flatMap((l): Raw[] => {
    const href = str(l.href);
    const rel = str(l.rel);
    if (!href || !rel || !/^https?:\/\//i.test(href)) return [];
    const label = PAGING[rel];
    return label ? [html`<li><a href="${local(href)}" rel="${rel}">${str(l.title) ?? label}</a></li>`] : [];
  });

  const shell: PageShell = {
    title: `${title} · ${opts.directoryTitle}`,
    heading: title,
    directoryTitle: opts.directoryTitle,
    home: `${prefix}/`,
    tagline: `${catalogs.length} ${catalogs.length === 1 ? "library" : "libraries"} in this list.`,
    footer: [html`Reading apps read this address as an OPDS 2 feed. <a href="${prefix}/">All libraries</a>.`],
  };
  const content = html`${catalogs.length ? html`<ul class="libraries">
${entries}</ul>` : html`<p>No library in this list.</p>`}
${paging.length ? html`<nav class="pages" aria-label="More of this list"><ul>
${paging}</ul></nav>` : ""}
`;
  return renderDocument(shell, content.html);
}
