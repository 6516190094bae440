// registry.config.yaml: one JSON Schema, from which ajv validates the file and TypeScript derives
// the type of what it may hold (defaults are filled in by config.ts).
import type { FromSchema } from "json-schema-to-ts";

export const configSchema = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "registry.config.schema.json",
  "title": "registry.config.yaml",
  "type": "object",
  "additionalProperties": false,
  "required": [
    "title",
    "base_url"
  ],
  "properties": {
    "title": {
      "type": "string",
      "minLength": 1
    },
    "base_url": {
      "type": "string",
      "pattern": "^https?://[^\\s]+[^/\\s]$"
    },
    "register_url": {
      "type": [
        "string",
        "null"
      ],
      "pattern": "^https?://\\S+$"
    },
    "terms_of_service_url": {
      "type": [
        "string",
        "null"
      ],
      "pattern": "^(https?:|data:text/html)\\S+$"
    },
    "adobe_vendor_id": {
      "type": [
        "string",
        "null"
      ],
      "minLength": 1
    },
    "reading_apps": {
      "type": "array",
      "maxItems": 20,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "url"],
        "properties": {
          "name": { "type": "string", "minLength": 1, "maxLength": 80 },
          "url": { "type": "string", "pattern": "^https?://\\S+$" },
          "how": { "type": "string", "minLength": 1, "maxLength": 500 }
        }
      }
    },
    "page_size": {
      "type": "integer",
      "minimum": 20,
      "maximum": 500
    },
    "libraries_dir": {
      "type": "string",
      "minLength": 1
    },
    "out_dir": {
      "type": "string",
      "minLength": 1
    },
    "fetch": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "timeout_seconds": {
          "type": "number",
          "exclusiveMinimum": 0,
          "maximum": 300
        },
        "deadline_seconds": {
          "type": "number",
          "exclusiveMinimum": 0,
          "maximum": 600
        },
        "max_bytes": {
          "type": "integer",
          "minimum": 1024
        },
        "max_redirects": {
          "type": "integer",
          "minimum": 0,
          "maximum": 20
        },
        "concurrency": {
          "type": "integer",
          "minimum": 1,
          "maximum": 256
        },
        "cache_seconds": {
          "type": "integer",
          "minimum": 0
        },
        "cache_dir": {
          "type": "string",
          "minLength": 1
        },
        "allow_hosts": {
          "type": "array",
          "items": {
            "type": "string",
            "minLength": 1
          }
        },
        "user_agent": {
          "type": "string",
          "minLength": 1
        },
        "check_link_back": {
          "type": "boolean"
        }
      }
    },
    "policy": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "require_help": {
          "type": "boolean"
        },
        "require_copyright_agent": {
          "type": "boolean"
        },
        "require_service_area": {
          "type": "boolean"
        },
        "help_schemes": {
          "type": "array",
          "items": {
            "enum": [
              "mailto",
              "http",
              "https",
              "tel"
            ]
          },
          "minItems": 1
        },
        "min_key_bits": {
          "type": "integer",
          "minimum": 1024,
          "maximum": 16384
        },
        "reject_unresolved_places": {
          "type": "boolean"
        },
        "allow_legacy_flow": {
          "type": "boolean"
        }
      }
    },
    "keys": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "public_key": {
          "type": "string",
          "minLength": 1
        }
      }
    },
    "register": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "persist": {
          "enum": [
            "folder",
            "github"
          ]
        }
      }
    },
    "refresh": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "fail_issue_after_days": {
          "type": "integer",
          "minimum": 1,
          "maximum": 365
        }
      }
    }
  }
} as const;

export type RawConfig = FromSchema<typeof configSchema>;
