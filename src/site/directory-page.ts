// The human web page of the directory: the libraries of one feed, readable without JavaScript.
import type { HomeLibrary, HomePage } from "../directory/home.ts";
import { OPDS2 } from "../opds/media-types.ts";
import { html, raw, type Raw } from "./html.ts";

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem;color:#1b1b1b}
header p{color:#555}ul.libraries{list-style:none;padding:0}
li.library{display:flex;gap:1rem;padding:.75rem 0;border-top:1px solid #ddd}
li.library img{width:64px;height:64px;object-fit:contain;flex:none}
li.library h2{font-size:1.1rem;margin:0}li.library p{margin:.25rem 0}
footer{margin-top:2rem;color:#555;font-size:.9rem}`;

function libraryItem(lib: HomeLibrary): Raw {
  return html`<li class="library">${lib.logo ? html`<img src="${lib.logo}" alt="" loading="lazy">` : ""}<div>
<h2>${lib.website ? html`<a href="${lib.website}" rel="nofollow noopener">${lib.name}</a>` : lib.name}</h2>
${lib.description ? html`<p>${lib.description}</p>` : ""}
<p><a href="${lib.feed}">OPDS entry</a></p></div></li>
`;
}

export function renderDirectoryPage(page: HomePage): string {
  const count = page.libraries.length;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.heading} · ${page.directoryTitle}</title>
<link rel="alternate" type="${OPDS2}" href="${page.feed}">
<style>${raw(STYLE)}</style>
</head>
<body>
<header>
<h1>${page.directoryTitle}</h1>
<p>${count} ${count === 1 ? "library" : "libraries"} ${page.scope}. <a href="${page.other.path}">${page.other.label}</a>.</p>
</header>
<main>
<ul class="libraries">
${page.libraries.map(libraryItem)}</ul>
</main>
<footer>
<p>For reading apps: the <a href="${page.feed}">OPDS feed of this list</a>. For circulation managers: the <a href="${page.root}">directory's OPDS root catalog</a>.</p>
<p>Place names are resolved with city data from <a href="https://www.geonames.org/">GeoNames</a> (<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>) and boundaries from the US Census Bureau and Natural Earth.</p>
</footer>
</body>
</html>
`.html;
}
