import { resolve } from "node:path";
import { loadConfig } from "../../src/registry/config.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { registerLibrary } from "../../src/registry/register.ts";
import { parseCommandArgs } from "../args.ts";
import { help, options } from "../specs/register.ts";

export { help };

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, help);
  if (positionals.length !== 1) {
    console.error(`registry register: give exactly one URL\n\n${help}`);
    return 2;
  }
  const config = loadConfig(values.config);
  const ctx = registrationContext(config, { librariesDir: values.libraries ? resolve(values.libraries) : undefined });
  const result = await registerLibrary(
    {
      url: positionals[0],
      stage: values.stage,
      contact: values.contact,
      authorization: values.bearer !== undefined ? `Bearer ${values.bearer}` : undefined,
      reset_shared_secret: values["reset-shared-secret"] ? "true" : undefined,
    },
    ctx,
  );
  if (!result.ok) {
    console.log(JSON.stringify(result.problem, null, 2));
    return 1;
  }
  console.log(JSON.stringify(result.document, null, 2));
  console.error(`${result.status === 201 ? "Created" : "Updated"} ${result.path}${result.entry.registry_stage === "testing" ? " (awaiting approval: registry_stage testing)" : ""}`);
  for (const w of result.warnings) console.error(`warning: ${w.detail ?? w.title}`);
  return 0;
}
