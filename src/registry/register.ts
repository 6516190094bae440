// The registration handshake, free of CLI and HTTP details: the `registry register` command, the
// POST /register endpoint and the GitHub automation all call `registerLibrary`. Nothing is written
// unless every check passed; concurrent registrations decide and write one at a time.
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { problem, aggregate, type Problem } from "../opds/problem.ts";
import { REL } from "../opds/media-types.ts";
import { entriesCacheFile, loadEntries, type LibraryEntry } from "./entries.ts";
import { LockBusy, librariesLock, writeEntry } from "./entry-store.ts";
import { formatSourceError } from "./yaml-source.ts";
import { discoverLibrary } from "./discover.ts";
import type { Fetcher } from "./fetcher.ts";
import { policyOf } from "./policy.ts";
import { unresolvedPlaceProblems } from "./places.ts";
import { resolveLibraryAreas } from "../geo/index.ts";
import { slugFor } from "./slug.ts";
import { parseLibraryPublicKey } from "./public-key.ts";
import { encryptSharedSecret, generateSharedSecret, isExplicitTrue, parseBearer } from "./shared-secret.ts";
import { findByBearerIn, secretDigest } from "./bearer.ts";
import { decideContact } from "./contact.ts";
import { newShortName } from "./short-name.ts";
import { seal, unseal } from "./sealed.ts";
import { isoSeconds, sameInfo, snapshotInfo } from "./snapshot.ts";
import { buildLibraryEntry } from "../directory/entry.ts";
import { directoryConfig, type RegistryConfig } from "./config.ts";
import { LogoStore } from "./logo-store.ts";
import { publishedInfo } from "./published-info.ts";

export interface RegistrationRequest {
  url?: string;
  contact?: string;
  stage?: string;
  /** The raw `Authorization` header. */
  authorization?: string;
  reset_shared_secret?: string;
}

export interface RegistrationContext {
  config: RegistryConfig;
  librariesDir?: string;
  fetch: Fetcher;
  /** SPKI PEM of the registry's own key: seals secrets and contacts. Null: no secrets issued. */
  registryPublicKey: string | null;
  /** PEM; needed to read back a stored secret (Bearer checks, re-sending the secret). */
  registryPrivateKey: string | null;
  now?: () => Date;
  /** How long a registration waits for another process's lock on the folder before answering 503 (default 30 s). */
  lockWaitMs?: number;
}

export type RegistrationResult =
  | { ok: true; status: 200 | 201; document: Record<string, any>; slug: string; path: string; entry: LibraryEntry; warnings: Problem[] }
  | { ok: false; problem: Problem };

const fail = (p: Problem): RegistrationResult => ({ ok: false, problem: p });

function checkForm(req: RegistrationRequest): Problem[] {
  const errors: Problem[] = [];
  const url = req.url?.trim();
  if (!url) {
    errors.push(problem("noUrl", "You must provide the URL to an Authentication For OPDS document to register a library."));
  } else {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      errors.push(problem("invalidForm", `url '${url}' is not an absolute URL`));
    }
    if (parsed && parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      errors.push(problem("unsupportedScheme", `url '${url}' uses ${parsed.protocol}; only http and https are accepted`));
    }
  }
  // B11: a library may ask for testing or production; cancelling is the maintainers' decision.
  if (req.stage !== undefined && req.stage !== "" && req.stage !== "testing" && req.stage !== "production") {
    errors.push(problem("invalidForm", `stage must be testing or production, not '${req.stage}'`));
  }
  if (req.contact !== undefined && req.contact !== "" && !/^mailto:[^@\s]+@[^@\s]+$/i.test(req.contact)) {
    errors.push(problem("invalidForm", `contact must be a mailto: URI such as mailto:ebooks@library.example, not '${req.contact}'`));
  }
  return errors;
}

export async function registerLibrary(req: RegistrationRequest, ctx: RegistrationContext): Promise<RegistrationResult> {
  const cfg = ctx.config;
  const dir = ctx.librariesDir ?? cfg.libraries_dir;
  const now = ctx.now ?? (() => new Date());

  const formErrors = checkForm(req);
  const bearer = parseBearer(req.authorization);
  if ("problem" in bearer) formErrors.push(bearer.problem);
  if (formErrors.length) return fail(aggregate(formErrors));
  const url = req.url!.trim();
  const secret = "secret" in bearer ? bearer.secret : undefined;

  // Elevated caller: the Bearer must match a stored secret, else nothing happens (401).
  let elevatedId: string | undefined;
  if (secret !== undefined) {
    if (!ctx.registryPrivateKey) {
      return fail(problem("noRegistryKey", "This registry cannot check a shared secret: its private key is not configured (REGISTRY_PRIVATE_KEY or REGISTRY_PRIVATE_KEY_FILE)."));
    }
    const match = findByBearerIn(dir, secret, url, ctx.registryPrivateKey);
    if (!match) return fail(problem("credentialsInvalid", "Provided shared secret is invalid"));
    elevatedId = match.entry.id;
  }

  // One deadline for the whole handshake, all documents and redirects together (and the logo).
  const deadline = AbortSignal.timeout(cfg.fetch.deadline_seconds * 1000);
  const found = await discoverLibrary(url, {
    signal: deadline,
    fetch: ctx.fetch,
    policy: policyOf(cfg),
    checkLinkBack: true,
    allowLegacy: cfg.policy.allow_legacy_flow,
  });
  if (!found.ok) return fail(aggregate(found.errors, found.warnings));
  const warnings = [...found.warnings];
  // Unresolved place names are warnings (the reference failed the registration), unless policy says so.
  // Resolved without the process-wide memo: a stranger's values must not fill it.
  const placeProblems = unresolvedPlaceProblems(resolveLibraryAreas(found.info.service_area, found.info.focus_area));
  if (placeProblems.length && cfg.policy.reject_unresolved_places) return fail(aggregate(placeProblems, warnings));
  warnings.push(...placeProblems);

  // B7: the key is checked before anything is stored.
  let libraryKey: string | undefined;
  if (found.publicKey !== undefined) {
    const parsed = parseLibraryPublicKey(found.publicKey, { minBits: cfg.policy.min_key_bits });
    if (!parsed.ok) return fail(aggregate([parsed.problem], warnings));
    libraryKey = parsed.spkiPem;
  }

  // The logo is fetched once, checked and converted here, as the build does; a bad logo is a
  // warning, never a failed registration. The snapshot names it by hash, never as a data: URI.
  const logos = new LogoStore({ committedDir: join(dir, "logos"), cacheDir: join(dirname(cfg.fetch.cache_dir), "logos") });
  const published = await publishedInfo(found.info, { store: logos, fetch: ctx.fetch, signal: deadline });
  logos.save();
  for (const w of published.warnings) warnings.push(problem("invalidDocument", w));

  const decideAndWrite = async (): Promise<RegistrationResult> => {
    // Re-read inside the lock: another registration may have written since. The build's parse
    // cache spares a new process (the GitHub Action, `registry register`, a fresh `registry
    // serve`) parsing every entry (2.5 s at 10,000); each file is still checked against its stamp.
    const { entries, errors } = loadEntries(dir, { cacheFile: entriesCacheFile(cfg.fetch.cache_dir), saveCache: false });
    if (errors.length) {
      return fail(problem("recordsInvalid", `The registry's library records are invalid; a maintainer must fix them first: ${errors.map(formatSourceError).join("; ")}`));
    }
    const existing = elevatedId
      ? entries.find((e) => e.entry.id === elevatedId)
      : entries.find((e) => e.entry.url === found.authUrl) ?? entries.find((e) => e.entry.url === url);
    const prior = existing?.entry;
    const taken = entries.find((e) => e !== existing && e.entry.url === found.authUrl);
    if (taken) {
      // Moving to a URL another record holds would leave two records for one document.
      return fail(problem("invalidForm", `${found.authUrl} is already registered as another library (${taken.slug}); a maintainer must merge the two records`));
    }
    // Without a stage, a new library asks for production (the reference's default) and a known
    // one keeps what it asked for before.
    const stage = (req.stage || prior?.library_stage || "production") as LibraryEntry["library_stage"];
    if (prior && prior.library_stage === "production" && prior.registry_stage === "production" && stage !== "production") {
      return fail(problem("invalidStage", `${prior.url} is live in production; a maintainer can take it out, the library cannot.`));
    }
    // A library holding a secret proves who it is before its stage changes.
    const owner = elevatedId !== undefined;
    if (prior?.shared_secret && !owner && stage !== prior.library_stage) {
      return fail(problem("credentialsInvalid", `Changing the stage of ${prior.url} needs the library's shared secret (Authorization: Bearer …).`));
    }
    const when = isoSeconds(now());
    const changed = !prior?.snapshot || !sameInfo(published.info, snapshotInfo(prior.snapshot));
    const entry: LibraryEntry = {
      ...(prior ?? {}),
      id: prior?.id ?? `urn:uuid:${randomUUID()}`,
      url: found.authUrl,
      library_stage: stage,
      registry_stage: prior?.registry_stage ?? "testing",
      created: prior?.created ?? when,
      updated: changed ? when : prior?.updated ?? when,
      snapshot: { validated: when, ...published.info },
    };
    const metadataExtras: Record<string, string> = {};

    if (libraryKey) {
      if (!ctx.registryPublicKey) {
        warnings.push(problem("noRegistryKey", "This registry issues no shared secrets (it has no key of its own); public_key was not used."));
      } else {
        const taken = new Set(entries.map((e) => e.entry.short_name).filter((s): s is string => !!s));
        entry.short_name ??= newShortName(taken);
        let plain: string | undefined;
        const reset = elevatedId !== undefined && isExplicitTrue(req.reset_shared_secret);
        if (!prior?.shared_secret || reset) {
          plain = generateSharedSecret();
          entry.shared_secret = seal(plain, ctx.registryPublicKey);
          entry.shared_secret_sha256 = secretDigest(plain);
        } else if (ctx.registryPrivateKey) {
          plain = unseal(prior.shared_secret, ctx.registryPrivateKey);
          entry.shared_secret_sha256 = secretDigest(plain);
        } else {
          warnings.push(problem("noRegistryKey", "The current shared secret could not be re-sent: the registry's private key is not configured here. Your stored secret is unchanged."));
        }
        metadataExtras.short_name = entry.short_name;
        if (plain) metadataExtras.shared_secret = encryptSharedSecret(plain, libraryKey);
      }
    }

    const contact = decideContact({ requested: req.contact || undefined, prior, elevated: owner, keys: ctx });
    if (contact.problem) return fail(contact.problem);
    warnings.push(...contact.warnings);
    for (const k of ["contact", "contact_pending"] as const) {
      if (contact.entry[k] === undefined) delete entry[k];
      else entry[k] = contact.entry[k];
    }

    const slug = existing?.slug ?? slugFor(found.info.title, new Set(entries.map((e) => e.slug)));
    const path = existing?.path ?? join(dir, `${slug}.yaml`);
    // The PNG first: an entry is never written naming a logo file that is not there.
    if (published.info.logo_png && !logos.keep(published.info.logo_png)) delete entry.snapshot!.logo_png;
    writeEntry(path, entry);

    const document = registrationDocument(entry, slug, cfg, metadataExtras, contact.shown);
    if (warnings.length) document.warnings = warnings;
    return { ok: true, status: prior ? 200 : 201, document, slug, path, entry, warnings } as RegistrationResult;
  };

  try {
    return await librariesLock(dir).run(decideAndWrite, { waitMs: ctx.lockWaitMs });
  } catch (err) {
    // A writer that holds the folder longer than we wait: busy, never a 500.
    if (err instanceof LockBusy) return fail(problem("busy", `Another registration is being written; try again in a minute. (${err.message})`));
    throw err;
  }
}


/** The registration document: the library's directory entry plus what only the library sees. */
export function registrationDocument(entry: LibraryEntry, slug: string, cfg: RegistryConfig, extras: Record<string, string>, contact?: string): Record<string, any> {
  const lib = {
    id: entry.id,
    slug,
    url: entry.url,
    library_stage: entry.library_stage,
    registry_stage: entry.registry_stage,
    updated: entry.updated!,
    info: snapshotInfo(entry.snapshot!),
  };
  const doc = buildLibraryEntry(lib, directoryConfig(cfg)) as Record<string, any>;
  doc.metadata = { ...doc.metadata, ...extras };
  if (contact) {
    doc.links = [...(doc.links ?? []), { rel: REL.integrationContact, href: contact }];
  }
  return doc;
}
