// JSON text of feeds whose entries repeat: one library's entry appears in up to seven files of
// a build (its own document, two feeds, four crawl series), so each entry is stringified once
// and spliced in. The output is byte for byte JSON.stringify(feed).
import type { CatalogEntry, CatalogsFeed } from "./documents.ts";

export class FeedSerializer {
  readonly #entries = new Map<CatalogEntry, string>();

  entry(entry: CatalogEntry): string {
    let text = this.#entries.get(entry);
    if (text === undefined) {
      text = JSON.stringify(entry);
      this.#entries.set(entry, text);
    }
    return text;
  }

  feed(feed: CatalogsFeed): string {
    const { catalogs, ...head } = feed;
    const text = JSON.stringify(head);
    // `catalogs` is the last key of every feed we build, so it goes back in last
    return `${text.slice(0, -1)}${text.length > 2 ? "," : ""}"catalogs":[${catalogs.map((e) => this.entry(e)).join(",")}]}`;
  }
}
