// A last line of defence: before anything is committed under libraries/ or published in dist/,
// look for what must never be public there — private keys, shared secrets in the clear, library
// contact addresses. Line-based on purpose: it must catch a leak in any file type (YAML, JSON,
// HTML, XML, text) even when the file does not parse. Messages never repeat the leaked value, so
// the guard's own output is safe to print in a public CI log.
//
// Public `mailto:` links (help, copyright agent) are published in feeds by design and are not
// flagged: only values under a `contact` key and the private integration-contact link are.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
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
// The start of a YAML `key: value` line (also `- key: value` inside a list; keys may be quoted);
// the value is cut from the rest of the line by hand (see yamlPair), so nothing here backtracks.
const YAML_KEY = /^(\s*)(?:-\s+)?["']?([A-Za-z0-9_.@\-]+)["']?[ \t]*:/;
// A JSON `"key": value` pair anywhere on a line; the value is a string, null, or anything else.
// An object or array value leaves the group empty, so the keys inside it are matched in turn.
const JSON_PAIR = /"([A-Za-z0-9_.@\-]+)"\s*:\s*("(?:[^"\\]|\\.)*"|[^,{}[\]\s"]+)?/g;
// 48 hex characters standing as a word of their own: quoted, a bare value, a Bearer credential,
// or inside free text. Not a path segment or file name (`/…/<hash>.png`), nor part of a longer
// identifier or hash (a SHA-256 is 64).
const HEX48 = /(?:^|[^0-9A-Za-z/._-])[0-9a-fA-F]{48}(?![0-9A-Za-z_-])/;

// Every leak the line rules below can find contains one of these: a whole-text test first keeps
// the guard fast over a large dist/ (tens of megabytes of feeds with nothing to report).
const TRIGGER_WORDS = /PRIVATE KEY|secret|contact|Bearer/i;

/** A YAML `key: value` line: indentation, key, and the value as written (comment included), or null. */
function yamlPair(line: string): { indent: number; key: string; rest: string } | null {
  const m = YAML_KEY.exec(line);
  if (!m) return null;
  const rest = line.slice(m[0].length);
  // `key:value` is not a pair in YAML: the colon must end the line or be followed by a blank.
  if (rest !== "" && rest[0] !== " " && rest[0] !== "\t") return null;
  return { indent: m[1].length, key: m[2], rest: rest.trim() };
}

/** A `mailto:` URI or a bare e-mail address (local@domain.tld). */
function isEmailish(v: string): boolean {
  if (v.slice(0, 7).toLowerCase() === "mailto:") return true;
  const at = v.indexOf("@");
  if (at <= 0) return false;
  const local = v.slice(0, at);
  const domain = v.slice(at + 1);
  return !/[\s@:/]/.test(local) && !/[\s@]/.test(domain) && domain.slice(1, -1).includes(".");
}

/** A YAML value without its trailing ` # comment`. */
function withoutComment(v: string): string {
  const m = /\s#/.exec(v);
  return m ? v.slice(0, m.index).trimEnd() : v;
}

export function findLeaks(text: string, where: string, opts: LeakOptions = {}): Leak[] {
  if (!TRIGGER_WORDS.test(text) && !HEX48.test(text)) return [];
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
      const y = yamlPair(line);
      if (y) out.push({ key: y.key, ...yamlValue(lines, i, y.indent, y.rest) });
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
        if (isEmailish(value.trim())) {
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
    if (!flaggedSecret && !covered.has(i) && HEX48.test(line)) {
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
function yamlValue(lines: string[], i: number, indent: number, inline: string): { value: string | null; block: number[] } {
  const v = inline.startsWith("#") ? "" : withoutComment(inline);
  if (v !== "" && !/^[|>][0-9+-]*$/.test(v)) return { value: scalar(v), block: [] };
  const parts: string[] = [];
  const block: number[] = [];
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.trim() === "") continue;
    if (l.length - l.trimStart().length <= indent) break;
    if (v === "" && (yamlPair(l) || /^\s*-(\s|$)/.test(l))) return { value: "", block: [] };
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
    const pair = yamlPair(l);
    const item = l.trim().replace(/^-\s+/, "");
    const v = pair ? (pair.rest ? scalar(withoutComment(pair.rest)) : null) : item ? scalar(item) : null;
    if (v && isEmailish(v) && !acceptable(v)) out.push(j);
  }
  return out;
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
      const pair = yamlPair(l.replace(/^(\s*)"href"/, "$1href"));
      if (pair && pair.key === "href") return isSealed(scalar(pair.rest.replace(/,$/, "").trimEnd()));
    }
  }
  return false;
}

/**
 * Leaks in a file's bytes. Nothing is skipped as "binary": text with NUL bytes is read as UTF-8
 * and, since NULs are how UTF-16 looks as bytes, also as UTF-16 (both byte orders), so a key saved
 * by an editor in UTF-16, or sitting next to a NUL byte, is still found.
 */
export function findLeaksInBytes(buf: Buffer, where: string, opts: LeakOptions = {}): Leak[] {
  if (isImageOnlyPng(buf)) return [];
  const found = findLeaks(buf.toString("utf8"), where, opts);
  if (!buf.includes(0)) return found;
  const even = buf.length - (buf.length % 2);
  const le = buf.subarray(0, even).toString("utf16le");
  const swapped = Buffer.from(buf.subarray(0, even));
  swapped.swap16();
  const seen = new Set(found.map((l) => `${l.line}:${l.kind}`));
  for (const text of [le, swapped.toString("utf16le")]) {
    for (const l of findLeaks(text, where, opts)) {
      if (seen.has(`${l.line}:${l.kind}`)) continue;
      seen.add(`${l.line}:${l.kind}`);
      found.push({ ...l, message: `${l.message} (in UTF-16 text)` });
    }
  }
  return found;
}

/**
 * What a previous scan found in each file, by a stamp of the file (size, inode, modification time
 * in nanoseconds): a file whose stamp is unchanged is not read again. The build
 * keeps one in `.cache/` so that scanning thousands of unchanged entries and logos costs a stat each.
 */
export class LeakScanCache {
  #files = new Map<string, { stamp: string; leaks: Leak[] }>();
  /** The files this process scanned: what is saved (a file deleted since is forgotten). */
  #seen = new Set<string>();
  #dirty = false;

  constructor(readonly file?: string) {
    if (!file) return;
    try {
      const saved = JSON.parse(readFileSync(file, "utf8")) as { version: string; files: Record<string, { stamp: string; leaks: Leak[] }> };
      if (saved.version === cacheVersion()) this.#files = new Map(Object.entries(saved.files));
    } catch {
      /* none yet, or unreadable: scan everything */
    }
  }

  scan(path: string, opts: LeakOptions): Leak[] {
    const st = statSync(path, { bigint: true });
    // Not the change time: a hard link or a chmod changes it without changing a byte.
    const stamp = `${st.size}:${st.ino}:${st.mtimeNs}:${opts.allowSealed ?? true}`;
    const known = this.#files.get(path);
    this.#seen.add(path);
    if (known && known.stamp === stamp) return known.leaks;
    const leaks = findLeaksInBytes(readFileSync(path), path, opts);
    this.#files.set(path, { stamp, leaks });
    this.#dirty = true;
    return leaks;
  }

  save(): void {
    if (!this.file) return;
    for (const path of this.#files.keys()) {
      if (this.#seen.has(path)) continue;
      this.#files.delete(path);
      this.#dirty = true;
    }
    if (!this.#dirty) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: cacheVersion(), files: Object.fromEntries(this.#files) }));
      renameSync(tmp, this.file);
      this.#dirty = false;
    } catch {
      /* a cache that cannot be written only costs time */
    }
  }
}
// The hash of the code a verdict comes from (this module and the two it asks: what is sealed, the
// rels it knows), read on first use: any change to the rules makes every file scanned again.
let version: string | undefined;
function cacheVersion(): string {
  if (version !== undefined) return version;
  try {
    const h = createHash("sha256");
    for (const module of [import.meta.url, new URL("./sealed.ts", import.meta.url).href, new URL("../opds/media-types.ts", import.meta.url).href]) h.update(readFileSync(fileURLToPath(module)));
    version = h.digest("hex");
  } catch {
    version = String(Math.random()); // cannot read its sources (bundled): never trust a saved scan
  }
  return version;
}

// Chunks that hold pixels and how to show them: no text a person could have pasted in (tEXt, zTXt,
// iTXt, eXIf, iCCP's name and any private chunk are read as text like any other file).
const IMAGE_CHUNKS = new Set(["IHDR", "PLTE", "tRNS", "IDAT", "IEND", "gAMA", "cHRM", "sRGB", "pHYs", "bKGD", "sBIT"]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A PNG made of image chunks only, exactly to its end (as the logo converter writes them): its
 * bytes are compressed pixels, nothing to read as text. Decoding such a file as UTF-8 and UTF-16
 * (its bytes hold NULs) took most of a scan of libraries/ with ten thousand logos.
 */
export function isImageOnlyPng(buf: Buffer): boolean {
  if (buf.length < 8 + 12 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let at = 8;
  while (at + 12 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString("latin1", at + 4, at + 8);
    if (!IMAGE_CHUNKS.has(type)) return false;
    at += 12 + length;
    if (type === "IEND") return at === buf.length;
  }
  return false;
}

/** Scans files, or every file under a directory (skipping .git and node_modules). */
export async function scanFiles(paths: string[], opts: LeakOptions = {}, cache?: LeakScanCache): Promise<Leak[]> {
  // Synchronous reads on purpose: for thousands of small files they are several times faster
  // than awaiting each one, and nothing else runs during a scan.
  const leaks: Leak[] = [];
  for (const p of paths) {
    const info = statSync(p);
    if (info.isDirectory()) {
      const entries = readdirSync(p).filter((e) => e !== ".git" && e !== "node_modules").sort();
      leaks.push(...(await scanFiles(entries.map((e) => join(p, e)), opts, cache)));
      continue;
    }
    if (!info.isFile()) continue;
    leaks.push(...(cache ? cache.scan(p, opts) : findLeaksInBytes(readFileSync(p), p, opts)));
  }
  return leaks;
}
