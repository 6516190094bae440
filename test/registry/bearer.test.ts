// A Bearer, right or wrong, costs no private-key operation per library: each entry keeps the
// SHA-256 of its secret beside the sealed value. Entries written before digests existed still work.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { seal, unseal } from "../../src/registry/sealed.ts";
import { mkdtempSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as bearer from "../../src/registry/bearer.ts";
import { findByBearer, findByBearerIn, secretDigest, warmBearerIndex } from "../../src/registry/bearer.ts";
import { writeEntry } from "../../src/registry/entry-store.ts";
import { generateSharedSecret } from "../../src/registry/shared-secret.ts";
import type { LoadedEntry } from "../../src/registry/entries.ts";

const keys = generateRegistryKeyPair(2048);

function entries(n: number, opts: { digest: boolean }): { list: LoadedEntry[]; secrets: string[] } {
  const secrets: string[] = [];
  const list: LoadedEntry[] = [];
  // One sealed value shared by all: sealing is slow and what is compared here is the digest.
  const sealed = seal("x".repeat(48), keys.publicKeyPem);
  for (let i = 0; i < n; i++) {
    const secret = generateSharedSecret();
    secrets.push(secret);
    list.push({
      slug: `lib-${i}`,
      file: `libraries/lib-${i}.yaml`,
      path: `/tmp/lib-${i}.yaml`,
      entry: {
        id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        url: `https://lib${i}.example/auth`,
        library_stage: "production",
        registry_stage: "production",
        shared_secret: sealed,
        ...(opts.digest ? { shared_secret_sha256: secretDigest(secret) } : {}),
      },
    });
  }
  return { list, secrets };
}

function counting() {
  const calls = { n: 0 };
  const open = (s: string, k: string) => {
    calls.n++;
    return unseal(s, k);
  };
  return { calls, open };
}

test("the digest is the SHA-256 of the secret string, in lowercase hex", () => {
  assert.is(secretDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test("a wrong Bearer over 500 libraries unseals nothing", () => {
  const { list } = entries(500, { digest: true });
  const { calls, open } = counting();
  assert.is(findByBearer(list, "0".repeat(48), list[3].entry.url, keys.privateKeyPem, open), undefined);
  assert.is(calls.n, 0);
});

test("a right Bearer finds its library among 500, wherever it registers from, and unseals nothing", () => {
  const { list, secrets } = entries(500, { digest: true });
  const { calls, open } = counting();
  assert.is(findByBearer(list, secrets[321], "https://moved.example/auth", keys.privateKeyPem, open), list[321]);
  assert.is(calls.n, 0);
});

test("an entry sealed before digests existed is matched at its own URL with one unseal, never by scanning", () => {
  const { list } = entries(50, { digest: false });
  const secret = generateSharedSecret();
  list[7] = { ...list[7], entry: { ...list[7].entry, shared_secret: seal(secret, keys.publicKeyPem) } };
  const right = counting();
  assert.is(findByBearer(list, secret, list[7].entry.url, keys.privateKeyPem, right.open), list[7]);
  assert.is(right.calls.n, 1);
  const wrong = counting();
  assert.is(findByBearer(list, "1".repeat(48), list[7].entry.url, keys.privateKeyPem, wrong.open), undefined);
  assert.ok(wrong.calls.n <= 1, `${wrong.calls.n} unseals`);
  const elsewhere = counting();
  assert.is(findByBearer(list, secret, "https://nowhere.example/auth", keys.privateKeyPem, elsewhere.open), undefined);
  assert.is(elsewhere.calls.n, 0);
});

test("the folder's digest index finds a library, and follows a rotation written since", () => {
  const dir = mkdtempSync(join(tmpdir(), "bearer-index-"));
  const { list, secrets } = entries(20, { digest: true });
  list.forEach((e) => writeEntry(join(dir, `${e.slug}.yaml`), e.entry));
  const found = findByBearerIn(dir, secrets[5], "https://elsewhere.example/auth", keys.privateKeyPem);
  assert.is(found?.entry.id, list[5].entry.id);
  assert.is(findByBearerIn(dir, "2".repeat(48), list[5].entry.url, keys.privateKeyPem), undefined);
  // Rotation: the file now holds another secret's digest; the old secret stops working at once.
  const fresh = generateSharedSecret();
  writeEntry(join(dir, `${list[5].slug}.yaml`), { ...list[5].entry, shared_secret_sha256: secretDigest(fresh) });
  assert.is(findByBearerIn(dir, secrets[5], list[5].entry.url, keys.privateKeyPem), undefined);
  assert.is(findByBearerIn(dir, fresh, list[5].entry.url, keys.privateKeyPem)?.entry.id, list[5].entry.id);
});

test("after the index is read, a Bearer reads at most two entry files, whatever the folder holds and after a registration", () => {
  const dir = mkdtempSync(join(tmpdir(), "bearer-cost-"));
  const { list, secrets } = entries(300, { digest: true });
  list.forEach((e) => writeEntry(join(dir, `${e.slug}.yaml`), e.entry));
  warmBearerIndex(dir);
  const reads = () => bearer.bearerIndexReads;
  let before = reads();
  assert.is(findByBearerIn(dir, "3".repeat(48), list[9].entry.url, keys.privateKeyPem), undefined);
  assert.ok(reads() - before <= 1, `wrong Bearer read ${reads() - before} files`);
  // A registration in this process (a new library, by rename) changes the folder; the next
  // Bearer lists the folder but reads no entry again.
  const added = entries(301, { digest: true });
  const newcomer = { ...added.list[300].entry, id: "urn:uuid:00000000-0000-4000-8000-aaaaaaaaaaaa", url: "https://new.example/auth" };
  writeEntry(join(dir, "newcomer.yaml"), newcomer);
  before = reads();
  assert.is(findByBearerIn(dir, "3".repeat(48), list[9].entry.url, keys.privateKeyPem), undefined);
  assert.ok(reads() - before <= 1, `wrong Bearer after a registration read ${reads() - before} files`);
  before = reads();
  assert.is(findByBearerIn(dir, added.secrets[300], newcomer.url, keys.privateKeyPem)?.entry.id, newcomer.id);
  assert.is(findByBearerIn(dir, secrets[123], "https://moved.example/auth", keys.privateKeyPem)?.entry.id, list[123].entry.id);
  assert.ok(reads() - before <= 2, `two right Bearers read ${reads() - before} files`);
});

test("changes made by someone else are seen: a file added, a file removed, a secret rotated in place", () => {
  const dir = mkdtempSync(join(tmpdir(), "bearer-external-"));
  const { list, secrets } = entries(10, { digest: true });
  list.slice(0, 8).forEach((e) => writeEntry(join(dir, `${e.slug}.yaml`), e.entry));
  warmBearerIndex(dir);
  // Added by a pull (not through this process): found by digest from any URL.
  const path8 = join(dir, `${list[8].slug}.yaml`);
  writeFileSync(path8, `id: ${list[8].entry.id}\nurl: ${list[8].entry.url}\nlibrary_stage: production\nregistry_stage: production\nshared_secret: ${list[8].entry.shared_secret}\nshared_secret_sha256: ${list[8].entry.shared_secret_sha256}\n`);
  assert.is(findByBearerIn(dir, secrets[8], "https://moved.example/auth", keys.privateKeyPem)?.entry.id, list[8].entry.id);
  // Removed: its secret no longer opens anything.
  unlinkSync(join(dir, `${list[2].slug}.yaml`));
  assert.is(findByBearerIn(dir, secrets[2], list[2].entry.url, keys.privateKeyPem), undefined);
  // Rotated in place by an editor that writes the file itself (the folder's mtime may not change).
  const path3 = join(dir, `${list[3].slug}.yaml`);
  const fresh = generateSharedSecret();
  writeFileSync(path3, readFileSync(path3, "utf8").replace(list[3].entry.shared_secret_sha256!, secretDigest(fresh)));
  assert.is(findByBearerIn(dir, secrets[3], list[3].entry.url, keys.privateKeyPem), undefined, "the old secret stops at once");
  assert.is(findByBearerIn(dir, fresh, list[3].entry.url, keys.privateKeyPem)?.entry.id, list[3].entry.id, "the new one works at the library's URL at once");
  assert.is(findByBearerIn(dir, fresh, "https://moved.example/auth", keys.privateKeyPem)?.entry.id, list[3].entry.id, "and from anywhere once the index has read the file");
});

test("a Short Client Token's library is found by short name through the same index: one file read, new libraries at once", async () => {
  const { librarySecretLookup } = await import("../../src/registry/library-secrets.ts");
  const dir = mkdtempSync(join(tmpdir(), "bearer-short-"));
  const { list } = entries(200, { digest: true });
  list.forEach((e, i) => writeEntry(join(dir, `${e.slug}.yaml`), { ...e.entry, short_name: `S${i}` }));
  const lookup = librarySecretLookup(dir, keys.privateKeyPem);
  assert.is(lookup("S7"), "x".repeat(48)); // the entries share one sealed value (see entries())
  const before = bearer.bearerIndexReads;
  assert.is(lookup("S150"), "x".repeat(48));
  assert.is(lookup("NOPE"), undefined);
  assert.ok(bearer.bearerIndexReads - before <= 1, `${bearer.bearerIndexReads - before} files read`);
  // registered after the lookup was made: found at once, its own secret
  const secret = generateSharedSecret();
  writeFileSync(join(dir, "late.yaml"), `id: urn:uuid:00000000-0000-4000-8000-00000000beef\nurl: https://late.example/auth\nlibrary_stage: production\nregistry_stage: production\nshort_name: LATE\nshared_secret: ${seal(secret, keys.publicKeyPem)}\n`);
  assert.is(lookup("LATE"), secret);
});

test.run();
