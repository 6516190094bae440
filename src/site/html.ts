// Escaping for the human pages. Library names and descriptions come from documents anyone can
// publish: every such string goes through escapeHtml, in text and in attributes alike.
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A tagged template that escapes every interpolated value except `raw(...)` fragments. */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string) => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0];
  values.forEach((v, i) => {
    out += toHtml(v) + strings[i + 1];
  });
  return new Raw(out);
}

function toHtml(v: unknown): string {
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(toHtml).join("");
  if (v === undefined || v === null || v === false) return "";
  return escapeHtml(String(v));
}
