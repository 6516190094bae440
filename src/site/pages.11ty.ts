// The human web pages: index.html (production libraries) and qa.html.
import type { HomePage } from "../directory/home.ts";
import { renderDirectoryPage } from "./directory-page.ts";

export default class DirectoryPages {
  data() {
    return {
      pagination: { data: "directory.pages", size: 1, alias: "page_" },
      permalink: (data: { page_: HomePage }) => data.page_.path,
      eleventyExcludeFromCollections: true,
    };
  }

  render(data: { page_: HomePage }): string {
    return renderDirectoryPage(data.page_);
  }
}
