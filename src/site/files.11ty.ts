// Every feed and host file of dist/: one output per SiteFile, rendered by the pure builders.
import type { SiteFile } from "../directory/site-map.ts";

export default class DirectoryFiles {
  data() {
    return {
      pagination: { data: "directory.files", size: 1, alias: "file" },
      permalink: (data: { file: SiteFile }) => data.file.path,
      eleventyExcludeFromCollections: true,
    };
  }

  render(data: { file: SiteFile }): string {
    return data.file.body;
  }
}
