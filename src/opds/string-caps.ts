// Every string the registry keeps from a library's document (the snapshot in its entry, the
// feeds) has a length cap: a library controls these bytes, and a megabyte title would be copied
// into every feed, page and pull request. Logos may be data: URIs, so they get a larger cap.
import { problem, type Problem } from "./problem.ts";

export const MAX_STRING_CHARS = 8_192;
export const MAX_LOGO_HREF_CHARS = 1_048_576;

/** One problem per string member of `value` longer than its cap, named by its path. */
export function oversizeStrings(value: unknown, path: string[] = []): Problem[] {
  const out: Problem[] = [];
  const visit = (v: unknown, at: string[]) => {
    if (typeof v === "string") {
      const cap = at.join(".") === "logo.href" ? MAX_LOGO_HREF_CHARS : MAX_STRING_CHARS;
      if (v.length > cap) {
        out.push(problem("invalidDocument", `'${at.join(".") || "value"}' is ${v.length} characters long; the registry keeps at most ${cap}.`));
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, [...at, String(i)]));
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k.length > MAX_STRING_CHARS) out.push(problem("invalidDocument", `a key under '${at.join(".") || "value"}' is ${k.length} characters long; the registry keeps at most ${MAX_STRING_CHARS}.`));
        else visit(x, [...at, k]);
      }
    }
  };
  visit(value, path);
  return out;
}
