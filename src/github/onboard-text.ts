// What the onboarding robot writes: the issue comment (success or every problem with its fix) and
// the pull request's title and body. Only public data: the shared secret appears only encrypted to
// the library's own key, and a contact address never appears.
import type { Problem } from "../opds/problem.ts";
import { REL } from "../opds/media-types.ts";
import type { LibraryEntry } from "../registry/entries.ts";
import { code, plainWords } from "./plain-words.ts";

/** The registration document without what must not be public (a contact link) or is said apart (warnings). */
export function publicDocument(document: Record<string, any>): Record<string, any> {
  const { warnings: _w, ...doc } = document;
  if (Array.isArray(doc.links)) doc.links = doc.links.filter((l: any) => l?.rel !== REL.integrationContact);
  return doc;
}

export function failureComment(p: Problem, url: string): string {
  const items = plainWords(p, url);
  return [
    `### The registration did not go through: ${items.length === 1 ? "one thing" : `${items.length} things`} to fix`,
    "",
    `The registry checked ${code(url)} and found:`,
    "",
    ...items.map((it, i) => `${i + 1}. ${it.what}\n   **Fix:** ${it.fix}`),
    "",
    "When you have fixed these, **edit this issue** (any change, even a space) and the registry checks again. Nothing was recorded yet.",
  ].join("\n");
}

export function formProblemComment(message: string): string {
  return ["### The registration form is incomplete", "", message, "", "Edit this issue to correct it; the registry checks again when you save."].join("\n");
}

export function successComment(opts: { document: Record<string, any>; warnings: Problem[]; prNumber: number; prUrl: string; created: boolean; url: string }): string {
  const doc = publicDocument(opts.document);
  const secret = doc.metadata?.shared_secret;
  const lines = [
    `### Registration checked: pull request #${opts.prNumber}`,
    "",
    `Your server at ${code(opts.url)} passed every check. A maintainer reviews [pull request #${opts.prNumber}](${opts.prUrl}) ${opts.created ? "" : "(updated) "}and approves it by merging; until then your library is listed only in the QA feed.`,
    "",
  ];
  if (opts.warnings.length) {
    lines.push("Accepted, but worth fixing:", "", ...plainWords({ type: "", title: "", status: 200, errors: opts.warnings }, opts.url).map((w) => `- ${w.what}: ${w.fix}`), "");
  }
  lines.push(
    "<details><summary>Your registration document</summary>",
    "",
    "```json",
    JSON.stringify(doc, null, 2).replace(/```/g, "` ` `"),
    "```",
    "",
    "</details>",
    "",
  );
  if (secret) {
    lines.push(
      `Your short name is \`${String(doc.metadata.short_name ?? "")}\`. \`shared_secret\` above is safe to show: it is encrypted to the \`public_key\` in your Authentication for OPDS document (RSA-OAEP with SHA-1, then base64), so only the holder of the matching private key can read it. A circulation manager that registers itself decrypts it on its own; by hand:`,
      "",
      "```sh",
      "echo '<shared_secret>' | base64 -d | openssl pkeyutl -decrypt -inkey your-private-key.pem \\",
      "  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1",
      "```",
      "",
      "The secret is issued once: editing this issue again re-sends the same secret, never a new one. To get a new one, re-register from your circulation manager with the current secret (`Authorization: Bearer …`, `reset_shared_secret=true`) or ask a maintainer; never write a secret in an issue.",
    );
  } else if (doc.metadata?.short_name) {
    lines.push(`Your short name is \`${String(doc.metadata.short_name)}\`. The shared secret issued earlier could not be re-sent this time (the registry's private key is not available to this job); it is unchanged, and the earlier comment's value still holds.`);
  } else {
    lines.push("No shared secret was issued: your document has no `public_key`, or this registry issues none. Add an RSA `public_key` (2048 bits or more) and edit this issue to get a short name and a shared secret.");
  }
  return lines.join("\n");
}

export function pullRequestTitle(entry: LibraryEntry, slug: string): string {
  const title = String(entry.snapshot?.title ?? slug).replace(/[\r\n]+/g, " ").slice(0, 120);
  return `Register ${title} (${slug})`;
}

export function pullRequestBody(opts: { issue?: number; slug: string; entry: LibraryEntry; file: string }): string {
  const e = opts.entry;
  return [
    opts.issue ? `Registration requested in #${opts.issue}. Merging closes it.\n\nCloses #${opts.issue}` : "Registration received by `registry serve` (POST /register).",
    "",
    `| | |`,
    `|---|---|`,
    `| file | \`${opts.file}\` |`,
    `| document | ${code(e.url)} |`,
    `| library asked for | \`${e.library_stage}\` |`,
    `| registry stage | \`${e.registry_stage}\` |`,
    `| short name | ${e.short_name ? `\`${e.short_name}\`` : "none (no public_key)"} |`,
    "",
    "The handshake passed (document valid, OPDS feed links back). To approve, set `registry_stage: production` in the file (or leave `testing` to list it in the QA feed only) and merge. The Check workflow re-runs the handshake on this pull request.",
  ].join("\n");
}
