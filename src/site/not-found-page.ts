// dist/404.html: a search form that opens the list page with `?q=` (its script runs the search),
// and the links home.
import type { NotFoundPage } from "../directory/web/not-found-page.ts";
import type { PageShell } from "./shell.ts";
import { html } from "./html.ts";

export function notFoundShell(p: NotFoundPage): PageShell {
  return {
    title: `Page not found · ${p.directoryTitle}`,
    heading: "Page not found",
    directoryTitle: p.directoryTitle,
    home: p.home,
    footer: [html`<a href="${p.home}">All libraries</a> · <a href="${p.qaHome}">Libraries in testing too</a>`],
  };
}

export function renderNotFoundPage(p: NotFoundPage): string {
  return html`<p>There is nothing at this address. The link may be mistyped, or the page may have moved.</p>
<form class="find" role="search" action="${p.home}" method="get">
<label for="q">Find your library by its name, town or ZIP code</label>
<input id="q" type="search" name="q" autocomplete="off" spellcheck="false">
<button type="submit">Search</button>
</form>
<p><a href="${p.home}">Go to the list of all libraries</a> of ${p.directoryTitle}.</p>
`.html;
}
