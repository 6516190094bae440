// Fictional libraries served on loopback: what `registry demo` registers, what the bench fetches
// by the thousand, and what the end-to-end tests drive the handshake against. Each flavour is a
// server shape met in the wild: an OPDS 1 circulation manager, an OPDS 2 server, an anonymous-access
// catalog, and a feed guarded by a 401 that carries its Authentication for OPDS document.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ANONYMOUS_FLOW, AUTH_DOC_V1, OPDS1_ACQUISITION, OPDS2, REL } from "../opds/media-types.ts";

export type Flavor = "opds1" | "opds2" | "anonymous" | "behind-401";

export interface SampleLibrary {
  slug: string;
  title: string;
  flavor: Flavor;
  description?: string;
  /** SPKI PEM: when given, the document carries it as `public_key` and the registry issues a secret. */
  publicKeyPem?: string;
  logoPng?: string; // base64
  /** A logo other than logoPng: inlined as a data: URI, or served at `{library}/logo` (byUrl). */
  logo?: { type: string; byUrl: boolean; bytes: () => Buffer };
  /** `service_area` (default "everywhere") and `focus_area` as the document publishes them. */
  serviceArea?: unknown;
  focusArea?: unknown;
}

export const SAMPLE_LOGO = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAH0lEQVR4nGP4TyJgIFODtH8RQTSqYVQDMRpITnzEAwD2s8qAtkDw+wAAAABJRU5ErkJggg==";

export interface RunningLibraries {
  base: string;
  server: Server;
  /** The URL a library registers: its document, or (behind-401) its feed. */
  registrationUrl(slug: string): string;
  authUrl(slug: string): string;
  feedUrl(slug: string): string;
  /** Requests served, for tests and the bench. */
  hits(): number;
  /** Replace or add a library while running (a library updating its document). */
  set(lib: SampleLibrary): void;
  /**
   * Renders these libraries' answers now and serves them from memory from then on (the bench,
   * before its timed builds: real libraries' servers do not share the registry's CPU).
   * Returns the bytes held.
   */
  prerender(slugs: Iterable<string>): number;
  close(): Promise<void>;
}

export function authDocument(lib: SampleLibrary, base: string): Record<string, unknown> {
  const root = `${base}/${lib.slug}`;
  const flows =
    lib.flavor === "anonymous"
      ? [{ type: ANONYMOUS_FLOW }]
      : [{ type: "http://opds-spec.org/auth/basic", description: "Library card", labels: { login: "Card number", password: "PIN" } }];
  const doc: Record<string, unknown> = {
    id: `${root}/authentication_document`,
    title: lib.title,
    service_description: lib.description ?? `E-books and audiobooks from ${lib.title} (a fictional demo library).`,
    color_scheme: "blue",
    audience: ["public"],
    collection_size: 1200,
    service_area: lib.serviceArea ?? "everywhere",
    authentication: flows,
    links: [
      { rel: "start", href: `${root}/`, type: lib.flavor === "opds2" ? OPDS2 : OPDS1_ACQUISITION },
      { rel: "alternate", href: `${root}/about`, type: "text/html" },
      logoLink(lib, root),
      { rel: "help", href: `${root}/help`, type: "text/html" },
      { rel: REL.copyrightAgent, href: `mailto:dmca@${lib.slug}.example` },
    ],
  };
  if (lib.focusArea !== undefined) doc.focus_area = lib.focusArea;
  if (lib.publicKeyPem) doc.public_key = { type: "RSA", value: lib.publicKeyPem };
  return doc;
}

function logoLink(lib: SampleLibrary, root: string): Record<string, unknown> {
  if (!lib.logo) return { rel: "logo", href: `data:image/png;base64,${lib.logoPng ?? SAMPLE_LOGO}`, type: "image/png" };
  const href = lib.logo.byUrl ? `${root}/logo` : `data:${lib.logo.type};base64,${lib.logo.bytes().toString("base64")}`;
  return { rel: "logo", href, type: lib.logo.type };
}

function atomFeed(lib: SampleLibrary, base: string): string {
  const root = `${base}/${lib.slug}`;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opds="http://opds-spec.org/2010/catalog">
  <id>${root}/</id>
  <title>${lib.title.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</title>
  <updated>2026-01-01T00:00:00Z</updated>
  <link rel="self" href="${root}/" type="${OPDS1_ACQUISITION}"/>
  <link rel="${REL.authDocument}" href="${root}/authentication_document" type="${AUTH_DOC_V1}"/>
</feed>
`;
}

function opds2Feed(lib: SampleLibrary, base: string): string {
  const root = `${base}/${lib.slug}`;
  return JSON.stringify({
    metadata: { title: lib.title },
    links: [
      { rel: "self", href: `${root}/`, type: OPDS2 },
      { rel: REL.authDocument, href: `${root}/authentication_document`, type: AUTH_DOC_V1 },
    ],
    navigation: [{ href: `${root}/new`, title: "New arrivals", type: OPDS2 }],
  });
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const NOT_FOUND: Answer = { status: 404, headers: { "Content-Type": "text/plain" }, body: "not found" };

/** What prerender() renders of each library: its document, its feed, its logo. */
const RENDERED = ["authentication_document", "", "logo"];

/**
 * Serves `libraries` on 127.0.0.1. `generate(slug)` may produce libraries on demand (the bench's
 * thousands); a slug matching neither answers 404.
 */
export async function startSampleLibraries(libraries: SampleLibrary[], opts: { port?: number; generate?: (slug: string) => SampleLibrary | undefined; latencyMs?: number } = {}): Promise<RunningLibraries> {
  const bySlug = new Map(libraries.map((l) => [l.slug, l]));
  let hits = 0;
  let base = "";
  const server = createServer((req, res) => {
    hits++;
    // A library across the internet answers after a round trip or two (the bench's --latency).
    if (opts.latencyMs) setTimeout(() => answer(req, res), opts.latencyMs);
    else answer(req, res);
  });
  // what each library serves, by "<slug>/<rest>", once prerender() has rendered it
  const rendered = new Map<string, Answer>();
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    // "/<slug>/<rest>", split by hand (linear whatever the path).
    const cut = path.indexOf("/", 1);
    const slug = cut < 0 ? path.slice(1) : path.slice(1, cut);
    const rest = cut < 0 ? "" : path.slice(cut + 1);
    const a = rendered.get(`${slug}/${rest}`) ?? respond(slug ? bySlug.get(slug) ?? opts.generate?.(slug) : undefined, rest);
    res.writeHead(a.status, a.headers);
    res.end(a.body);
  };
  const respond = (lib: SampleLibrary | undefined, rest: string): Answer => {
    if (!lib) return NOT_FOUND;
    const doc = () => JSON.stringify(authDocument(lib, base));
    if (rest === "authentication_document") return { status: 200, headers: { "Content-Type": AUTH_DOC_V1 }, body: doc() };
    if (rest === "") {
      if (lib.flavor === "behind-401") {
        return { status: 401, headers: { "Content-Type": AUTH_DOC_V1, Link: `<${base}/${lib.slug}/authentication_document>; rel="${REL.authDocument}"` }, body: doc() };
      }
      if (lib.flavor === "opds2") return { status: 200, headers: { "Content-Type": OPDS2 }, body: opds2Feed(lib, base) };
      return { status: 200, headers: { "Content-Type": OPDS1_ACQUISITION }, body: atomFeed(lib, base) };
    }
    if (rest === "logo" && lib.logo?.byUrl) return { status: 200, headers: { "Content-Type": lib.logo.type }, body: lib.logo.bytes() };
    if (rest === "about" || rest === "help") {
      return { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" }, body: `<!doctype html><title>${lib.title}</title><p>${lib.title} is a fictional library of the registry demo.</p>` };
    }
    return NOT_FOUND;
  };
  // Node's own default, as a library's server would keep a connection (nginx keeps one 75 s). A
  // server that announces `Keep-Alive: timeout=1` gets no reuse at all: Node's client agent
  // drops a socket whose announced timeout, less a second of margin, is zero.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    server,
    registrationUrl: (slug) => (bySlug.get(slug)?.flavor === "behind-401" ? `${base}/${slug}/` : `${base}/${slug}/authentication_document`),
    authUrl: (slug) => `${base}/${slug}/authentication_document`,
    feedUrl: (slug) => `${base}/${slug}/`,
    hits: () => hits,
    set: (lib) => {
      bySlug.set(lib.slug, lib);
      for (const rest of RENDERED) rendered.delete(`${lib.slug}/${rest}`);
    },
    prerender: (slugs) => {
      let bytes = 0;
      for (const slug of slugs) {
        const lib = slug ? bySlug.get(slug) ?? opts.generate?.(slug) : undefined;
        if (!lib) continue;
        for (const rest of RENDERED) {
          const a = respond(lib, rest);
          if (a === NOT_FOUND) continue;
          const body = typeof a.body === "string" ? Buffer.from(a.body) : a.body;
          rendered.set(`${slug}/${rest}`, { ...a, body });
          bytes += body.length;
        }
      }
      return bytes;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
