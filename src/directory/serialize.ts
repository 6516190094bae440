// JSON text of feeds whose entries repeat: one library's entry appears in up to seven files of
// a build (its own document, two feeds, four crawl series), so each entry is stringified once
// and spliced in. The output is byte for byte JSON.stringify(feed).
// `onPiece` sees every piece of text the serializer emits, each entry once and every feed's
// head: the build's leak guard checks those instead of reading every feed whole again.
import type { CatalogEntry, CatalogsFeed } from "./documents.ts";

// Characters per piece (a piece ends at the first entry past it, so it is at most this plus one
// entry, which snapshot caps keep to a few KB): a piece stays below V8's large-object size
// (128 KB) even when one character beyond Latin-1 (a curly quote in a description) makes V8 keep
// it at two bytes per character. Above that size each piece, and its copy for UTF-8 encoding,
// was a fresh mapping faulted in page by page (8–14 µs a page on the project's machine): pieces
// of 50 entries (about 70,000 characters) cost a cold build of 10,000 libraries 150,000 page
// faults and 3.7 s of its main thread in the 3,700 pieces that were two-byte.
const PIECE_CHARS = 30_000;

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
   * The same text in pieces of about PIECE_CHARS: a feed of ten thousand libraries is written
   * without ever being one 13 MB string (garbage the heap would grow for). Each piece is one
   * join, a flat string (a prefix added to a joined text would be a rope, copied again to encode).
   */
  *chunks(feed: CatalogsFeed): Generator<string> {
    const { catalogs, ...head } = feed;
    const text = JSON.stringify(head);
    this.onPiece?.(text, `feed ${String(head.metadata?.title ?? "")}`);
    // `catalogs` is the last key of every feed we build, so it goes back in last
    const open = `${text.slice(0, -1)}${text.length > 2 ? "," : ""}"catalogs":[`;
    // each piece's parts, joined with commas: the first piece starts with the head (glued to its
    // first entry), every later one with "" (so with the comma that follows the previous piece)
    let parts: string[] = [];
    let chars = 0;
    for (let i = 0; i < catalogs.length; i++) {
      const entry = this.entry(catalogs[i]);
      if (i === 0) parts.push(open + entry);
      else {
        if (!parts.length) parts.push("");
        parts.push(entry);
      }
      chars += entry.length;
      if (chars >= PIECE_CHARS) {
        yield parts.join(",");
        parts = [];
        chars = 0;
      }
    }
    if (!catalogs.length) yield open;
    else if (parts.length) yield parts.join(",");
    yield "]}";
  }
}
