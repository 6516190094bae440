// registry.config.yaml: one file at the repository root, validated by a JSON Schema, with defaults
// filled in here so the rest of the code reads a complete value.
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Ajv } from "ajv";
import { configSchema as schema, type RawConfig } from "./schemas/config.schema.ts";
import type { DirectoryConfig } from "../directory/types.ts";
import { ajvErrorsToSource, formatSourceError, parseYamlSource, type SourceError } from "./yaml-source.ts";

export interface ReadingApp {
  name: string;
  url: string;
  how?: string;
}

export interface RegistryConfig {
  title: string;
  base_url: string;
  register_url: string | null;
  terms_of_service_url: string | null;
  adobe_vendor_id: string | null;
  page_size: number;
  /** The reading apps each library page explains (name, where to get it, how to add a library). */
  reading_apps: ReadingApp[];
  libraries_dir: string; // absolute
  out_dir: string; // absolute
  fetch: {
    timeout_seconds: number;
    deadline_seconds: number;
    max_bytes: number;
    max_redirects: number;
    concurrency: number;
    cache_seconds: number;
    cache_dir: string; // absolute
    allow_hosts: string[];
    user_agent: string;
    check_link_back: boolean;
  };
  policy: {
    require_help: boolean;
    require_copyright_agent: boolean;
    require_service_area: boolean;
    help_schemes: string[];
    min_key_bits: number;
    allow_legacy_flow: boolean;
    reject_unresolved_places: boolean;
  };
  keys: { public_key: string }; // absolute
  /** Where `registry serve` records a registration: the libraries folder, or a pull request through the GitHub API. */
  register: { persist: "folder" | "github" };
  refresh: { fail_issue_after_days: number };
  /** Where the config was read from (absolute), or null for defaults. */
  source: string | null;
}

export const DEFAULT_CONFIG_FILE = "registry.config.yaml";

export class ConfigError extends Error {
  constructor(public errors: SourceError[]) {
    super(errors.map(formatSourceError).join("\n"));
  }
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(schema);

/** Reads the config (default `registry.config.yaml` in `cwd`); a missing default file means defaults. */
export function loadConfig(file?: string, cwd = process.cwd()): RegistryConfig {
  const path = resolve(cwd, file ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (file) throw new ConfigError([{ file, line: 1, column: 1, message: "config file not found" }]);
    return withDefaults({ title: "Library Registry", base_url: "http://localhost:8080" }, cwd, null);
  }
  const { parsed, errors } = parseYamlSource(file ?? DEFAULT_CONFIG_FILE, readFileSync(path, "utf8"));
  if (!parsed) throw new ConfigError(errors);
  if (!validate(parsed.value)) {
    throw new ConfigError(ajvErrorsToSource(parsed, validate.errors, { base_url: "must be an http(s) URL without a trailing slash" }));
  }
  return withDefaults(parsed.value as RawConfig, dirname(path), path);
}

/** The config with every default filled in; `raw` may omit anything (tests and the demo pass partial values). */
export function withDefaults(raw: Partial<RawConfig>, baseDir: string, source: string | null): RegistryConfig {
  const f = raw.fetch ?? {};
  const p = raw.policy ?? {};
  return {
    title: raw.title ?? "Library Registry",
    base_url: raw.base_url ?? "http://localhost:8080",
    register_url: raw.register_url ?? null,
    terms_of_service_url: raw.terms_of_service_url ?? null,
    adobe_vendor_id: raw.adobe_vendor_id ?? null,
    page_size: raw.page_size ?? 100,
    reading_apps: (raw.reading_apps ?? []).map((a) => ({ ...a })),
    libraries_dir: resolve(baseDir, raw.libraries_dir ?? "libraries"),
    out_dir: resolve(baseDir, raw.out_dir ?? "dist"),
    fetch: {
      timeout_seconds: f.timeout_seconds ?? 10,
      deadline_seconds: f.deadline_seconds ?? 30,
      max_bytes: f.max_bytes ?? 5 * 1024 * 1024,
      max_redirects: f.max_redirects ?? 5,
      concurrency: f.concurrency ?? 16,
      cache_seconds: f.cache_seconds ?? 3600,
      cache_dir: resolve(baseDir, f.cache_dir ?? ".cache/fetch"),
      allow_hosts: f.allow_hosts ?? [],
      user_agent: f.user_agent ?? "opds-library-registry/0.1",
      check_link_back: f.check_link_back ?? true,
    },
    policy: {
      require_help: p.require_help ?? true,
      require_copyright_agent: p.require_copyright_agent ?? false,
      require_service_area: p.require_service_area ?? false,
      help_schemes: p.help_schemes ?? ["mailto", "http", "https", "tel"],
      min_key_bits: p.min_key_bits ?? 2048,
      allow_legacy_flow: p.allow_legacy_flow ?? true,
      reject_unresolved_places: p.reject_unresolved_places ?? false,
    },
    keys: { public_key: resolve(baseDir, raw.keys?.public_key ?? "registry-public-key.pem") },
    register: { persist: raw.register?.persist ?? "folder" },
    refresh: { fail_issue_after_days: raw.refresh?.fail_issue_after_days ?? 7 },
    source,
  };
}

/** What the pure directory builders need of the config. */
export function directoryConfig(cfg: RegistryConfig): DirectoryConfig {
  return {
    title: cfg.title,
    base_url: cfg.base_url,
    register_url: cfg.register_url ?? undefined,
    adobe_vendor_id: cfg.adobe_vendor_id,
    page_size: cfg.page_size,
    reading_apps: cfg.reading_apps,
  };
}
