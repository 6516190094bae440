// A last line of defence: before anything is committed under libraries/ or published in dist/,
// look for what must never be public there — private keys, shared secrets in the clear, library
// contact addresses. Line-based on purpose: it must catch a leak in any file type (YAML, JSON,
// HTML, XML, text) even when the file does not parse. Messages never repeat the leaked value, so
// the guard's own output is safe to print in a public CI log.
//
// Public `mailto:` links (help, copyright agent) are published in feeds by design and are not
// flagged: only values under a `contact` key and the private integration-contact link are.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { REL } from "../opds/media-types.ts";
import { isSealed } from "./sealed.ts";

export type LeakKind = "private-key" | "plaintext-secret" | "contact-address";

export interface Leak {
  where: string;
  /** 1-based. */
  line: number;
  kind: LeakKind;
  message: string;
}

export interface LeakOptions {
  /**
   * Whether a `sealed:v1:` value is acceptable (default true: libraries/*.yaml). Pass false for
   * dist/, where no shared_secret or contact value belongs at all, sealed or not.
   */
  allowSealed?: boolean;
}

const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/;
const INTEGRATION_CONTACT = REL.integrationContact.replace(/^https?:/, "");
// A YAML `key: value` line (also `- key: value` inside a list). Keys may be quoted.
const YAML_PAIR = /^(\s*)(?:-\s+)?["']?([A-Za-z0-9_.@\-]+)["']?\s*:(?:\s+(.*?))?\s*$/;
// A JSON `"key": value` pair anywhere on a line; the value is a string, null, or anything else.
// An object or array value leaves the group empty, so the keys inside it are matched in turn.
const JSON_PAIR = /"([A-Za-z0-9_.@\-]+)"\s*:\s*("(?:[^"\\]|\\.)*"|[^,{}[\]\s"]+)?/g;
const HEX48 = /^[0-9a-fA-F]{48}$/;
const EMAILISH = /^(mailto:|[^\s@:/]+@[^\s@]+\.[^\s@]+$)/i;

// Every leak the line rules below can find contains one of these: a whole-text test first keeps
// the guard fast over a large dist/ (tens of megabytes of feeds with nothing to report).
// (A 48-hex value always follows a quote, a space, a colon, a dash or a line start: see standaloneHex48.)
const TRIGGER_WORDS = /PRIVATE KEY|secret|contact|Bearer/i;
const TRIGGER_HEX = /(?:^|["'\s:-])[0-9a-fA-F]{48}/m;

export function findLeaks(text: string, where: string, opts: LeakOptions = {}): Leak[] {
  if (!TRIGGER_WORDS.test(text) && !TRIGGER_HEX.test(text)) return [];
  const allowSealed = opts.allowSealed ?? true;
  const lines = text.split(/\r?\n/);
  const leaks: Leak[] = [];
  const seen = new Set<string>();
  const add = (line: number, kind: LeakKind, message: string) => {
    const k = `${line}:${kind}`;
    if (seen.has(k)) return;
    seen.add(k);
    leaks.push({ where, line, kind, message: `${where}:${line} ${message}` });
  };
  const acceptable = (v: string) => allowSealed && isSealed(v);

  // Lines already reported as the content of a shared_secret block scalar.
  const covered = new Set<number>();

  /** Key/value pairs on line i, from YAML or JSON syntax; block scalars are followed to their content. */
  const pairs = (i: number): { key: string; value: string | null; block: number[] }[] => {
    const out: { key: string; value: string | null; block: number[] }[] = [];
    const line = lines[i];
    for (const m of line.matchAll(JSON_PAIR)) if (m[2] !== undefined) out.push({ key: m[1], value: scalar(m[2]), block: [] });
    if (out.length === 0) {
      const y = YAML_PAIR.exec(line);
      if (y) out.push({ key: y[2], ...yamlValue(lines, i, y[1].length, y[3]) });
    }
    return out;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const n = i + 1;
    if (PRIVATE_KEY.test(line)) {
      add(n, "private-key", "contains a PEM private key; it must never be committed or published (replace the key: it is compromised)");
    }
    let flaggedSecret = false;
    for (const { key, value, block } of pairs(i)) {
      const k = key.toLowerCase();
      if (k === "shared_secret" && value !== null && value !== "" && !acceptable(value)) {
        add(n, "plaintext-secret", allowSealed
          ? "shared_secret is not sealed: store it only as sealed:v1:… (encrypted to the registry key)"
          : "shared_secret must not appear here at all");
        flaggedSecret = true;
        block.forEach((j) => covered.add(j));
      } else if (k.includes("contact") && value !== null && !acceptable(value)) {
        if (EMAILISH.test(value.trim())) {
          add(n, "contact-address", allowSealed
            ? `"${key}" holds a contact address in the clear: store it only sealed (sealed:v1:…)`
            : `"${key}" holds a library contact address, which must not be published`);
        } else if (value === "") {
          // `contact:` opening a nested block: look at its values.
          contactBlock(lines, i, acceptable).forEach((j) =>
            add(j + 1, "contact-address", `a contact address under "${key}" (line ${n}) is in the clear`));
        }
      }
    }
    if (!flaggedSecret && !covered.has(i) && standaloneHex48(line)) {
      add(n, "plaintext-secret", "holds a 48-hex-character value shaped like a shared secret");
    }
    if (line.includes(INTEGRATION_CONTACT) && !(allowSealed && sealedHrefNear(lines, i))) {
      add(n, "contact-address", allowSealed
        ? "has an integration-contact link whose address is not sealed"
        : "has the private integration-contact link, which belongs only in a library's own registration response");
    }
  }
  return leaks;
}

function scalar(raw: string): string | null {
  if (raw === "null" || raw === "~") return null;
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return raw.slice(1, -1).replace(/''/g, "'");
  return raw;
}

/**
 * A YAML value: inline, or the content lines of a block scalar / indented continuation (`block`:
 * their indices). A nested mapping or list gives "".
 */
function yamlValue(lines: string[], i: number, indent: number, inline: string | undefined): { value: string | null; block: number[] } {
  const v = (inline ?? "").replace(/\s+#.*$/, "");
  if (v !== "" && !/^[|>][0-9+-]*$/.test(v)) return { value: scalar(v), block: [] };
  const parts: string[] = [];
  const block: number[] = [];
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.trim() === "") continue;
    if (l.length - l.trimStart().length <= indent) break;
    if (v === "" && (YAML_PAIR.test(l) || /^\s*-(\s|$)/.test(l))) return { value: "", block: [] };
    parts.push(l.trim());
    block.push(j);
  }
  return { value: parts.join(v.startsWith("|") ? "\n" : ""), block };
}

/** Lines (0-based) inside the nested block under `contact:` whose value is an unsealed address. */
function contactBlock(lines: string[], i: number, acceptable: (v: string) => boolean): number[] {
  const indent = lines[i].length - lines[i].trimStart().length;
  const out: number[] = [];
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.trim() === "") continue;
    if (l.length - l.trimStart().length <= indent) break;
    const m = /^\s*(?:-\s+)?(?:["']?[A-Za-z0-9_.@\-]+["']?\s*:\s+)?(.+?)\s*$/.exec(l);
    const v = m ? scalar(m[1]) : null;
    if (v && EMAILISH.test(v) && !acceptable(v)) out.push(j);
  }
  return out;
}

function standaloneHex48(line: string): boolean {
  // A quoted string that is exactly 48 hex characters (JSON, YAML, HTML attributes)…
  for (const m of line.matchAll(/(["'])([0-9a-fA-F]{48})\1/g)) if (m[2]) return true;
  // …a bare YAML value or list item…
  const y = YAML_PAIR.exec(line);
  if (y && y[3] !== undefined && HEX48.test(y[3].replace(/\s+#.*$/, ""))) return true;
  if (/^\s*-\s+[0-9a-fA-F]{48}\s*$/.test(line) || /^\s*[0-9a-fA-F]{48}\s*$/.test(line)) return true;
  // …or a Bearer credential.
  return /\bBearer\s+[0-9a-fA-F]{48}\b/i.test(line);
}

/** Whether the link holding the integration-contact rel on line i has a sealed href. */
function sealedHrefNear(lines: string[], i: number): boolean {
  const line = lines[i];
  const at = line.indexOf(INTEGRATION_CONTACT);
  // Same line (JSON object on one line): the href inside the enclosing braces.
  const open = line.lastIndexOf("{", at);
  const close = line.indexOf("}", at);
  const obj = line.slice(open < 0 ? 0 : open, close < 0 ? line.length : close + 1);
  const inline = /["']?href["']?\s*:\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^,}\s]+)/.exec(obj);
  if (inline) return isSealed(scalar(inline[1]));
  // Multi-line: the nearest href within the same small mapping (a few lines either way).
  for (let d = 1; d <= 4; d++) {
    for (const j of [i + d, i - d]) {
      const l = lines[j];
      if (l === undefined) continue;
      const m = /^\s*(?:-\s+)?["']?href["']?\s*:\s*(.+?)\s*,?\s*$/.exec(l);
      if (m) return isSealed(scalar(m[1]));
    }
  }
  return false;
}

/** Scans files, or every file under a directory (skipping .git and node_modules). Binary files are skipped. */
export async function scanFiles(paths: string[], opts: LeakOptions = {}): Promise<Leak[]> {
  // Synchronous reads on purpose: for thousands of small files they are several times faster
  // than awaiting each one, and nothing else runs during a scan.
  const leaks: Leak[] = [];
  for (const p of paths) {
    const info = statSync(p);
    if (info.isDirectory()) {
      const entries = readdirSync(p).filter((e) => e !== ".git" && e !== "node_modules").sort();
      leaks.push(...(await scanFiles(entries.map((e) => join(p, e)), opts)));
      continue;
    }
    if (!info.isFile()) continue;
    const buf = readFileSync(p);
    if (buf.includes(0)) continue;
    leaks.push(...findLeaks(buf.toString("utf8"), p, opts));
  }
  return leaks;
}
