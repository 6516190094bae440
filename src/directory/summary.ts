// The description a list carries: the list feeds, crawl pages, "near me" tiles and search results
// (every phone that opens a reading app downloads them; apps show a line or two under the
// library's name). The library's own document `/library/{uuid}` and its web page keep the whole
// text. A file of its own: the Cloudflare worker bundles it for search results.

/** Characters of a description kept in a list. */
export const LIST_DESCRIPTION_CHARS = 160;

/** Whole sentences up to `max` characters; else the words that fit, with an ellipsis. Linear. */
export function summarize(text: string, max = LIST_DESCRIPTION_CHARS): string {
  const t = text.trim();
  if (t.length <= max) return t;
  let sentenceEnd = -1;
  for (let i = 0; i < max; i++) {
    const c = t[i];
    if ((c === "." || c === "!" || c === "?") && (t[i + 1] === " " || t[i + 1] === "\n")) sentenceEnd = i + 1;
  }
  if (sentenceEnd > 0) return t.slice(0, sentenceEnd);
  const cut = t.lastIndexOf(" ", max - 1);
  let end = cut > max / 2 ? cut : max - 1;
  // no trailing blank or punctuation before the ellipsis (a loop: a pattern anchored at $ backtracks)
  while (end > 0 && " \t\n\r,;:".includes(t[end - 1])) end--;
  return `${t.slice(0, end)}…`;
}
