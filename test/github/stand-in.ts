// A loopback stand-in for exactly the GitHub REST endpoints the automation uses, over an
// in-memory repository (git objects, refs, pull requests, issues, comments, labels). Every request
// is recorded; faults (401, 403 with Retry-After, 422, 5xx) can be queued for the next matching
// request. It answers the fields the code reads, shaped as GitHub's API documents them.
import http from "node:http";
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";

interface TreeEntry { path: string; mode: string; type: "blob" | "tree"; sha: string }
interface Commit { tree: string; parents: string[]; message: string }
interface Pull { number: number; head: string; base: string; title: string; body: string; state: "open" | "closed"; merged: boolean }
interface Issue { number: number; title: string; body: string; state: "open" | "closed"; labels: string[]; comments: { id: number; body: string }[] }
export interface Recorded { method: string; path: string; body?: any }
interface Fault { method: string; path: RegExp; status: number; headers?: Record<string, string>; body?: any }

const sha1 = (s: string | Buffer) => createHash("sha1").update(s).digest("hex");

export class StandIn {
  owner = "libraries-org";
  name = "registry";
  token = "test-token";
  base = "";
  requests: Recorded[] = [];
  blobs = new Map<string, Buffer>();
  trees = new Map<string, TreeEntry[]>();
  commits = new Map<string, Commit>();
  refs = new Map<string, string>();
  pulls: Pull[] = [];
  issues = new Map<number, Issue>();
  private faults: Fault[] = [];
  private nextNumber = 1;
  private nextComment = 1000;
  private server = http.createServer((req, res) => void this.handle(req, res));

  async start(): Promise<this> {
    await new Promise<void>((ok) => this.server.listen(0, "127.0.0.1", ok));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  close(): Promise<void> {
    return new Promise((ok) => {
      this.server.closeAllConnections();
      this.server.close(() => ok());
    });
  }
  get repository() {
    return `${this.owner}/${this.name}`;
  }

  // ---- the repository -------------------------------------------------------------------------
  putBlob(content: string | Buffer): string {
    const b = Buffer.from(content);
    const s = sha1(Buffer.concat([Buffer.from(`blob ${b.length}\0`), b]));
    this.blobs.set(s, b);
    return s;
  }
  private putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => a.path.localeCompare(b.path));
    const s = sha1(`tree ${JSON.stringify(sorted)}`);
    this.trees.set(s, sorted);
    return s;
  }
  /** A tree from a flat map of path → content (null deletes, used with `from`). */
  treeWith(files: Record<string, string | Buffer | null>, from?: string): string {
    const flat = new Map(from ? this.flatten(from) : []);
    for (const [p, c] of Object.entries(files)) {
      if (c === null) flat.delete(p);
      else flat.set(p, this.putBlob(c));
    }
    const build = (prefix: string): string => {
      const entries: TreeEntry[] = [];
      const dirs = new Set<string>();
      for (const [p, s] of flat) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf("/");
        if (slash < 0) entries.push({ path: rest, mode: "100644", type: "blob", sha: s });
        else dirs.add(rest.slice(0, slash));
      }
      for (const d of dirs) entries.push({ path: d, mode: "040000", type: "tree", sha: build(`${prefix}${d}/`) });
      return this.putTree(entries);
    };
    return build("");
  }
  flatten(treeSha: string, prefix = ""): [string, string][] {
    const out: [string, string][] = [];
    for (const e of this.trees.get(treeSha) ?? []) {
      if (e.type === "tree") out.push(...this.flatten(e.sha, `${prefix}${e.path}/`));
      else out.push([`${prefix}${e.path}`, e.sha]);
    }
    return out;
  }
  commit(tree: string, parents: string[], message: string): string {
    const s = sha1(`commit ${tree} ${parents.join(",")} ${message} ${this.commits.size}`);
    this.commits.set(s, { tree, parents, message });
    return s;
  }
  /** Sets up `main` holding these files. */
  seed(files: Record<string, string | Buffer>): void {
    this.refs.set("main", this.commit(this.treeWith(files), [], "initial"));
  }
  /** A commit on `branch` changing files (null deletes). */
  pushTo(branch: string, files: Record<string, string | null>, message = "change"): string {
    const head = this.refs.get(branch)!;
    const s = this.commit(this.treeWith(files, this.commits.get(head)!.tree), [head], message);
    this.refs.set(branch, s);
    return s;
  }
  /** One file of a branch as bytes, or undefined. */
  bytesOf(branch: string, path: string): Buffer | undefined {
    const head = this.refs.get(branch);
    const found = head ? this.flatten(this.commits.get(head)!.tree).find(([p]) => p === path) : undefined;
    return found ? this.blobs.get(found[1]) : undefined;
  }
  /** The files of a branch (path → text). */
  filesOf(branch: string): Record<string, string> {
    const head = this.refs.get(branch);
    if (!head) return {};
    return Object.fromEntries(this.flatten(this.commits.get(head)!.tree).map(([p, s]) => [p, this.blobs.get(s)!.toString("utf8")]));
  }
  isAncestor(ancestor: string, of: string): boolean {
    const seen = new Set<string>();
    const stack = [of];
    while (stack.length) {
      const c = stack.pop()!;
      if (c === ancestor) return true;
      if (seen.has(c)) continue;
      seen.add(c);
      stack.push(...(this.commits.get(c)?.parents ?? []));
    }
    return false;
  }
  openIssue(fields: Partial<Issue>): Issue {
    const issue: Issue = { number: this.nextNumber++, title: "Register a library", body: "", state: "open", labels: [], comments: [], ...fields };
    this.issues.set(issue.number, issue);
    return issue;
  }
  /** The next request matching method and path answers this instead. */
  fail(method: string, path: RegExp, status: number, headers?: Record<string, string>, body?: any): void {
    this.faults.push({ method, path, status, headers, body });
  }
  /** Requests other than reads. */
  writes(): Recorded[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  // ---- HTTP ------------------------------------------------------------------------------------
  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.base);
    const method = req.method ?? "GET";
    const body = raw ? JSON.parse(raw) : undefined;
    this.requests.push({ method, path: decodeURIComponent(url.pathname) + url.search, body });
    const send = (status: number, value?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
      res.end(value === undefined ? "" : JSON.stringify(value));
    };
    const auth = req.headers.authorization ?? "";
    if (auth !== `token ${this.token}` && auth !== `bearer ${this.token}` && auth !== `Bearer ${this.token}`) {
      return send(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    }
    const i = this.faults.findIndex((f) => f.method === method && f.path.test(decodeURIComponent(url.pathname)));
    if (i >= 0) {
      const [f] = this.faults.splice(i, 1);
      return send(f.status, f.body ?? { message: `injected ${f.status}` }, f.headers);
    }
    try {
      const out = this.route(method, decodeURIComponent(url.pathname), url.searchParams, body);
      send(out[0], out[1]);
    } catch (err) {
      send(500, { message: String((err as Error).stack) });
    }
  }

  private pullJson(p: Pull) {
    return {
      number: p.number,
      state: p.state,
      title: p.title,
      body: p.body,
      merged: p.merged,
      html_url: `https://github.example/${this.repository}/pull/${p.number}`,
      head: { ref: p.head, sha: this.refs.get(p.head) ?? "", label: `${this.owner}:${p.head}` },
      base: { ref: p.base, sha: this.refs.get(p.base) ?? "" },
    };
  }
  private issueJson(i: Issue) {
    return { number: i.number, title: i.title, body: i.body, state: i.state, labels: i.labels.map((name) => ({ name })), html_url: `https://github.example/${this.repository}/issues/${i.number}` };
  }

  private route(method: string, path: string, q: URLSearchParams, body: any): [number, unknown?] {
    const prefix = `/repos/${this.owner}/${this.name}`;
    if (!path.startsWith(prefix)) return [404, { message: "Not Found" }];
    const p = path.slice(prefix.length);
    let m: RegExpExecArray | null;
    const notFound: [number, unknown] = [404, { message: "Not Found" }];

    if (method === "GET" && p === "") return [200, { full_name: this.repository, default_branch: "main" }];
    if (method === "GET" && (m = /^\/git\/ref\/heads\/(.+)$/.exec(p))) {
      const s = this.refs.get(m[1]);
      return s ? [200, { ref: `refs/heads/${m[1]}`, object: { sha: s, type: "commit" } }] : notFound;
    }
    if (method === "GET" && (m = /^\/git\/commits\/([0-9a-f]+)$/.exec(p))) {
      const c = this.commits.get(m[1]);
      return c ? [200, { sha: m[1], message: c.message, tree: { sha: c.tree }, parents: c.parents.map((sha) => ({ sha })) }] : notFound;
    }
    if (method === "GET" && (m = /^\/git\/trees\/([0-9a-f]+)$/.exec(p))) {
      const t = this.trees.get(m[1]);
      return t ? [200, { sha: m[1], truncated: false, tree: t }] : notFound;
    }
    if (method === "GET" && (m = /^\/git\/blobs\/([0-9a-f]+)$/.exec(p))) {
      const b = this.blobs.get(m[1]);
      return b ? [200, { sha: m[1], encoding: "base64", content: b.toString("base64"), size: b.length }] : notFound;
    }
    if (method === "POST" && p === "/git/blobs") {
      const bytes = body.encoding === "base64" ? Buffer.from(String(body.content), "base64") : Buffer.from(String(body.content), "utf8");
      return [201, { sha: this.putBlob(bytes) }];
    }
    if (method === "POST" && p === "/git/trees") {
      const files: Record<string, string | Buffer | null> = {};
      for (const e of body.tree) {
        if (e.sha && !this.blobs.has(e.sha)) return [422, { message: "Blob SHA does not exist" }];
        files[e.path] = e.content ?? (e.sha ? this.blobs.get(e.sha)! : null);
      }
      return [201, { sha: this.treeWith(files, body.base_tree) }];
    }
    if (method === "POST" && p === "/git/commits") {
      if (!this.trees.has(body.tree) || !body.parents.every((s: string) => this.commits.has(s))) return [422, { message: "Tree or parent SHA does not exist" }];
      return [201, { sha: this.commit(body.tree, body.parents, body.message) }];
    }
    if (method === "POST" && p === "/git/refs") {
      const name = String(body.ref).replace(/^refs\/heads\//, "");
      if (this.refs.has(name)) return [422, { message: "Reference already exists" }];
      this.refs.set(name, body.sha);
      return [201, { ref: body.ref, object: { sha: body.sha } }];
    }
    if (method === "PATCH" && (m = /^\/git\/refs\/heads\/(.+)$/.exec(p))) {
      const current = this.refs.get(m[1]);
      if (!current) return [422, { message: "Reference does not exist" }];
      if (!body.force && !this.isAncestor(current, body.sha)) return [422, { message: "Update is not a fast forward" }];
      this.refs.set(m[1], body.sha);
      return [200, { ref: `refs/heads/${m[1]}`, object: { sha: body.sha } }];
    }
    if (method === "DELETE" && (m = /^\/git\/refs\/heads\/(.+)$/.exec(p))) {
      if (!this.refs.delete(m[1])) return [422, { message: "Reference does not exist" }];
      for (const pr of this.pulls) if (pr.head === m[1] && pr.state === "open") pr.state = "closed";
      return [204];
    }
    if (method === "GET" && p === "/pulls") {
      const head = q.get("head");
      const state = q.get("state") ?? "open";
      return [200, this.pulls.filter((pr) => (!head || `${this.owner}:${pr.head}` === head) && (state === "all" || pr.state === state)).map((pr) => this.pullJson(pr))];
    }
    if (method === "POST" && p === "/pulls") {
      if (!this.refs.has(body.head)) return [422, { message: "Validation Failed", errors: [{ field: "head", code: "invalid" }] }];
      if (this.pulls.some((pr) => pr.head === body.head && pr.state === "open")) return [422, { message: `A pull request already exists for ${this.owner}:${body.head}.` }];
      const pr: Pull = { number: this.nextNumber++, head: body.head, base: body.base, title: body.title, body: body.body ?? "", state: "open", merged: false };
      this.pulls.push(pr);
      this.issues.set(pr.number, { number: pr.number, title: pr.title, body: pr.body, state: "open", labels: [], comments: [] });
      return [201, this.pullJson(pr)];
    }
    if ((m = /^\/pulls\/(\d+)(\/files)?$/.exec(p))) {
      const pr = this.pulls.find((x) => x.number === Number(m![1]));
      if (!pr) return notFound;
      if (method === "PATCH") {
        Object.assign(pr, { title: body.title ?? pr.title, body: body.body ?? pr.body, state: body.state ?? pr.state });
        return [200, this.pullJson(pr)];
      }
      if (method === "GET") {
        const base = new Map(this.flatten(this.commits.get(this.refs.get(pr.base)!)!.tree));
        const head = new Map(this.flatten(this.commits.get(this.refs.get(pr.head)!)!.tree));
        const files: { filename: string; status: string; sha: string }[] = [];
        for (const [f, s] of head) if (base.get(f) !== s) files.push({ filename: f, status: base.has(f) ? "modified" : "added", sha: s });
        for (const [f, s] of base) if (!head.has(f)) files.push({ filename: f, status: "removed", sha: s });
        return [200, files];
      }
    }
    if (method === "GET" && p === "/issues") {
      const labels = (q.get("labels") ?? "").split(",").filter(Boolean);
      const state = q.get("state") ?? "open";
      const list = [...this.issues.values()].filter((i) => !this.pulls.some((pr) => pr.number === i.number) && (state === "all" || i.state === state) && labels.every((l) => i.labels.includes(l)));
      return [200, list.map((i) => this.issueJson(i))];
    }
    if (method === "POST" && p === "/issues") {
      const issue = this.openIssue({ title: body.title, body: body.body ?? "", labels: body.labels ?? [] });
      return [201, this.issueJson(issue)];
    }
    if ((m = /^\/issues\/(\d+)(?:\/(comments|labels)(?:\/(.+))?)?$/.exec(p))) {
      const issue = this.issues.get(Number(m[1]));
      if (!issue) return notFound;
      if (!m[2] && method === "PATCH") {
        Object.assign(issue, { state: body.state ?? issue.state, body: body.body ?? issue.body, title: body.title ?? issue.title });
        return [200, this.issueJson(issue)];
      }
      if (m[2] === "comments" && method === "GET") return [200, issue.comments];
      if (m[2] === "comments" && method === "POST") {
        const c = { id: this.nextComment++, body: body.body };
        issue.comments.push(c);
        return [201, c];
      }
      if (m[2] === "labels" && method === "POST") {
        for (const l of body.labels) if (!issue.labels.includes(l)) issue.labels.push(l);
        return [200, issue.labels.map((name) => ({ name }))];
      }
      if (m[2] === "labels" && method === "DELETE" && m[3]) {
        if (!issue.labels.includes(m[3])) return [404, { message: "Label does not exist" }];
        issue.labels = issue.labels.filter((l) => l !== m![3]);
        return [200, issue.labels.map((name) => ({ name }))];
      }
    }
    if (method === "PATCH" && (m = /^\/issues\/comments\/(\d+)$/.exec(p))) {
      for (const i of this.issues.values()) {
        const c = i.comments.find((x) => x.id === Number(m![1]));
        if (c) {
          c.body = body.body;
          return [200, c];
        }
      }
      return notFound;
    }
    return [404, { message: `stand-in: no route for ${method} ${p}` }];
  }
}
