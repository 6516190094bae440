// A library's own page: what someone needs to start reading with it.
import type { LibraryPage } from "../directory/web/library-pages.ts";
import type { PageShell } from "./shell.ts";
import { html, raw } from "./html.ts";

export function libraryShell(p: LibraryPage): PageShell {
  const footer = [html`<a href="${p.home}">All libraries</a> · <a href="${p.entry}">This library's entry for apps (OPDS)</a>`];
  if (p.map) footer.push(html`Map outlines from the US Census Bureau (us-atlas) and Natural Earth (world-atlas); place data from <a href="https://www.geonames.org/">GeoNames</a>, licensed CC BY 4.0.`);
  return {
    title: `${p.name} · ${p.directoryTitle}`,
    heading: p.name,
    directoryTitle: p.directoryTitle,
    home: p.home,
    description: p.description,
    accent: p.accent,
    feed: p.entry,
    footer,
  };
}

export function renderLibraryPage(p: LibraryPage): string {
  return html`<div class="library-head">
${p.logo ? html`<img src="${p.logo}" alt="${p.name} logo" width="96" height="96">` : ""}
${p.testing ? html`<p><span class="testing">in testing</span> This library is not yet approved for the reading apps' main list.</p>` : ""}
</div>
${p.description ? html`<p>${p.description}</p>` : ""}
<h2>Where it serves</h2>
${p.everywhere ? html`<p>Everyone, wherever they live.</p>` : ""}
${p.places.length ? html`<p>${p.places.join(" · ")}</p>` : p.everywhere ? "" : html`<p>The library has not said.</p>`}
${p.map ? html`<figure class="map">${raw(p.map)}<figcaption>The area ${p.name} serves.</figcaption></figure>` : ""}
<h2>Read with it</h2>
${p.apps.length ? html`<ul>
${p.apps.map((a) => html`<li><a href="${a.url}">${a.name}</a>${a.how ? html`: ${a.how}` : ""}</li>`)}
</ul>` : ""}
<p>In any other app that reads OPDS catalogs, add this library's catalog: <a href="${p.catalog}">${p.catalog}</a></p>
<h2>Contact</h2>
<dl class="facts">
${p.website ? html`<dt>Website</dt><dd><a href="${p.website}" rel="nofollow noopener">${p.website}</a></dd>` : ""}
${p.help.length ? html`<dt>Help</dt>${p.help.map((h) => html`<dd><a href="${h.href}" rel="nofollow">${h.label}</a></dd>`)}` : ""}
${!p.website && !p.help.length ? html`<dt>Not given</dt><dd>The library publishes no website or help address.</dd>` : ""}
</dl>
`.html;
}
