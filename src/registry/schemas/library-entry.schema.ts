// The entry format of libraries/<slug>.yaml: one JSON Schema, from which ajv validates the files
// and TypeScript derives the LibraryEntry type (no hand-written twin to drift from it).
import type { FromSchema } from "json-schema-to-ts";

const INSTANT = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$";
const SEALED = "^sealed:v1:[A-Za-z0-9+/=]+$";

const link = {
  type: "object",
  additionalProperties: false,
  required: ["href"],
  properties: { href: { type: "string", minLength: 1 }, type: { type: "string" } },
} as const;

const stage = { enum: ["testing", "production", "cancelled"] } as const;

export const snapshotSchema = {
  type: "object",
  additionalProperties: false,
  required: ["validated", "id", "title", "start", "help", "copyright_agent", "anonymous_access", "audiences"],
  properties: {
    validated: { type: "string", pattern: INSTANT },
    id: { type: "string", minLength: 1 },
    title: { type: "string", minLength: 1 },
    description: { type: "string" },
    start: link,
    website: { type: "string" },
    help: { type: "array", items: { type: "string" } },
    copyright_agent: { type: "array", items: { type: "string" } },
    // Never a data: URI: the image itself is a committed file, libraries/logos/<logo_png>.png.
    logo: { ...link, properties: { ...link.properties, href: { type: "string", pattern: "^https?://" } } },
    logo_png: { type: "string", pattern: "^[0-9a-f]{32}$" },
    registration_url: { type: "string" },
    anonymous_access: { type: "boolean" },
    audiences: { type: "array", items: { type: "string" } },
    collection_size: {
      anyOf: [
        { type: "integer", minimum: 0 },
        { type: "object", additionalProperties: { type: "integer", minimum: 0 } },
      ],
    },
    service_area: {},
    focus_area: {},
    color_scheme: { type: "string" },
  },
} as const;

export const libraryEntrySchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "library-entry.schema.json",
  title: "libraries/<slug>.yaml: one library's record in the registry",
  type: "object",
  additionalProperties: false,
  required: ["id", "url", "library_stage", "registry_stage"],
  properties: {
    id: { type: "string", pattern: "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" },
    url: { type: "string", pattern: "^https?://\\S+$" },
    library_stage: stage,
    registry_stage: stage,
    short_name: { type: "string", pattern: "^[A-Z0-9]{1,10}$" },
    /** Encrypted to the registry's public key. Never plaintext. */
    shared_secret: { type: "string", pattern: SEALED },
    /** SHA-256 (hex) of the secret: a Bearer is recognised without unsealing every entry. */
    shared_secret_sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
    /** Encrypted to the registry's public key. Never plaintext. */
    contact: { type: "string", pattern: SEALED },
    /** A contact change asked for without the library's secret, sealed, awaiting a maintainer. */
    contact_pending: { type: "string", pattern: SEALED },
    example: { type: "boolean" },
    note: { type: "string" },
    created: { type: "string", pattern: INSTANT },
    updated: { type: "string", pattern: INSTANT },
    snapshot: snapshotSchema,
  },
} as const;

export type LibraryEntry = FromSchema<typeof libraryEntrySchema>;
export type Snapshot = FromSchema<typeof snapshotSchema>;
