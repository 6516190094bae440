#!/usr/bin/env node
// The `registry` command: runs scripts/registry.ts under tsx so no compile step is needed.
import { register } from "tsx/esm/api";
register();
await import("../scripts/registry.ts");
