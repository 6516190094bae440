// A Bearer, right or wrong, costs no private-key operation per library: each entry keeps the
// SHA-256 of its secret beside the sealed value. Entries written before digests existed still work.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { seal, unseal } from "../../src/registry/sealed.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findByBearer, findByBearerIn, secretDigest } from "../../src/registry/bearer.ts";
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

test.run();
