// JSON text of feeds whose entries repeat: one library's entry appears in up to seven files of
// a build (its own document, two feeds, four crawl series), so each entry is stringified once
// and spliced in. The output is byte for byte JSON.stringify(feed).
// `onPiece` sees every piece of text the serializer emits, each entry once and every feed's
// head: the build's leak guard checks those instead of reading every feed whole again.
import type { CatalogEntry, CatalogsFeed } from "./documents.ts";

// Entries per piece: about 70 KB, below V8's large-object size, so each piece is young garbage
// the scavenger frees at once rather than old-space garbage the heap grows for.
const CHUNK = 50;

export class FeedSerializer {
  readonly #entries = new Map<CatalogEntry, string>();

  constructor(private readonly onPiece?: (text: string, what: string) => void) {}

  entry(entry: CatalogEntry): string {
    let text = this.#entries.get(entry);
    if (text === undefined) {
      text = JSON.stringify(entry);
      this.onPiece?.(text, `entry ${String(entry.metadata?.id ?? "")}`);
      this.#entries.set(entry, text);
    }
    return text;
  }

  feed(feed: CatalogsFeed): string {
    return [...this.chunks(feed)].join("");
  }

  /**
   * The same text in pieces of at most CHUNK entries: a feed of ten thousand libraries is written
   * without ever being one 13 MB string (garbage the heap would grow for).
   */
  *chunks(feed: CatalogsFeed): Generator<string> {
    const { catalogs, ...head } = feed;
    const text = JSON.stringify(head);
    this.onPiece?.(text, `feed ${String(head.metadata?.title ?? "")}`);
    // `catalogs` is the last key of every feed we build, so it goes back in last
    let open = `${text.slice(0, -1)}${text.length > 2 ? "," : ""}"catalogs":[`;
    for (let i = 0; i < catalogs.length; i += CHUNK) {
      const part = catalogs.slice(i, i + CHUNK).map((e) => this.entry(e)).join(",");
      yield `${open}${i ? "," : ""}${part}`;
      open = "";
    }
    yield `${open}]}`;
  }
}
