import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync, privateDecrypt, constants } from "node:crypto";
import type { AddressInfo } from "node:net";
import { withDefaults } from "../../src/registry/config.ts";
import { startSampleLibraries, type SampleLibrary } from "../../src/demo/sample-libraries.ts";
import { createRegistryServer, type ServeOptions } from "../../src/server/server.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { generateRegistryKeyPair } from "../../src/registry/registry-keys.ts";
import { buildDirectory } from "../../src/build/build.ts";
import { loadEntries } from "../../src/registry/entries.ts";
import { writeEntry } from "../../src/registry/entry-store.ts";
import { intOption, parseCommandArgs } from "../args.ts";
import { summarize } from "./build.ts";
import { help, options } from "../specs/demo.ts";

export { help };

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, options, help);
  const port = intOption(values.port, "port", 0, 65535) ?? 8080;
  const work = mkdtempSync(join(tmpdir(), "registry-demo-"));
  const cleanup = () => rmSync(work, { recursive: true, force: true });

  const keyOf = () => generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  const samples: (SampleLibrary & { privateKey?: string })[] = [
    { slug: "springfield", title: "Springfield Public Library (demo)", flavor: "opds1" },
    { slug: "shelbyville", title: "Shelbyville Digital Branch (demo)", flavor: "opds2" },
    { slug: "ogdenville", title: "Ogdenville Open Books (demo)", flavor: "anonymous" },
    { slug: "capital-city", title: "Capital City Library (demo)", flavor: "behind-401" },
  ];
  for (const s of samples.slice(0, 2)) {
    const k = keyOf();
    s.publicKeyPem = k.publicKey;
    s.privateKey = k.privateKey;
  }
  const libs = await startSampleLibraries(samples);

  const registryKeys = generateRegistryKeyPair(2048);
  writeFileSync(join(work, "registry-public-key.pem"), registryKeys.publicKeyPem);
  const holder: ServeOptions = { outDir: join(work, "dist") };
  const server = createRegistryServer(holder);
  try {
    await new Promise<void>((ok, ko) => {
      server.once("error", ko);
      server.listen(port, "127.0.0.1", ok);
    });
  } catch (err) {
    // the sample libraries would keep the process alive: stop them before reporting
    await libs.close();
    cleanup();
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new Error(`port ${port} is in use; pass --port N, or --port 0 for any free port`);
    throw err;
  }
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = withDefaults(
    { title: "Demo Library Registry", base_url: base, register_url: `${base}/register`, fetch: { allow_hosts: ["127.0.0.1"], cache_seconds: 0 } },
    work,
    null,
  );
  holder.registration = registrationContext(config, { env: { REGISTRY_PRIVATE_KEY: registryKeys.privateKeyPem } });
  holder.termsOfServiceUrl = null;

  console.log(`Sample libraries at ${libs.base}; registry at ${base}; work folder ${work}\n`);
  for (const s of samples) {
    const url = libs.registrationUrl(s.slug);
    const res = await fetch(`${base}/register`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ url, stage: "production", contact: `mailto:it@${s.slug}.example` }),
    });
    const body = (await res.json()) as Record<string, any>;
    let secret = "";
    if (body.metadata?.shared_secret && s.privateKey) {
      const plain = privateDecrypt({ key: s.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(body.metadata.shared_secret, "base64")).toString();
      secret = `, short name ${body.metadata.short_name}, shared secret decrypted by the library: ${plain.slice(0, 8)}…`;
    }
    console.log(`POST /register url=${url}\n  → ${res.status} ${res.ok ? body.metadata?.title : body.detail}${secret}`);
  }

  // A maintainer reviews and approves two of them; the others stay in the QA feed.
  const { entries } = loadEntries(config.libraries_dir);
  for (const e of entries.filter((e) => /springfield|shelbyville/.test(e.slug))) {
    writeEntry(e.path, { ...e.entry, registry_stage: "production" });
    console.log(`approved ${e.slug} (registry_stage: production)`);
  }

  const built = await buildDirectory({ config });
  if (!built.ok) {
    console.error(built.errors.join("\n"));
    server.close();
    await libs.close();
    cleanup();
    return 1;
  }
  console.log(`\n${summarize(built.report, built.outDir, built.files, built.seconds)}\n`);
  const table: [string, string][] = [
    [`${base}/`, "the directory's web page"],
    [`${base}/root.json`, "OPDS 2 root catalog (give this URL to a circulation manager)"],
    [`${base}/libraries`, "production feed"],
    [`${base}/libraries/qa`, "QA feed (testing libraries too)"],
    [`${base}/libraries/crawlable?offset=0&size=113`, "what the Palace Android app crawls"],
    [`${base}/register`, "the registration endpoint"],
    [`${work}/libraries/`, "the records written by the registrations"],
  ];
  const width = Math.max(...table.map(([url]) => url.length)) + 2;
  console.log(`Open:\n${table.map(([url, what]) => `  ${url.padEnd(width)}${what}`).join("\n")}`);
  const sample = `${entries[0]?.slug}.yaml`;
  const record = readFileSync(join(work, "libraries", sample), "utf8").trimEnd();
  console.log(`\nA record as a registration wrote it (libraries/${sample}):\n${record.split("\n").map((l) => `    ${l}`).join("\n")}`);

  if (values.exit) {
    server.close();
    await libs.close();
    cleanup();
    return 0;
  }
  console.log("\nServing until Ctrl-C.");
  await new Promise<void>((ok) => {
    const stop = () => server.close(() => ok());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await libs.close();
  cleanup();
  return 0;
}
