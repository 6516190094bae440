// The OpenSearch 1.1 description `GET /search` answers without `q` (feeds.md §1, the reference's
// fixtures/expected-output/opensearch-description.xml). The reference declares its results as
// OPDS 1 Atom although it answers OPDS 2; ours declares what it answers.
import type { DirectoryConfig } from "../types.ts";
import { OPDS2 } from "../../opds/media-types.ts";
import { searchUrl } from "../urls.ts";

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const xml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);

export function buildOpenSearchDescription(cfg: Pick<DirectoryConfig, "base_url">, qa: boolean): string {
  const template = `${searchUrl(cfg, qa)}?q={searchTerms}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
    `  <ShortName>${qa ? "Find your library (QA)" : "Find your library"}</ShortName>`,
    "  <Description>Search by ZIP code, city or library name.</Description>",
    "  <Tags></Tags>",
    `  <Url type="${OPDS2}" template="${xml(template)}"/>`,
    "</OpenSearchDescription>",
    "",
  ].join("\n");
}
