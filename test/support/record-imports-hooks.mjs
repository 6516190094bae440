// Module hooks for record-imports.mjs: every resolved import, after the other hooks (tsx) ran.
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (process.env.RECORD_IMPORTS_TO) appendFileSync(process.env.RECORD_IMPORTS_TO, `${result.url}\n`);
  return result;
}
