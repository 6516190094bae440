// dist/404.html, the page a browser gets for a missing address (every host serves it: registry
// serve, nginx and the worker to browsers; GitHub Pages, Netlify and Cloudflare Pages by convention).
import type { NotFoundPage } from "../directory/web/not-found-page.ts";
import { renderNotFoundPage } from "./not-found-page.ts";
import type { SiteData } from "../directory/site-map.ts";

export default class NotFound {
  data() {
    return {
      pagination: { data: "directory.notFoundPages", size: 1, alias: "notFoundPage" },
      permalink: (data: { notFoundPage: NotFoundPage }) => data.notFoundPage.path,
      layout: "base.11ty.ts",
      eleventyExcludeFromCollections: true,
    };
  }

  render(data: { notFoundPage: NotFoundPage; directory: SiteData }): string {
    const html = renderNotFoundPage(data.notFoundPage);
    data.directory.check(html, data.notFoundPage.path);
    return html;
  }
}
