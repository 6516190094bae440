// The Eleventy template over one list of the directory's pages (list pages, library pages, the
// 404 page): one output per item at its `path`, in the base layout, and what the template
// rendered shown to the build's leak guard (the layout adds only our own text).
import type { SiteData } from "../directory/site-map.ts";

type PageList = "listPages" | "libraryPages" | "notFoundPages";

export function pagedTemplate<P extends { path: string }>(list: PageList, alias: string, render: (page: P) => string) {
  return class PagedTemplate {
    data() {
      return {
        pagination: { data: `directory.${list}`, size: 1, alias },
        permalink: (data: Record<string, P>) => data[alias].path,
        layout: "base.11ty.ts",
        eleventyExcludeFromCollections: true,
      };
    }

    render(data: Record<string, unknown> & { directory: SiteData }): string {
      const page = data[alias] as P;
      const html = render(page);
      data.directory.check(html, page.path);
      return html;
    }
  };
}
