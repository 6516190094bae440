// The pages of the full list: index.html and qa.html are their first pages.
import type { ListPage } from "../directory/web/list-pages.ts";
import { renderListPage } from "./list-page.ts";
import type { SiteData } from "../directory/site-map.ts";

export default class ListPages {
  data() {
    return {
      pagination: { data: "directory.listPages", size: 1, alias: "listPage" },
      permalink: (data: { listPage: ListPage }) => data.listPage.path,
      layout: "base.11ty.ts",
      eleventyExcludeFromCollections: true,
    };
  }

  render(data: { listPage: ListPage; directory: SiteData }): string {
    const html = renderListPage(data.listPage);
    data.directory.check(html, data.listPage.path);
    return html;
  }
}
