// The document every human page shares: head, skip link, the site header in the page's accent
// colour, the content, and the footer. Pure, so the Eleventy layout, the 404 page and the feed
// views that registry serve and the Cloudflare worker render at request time look the same.
import type { PageShell } from "./shell.ts";
import { html, raw } from "./html.ts";
import { STYLE } from "./style.ts";

export function renderDocument(s: PageShell, content: string): string {
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
${raw(content)}
</main>
<footer class="site"><div class="wrap">
${s.footer.map((line) => html`<p>${line}</p>`)}
</div></footer>
</body>
</html>
`.html;
}
