// One page per library listed in QA: info/{uuid}.html.
import type { LibraryPage } from "../directory/web/library-pages.ts";
import { renderLibraryPage } from "./library-page.ts";
import type { SiteData } from "../directory/site-map.ts";

export default class LibraryPages {
  data() {
    return {
      pagination: { data: "directory.libraryPages", size: 1, alias: "libraryPage" },
      permalink: (data: { libraryPage: LibraryPage }) => data.libraryPage.path,
      layout: "base.11ty.ts",
      eleventyExcludeFromCollections: true,
    };
  }

  render(data: { libraryPage: LibraryPage; directory: SiteData }): string {
    const html = renderLibraryPage(data.libraryPage);
    data.directory.check(html, data.libraryPage.path);
    return html;
  }
}
