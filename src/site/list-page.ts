// One page of the full list (the home page is page 1): the search form the script brings to
// life, then the libraries of this page under their letters, the letter index and the pages.
import type { ListItem, ListPage } from "../directory/web/list-pages.ts";
import type { PageShell } from "./shell.ts";
import { html, type Raw } from "./html.ts";

const GEONAMES = html`Place data from <a href="https://www.geonames.org/">GeoNames</a>, licensed CC BY 4.0.`;

export function listShell(p: ListPage): PageShell {
  return {
    title: p.number === 1 ? `${p.heading} · ${p.directoryTitle}` : `${p.heading}, page ${p.number} of ${p.pageCount} · ${p.directoryTitle}`,
    heading: p.directoryTitle,
    directoryTitle: p.directoryTitle,
    home: p.pages[0].href,
    tagline: `${p.total} ${p.total === 1 ? "library" : "libraries"} ${p.scope}.`,
    description: `Find your library among ${p.total} libraries and read its e-books and audiobooks in a reading app.`,
    feed: p.feed,
    opensearch: p.client.opensearch,
    script: p.script,
    footer: [
      html`For reading apps: the <a href="${p.feed}">OPDS feed of this list</a>. For circulation managers: the <a href="${p.root}">directory's OPDS root catalog</a>.`,
      html`<a href="${p.other.href}">${p.other.label}</a>.`,
      GEONAMES,
    ],
  };
}

function item(lib: ListItem): Raw {
  return html`<li><div>
<p><a class="name" href="${lib.page}"><strong>${lib.name}</strong></a>${lib.testing ? html` <span class="testing">in testing</span>` : ""}${lib.area ? html` <span class="area">${lib.area}</span>` : ""}</p>
${lib.description ? html`<p>${lib.description}</p>` : ""}</div></li>
`;
}

/** The items under letter headings; a page that starts inside a letter says it continues. */
function groups(items: ListItem[]): Raw[] {
  const out: Raw[] = [];
  let group: ListItem[] = [];
  let heading: Raw | null = null;
  const flush = () => {
    if (group.length) out.push(html`${heading ?? ""}<ul class="libraries">
${group.map(item)}</ul>
`);
    group = [];
  };
  items.forEach((it, i) => {
    if (it.letter || i === 0) {
      flush();
      heading = it.letter
        ? html`<h3 class="letter" id="letter-${it.letter === "#" ? "other" : it.letter}">${it.letter === "#" ? "Other" : it.letter}</h3>`
        : html`<h3 class="letter">${it.continues === "#" ? "Other" : it.continues} (continued)</h3>`;
    }
    group.push(it);
  });
  flush();
  return out;
}

function pager(p: ListPage): Raw {
  if (p.pageCount === 1) return html``;
  return html`<nav class="pages" aria-label="Pages of the list"><ul>
${p.previous ? html`<li><a href="${p.previous}" rel="prev">Previous page</a></li>` : ""}
${p.pages.map((pg) => html`<li><a href="${pg.href}"${pg.number === p.number ? html` aria-current="page"` : ""} aria-label="Page ${pg.number}">${pg.number}</a></li>`)}
${p.next ? html`<li><a href="${p.next}" rel="next">Next page</a></li>` : ""}
</ul></nav>`;
}

export function renderListPage(p: ListPage): string {
  const c = p.client;
  return html`<form id="find" class="find" role="search" hidden data-index="${c.index}" data-descriptions="${c.descriptions}" data-places="${c.places}" data-nearby="${c.nearby}" data-pages="${c.pages}" data-qa="${String(c.qa)}">
<label for="q">Find your library by its name, town or ZIP code</label>
<input id="q" type="search" name="q" autocomplete="off" spellcheck="false">
<button type="submit">Search</button>
<button type="button" id="near-me" class="secondary" hidden>Libraries near me</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<ol id="results" class="results" aria-label="Search results" hidden></ol>
<section id="browse" aria-labelledby="browse-heading">
<h2 id="browse-heading">${p.heading}: all ${p.total}, A to Z${p.pageCount > 1 ? `, page ${p.number} of ${p.pageCount}` : ""}</h2>
<noscript><p>Searching needs JavaScript; every library is in this list, by letter and page.</p></noscript>
<nav class="letters" aria-label="Jump to a letter"><ul>
${p.letters.map((l) => html`<li><a href="${l.href}">${l.letter === "#" ? "Other" : l.letter}</a></li>`)}
</ul></nav>
${groups(p.items)}
${pager(p)}
</section>
`.html;
}
