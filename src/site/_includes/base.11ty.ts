// The Eleventy layout of every human page: document head, skip link, the site header in the
// page's accent colour, the template's content, and the footer with the data credits.
import type { ListPage } from "../../directory/web/list-pages.ts";
import type { LibraryPage } from "../../directory/web/library-pages.ts";
import { html, raw } from "../html.ts";
import { STYLE } from "../style.ts";
import { listShell } from "../list-page.ts";
import { libraryShell } from "../library-page.ts";

export default class BaseLayout {
  render(data: { content: string; listPage?: ListPage; libraryPage?: LibraryPage }): string {
    const s = data.listPage ? listShell(data.listPage) : libraryShell(data.libraryPage!);
    return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title}</title>
${s.description ? html`<meta name="description" content="${s.description}">` : ""}
${s.feed ? html`<link rel="alternate" type="application/opds+json" href="${s.feed}">` : ""}
${s.opensearch ? html`<link rel="search" type="application/opensearchdescription+xml" title="Find your library" href="${s.opensearch}">` : ""}
<style>${raw(STYLE)}</style>
${s.script ? html`<script type="module" src="${s.script}"></script>` : ""}
</head>
<body${s.accent ? html` style="--accent:${s.accent}"` : ""}>
<a class="skip" href="#main">Skip to the content</a>
<header class="site"><div class="wrap">
${s.heading !== s.directoryTitle ? html`<p><a href="${s.home}">${s.directoryTitle}</a></p>` : ""}
<h1>${s.heading}</h1>
${s.tagline ? html`<p>${s.tagline}</p>` : ""}
</div></header>
<main id="main" class="wrap" tabindex="-1">
${raw(data.content)}
</main>
<footer class="site"><div class="wrap">
${s.footer.map((line) => html`<p>${line}</p>`)}
</div></footer>
</body>
</html>
`.html;
  }
}
