// The catalogs-aware OPDS 2 schema (opds-community/drafts PR #38) and the stock one, loaded
// offline per ../shared/fixtures/schemas/README.md: one Ajv instance per feed flavour.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { sharedPath } from "../support/shared.ts";

const FEED_ID = "https://drafts.opds.io/schema/feed.schema.json";

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith(".json") ? [p] : [];
  });
}

function load(flavour: "catalogs" | "stock"): ValidateFunction {
  const root = sharedPath("schemas");
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM
  const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
  addFormats(ajv);
  const add = (p: string) => ajv.addSchema(JSON.parse(readFileSync(p, "utf8")));
  jsonFiles(join(root, "readium")).forEach(add);
  jsonFiles(join(root, "opds"))
    .filter((p) => flavour === "stock" || !p.endsWith("feed.schema.json") || p.endsWith("feed-metadata.schema.json"))
    .forEach(add);
  if (flavour === "catalogs") jsonFiles(join(root, "opds-pr38")).forEach(add);
  const validate = ajv.getSchema(FEED_ID);
  if (!validate) throw new Error(`no ${FEED_ID} in ${root}`);
  return validate;
}

let catalogs: ValidateFunction | undefined;
let stock: ValidateFunction | undefined;

/** Schema errors of a feed, as readable lines (empty when valid). */
export function catalogsFeedErrors(doc: unknown): string[] {
  catalogs ??= load("catalogs");
  return catalogs(doc) ? [] : (catalogs.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

export function stockFeedErrors(doc: unknown): string[] {
  stock ??= load("stock");
  return stock(doc) ? [] : (stock.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
