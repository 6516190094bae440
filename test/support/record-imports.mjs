// `node --import ./record-imports.mjs …`: appends the URL of every module the process imports to
// the file named by RECORD_IMPORTS_TO, one per line. Used to check what a code path loads.
import { register } from "node:module";

register("./record-imports-hooks.mjs", import.meta.url);
