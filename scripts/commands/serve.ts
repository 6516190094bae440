import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { loadConfig } from "../../src/registry/config.ts";
import { createRegistryServer, type ServeOptions } from "../../src/server/server.ts";
import { recoverDist } from "../../src/build/dist-recovery.ts";
import { rebuilder } from "../../src/server/rebuilder.ts";
import { registrationContext } from "../../src/registry/context.ts";
import { loadRegistryKeys } from "../../src/registry/registry-keys.ts";
import { adobeFromConfig } from "../../src/server/adobe.ts";
import { intOption, parseCommandArgs, UsageError } from "../args.ts";
import { help, options } from "../specs/serve.ts";

export { help };

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options, help);
  if (positionals.length) {
    console.error(`registry serve: unexpected argument '${positionals[0]}'\n\n${help}`);
    return 2;
  }
  const config = loadConfig(values.config);
  const outDir = values.out ? resolve(values.out) : config.out_dir;
  for (const line of recoverDist(outDir)) console.error(`registry serve: ${line}`);
  if (!existsSync(outDir)) console.error(`warning: ${outDir} does not exist yet; run \`registry build\` first`);
  const port = intOption(values.port, "port", 0, 65535) ?? 8080;
  const host = values.host ?? "127.0.0.1";
  const registration = values["no-register"] ? undefined : registrationContext(config, { librariesDir: values.libraries ? resolve(values.libraries) : undefined });
  const log = values.quiet ? undefined : (line: string) => console.log(line);
  const librariesDir = registration?.librariesDir ?? (values.libraries ? resolve(values.libraries) : config.libraries_dir);
  const adobe = adobeFromConfig(config, librariesDir, registration ? registration.registryPrivateKey : loadRegistryKeys(config.keys.public_key).privateKey);
  const toGitHub = registration && config.register.persist === "github";
  if (toGitHub && values.rebuild) throw new UsageError("--rebuild needs register.persist: folder (with github, registrations become pull requests; the publish workflow builds after a merge)");
  let register: ServeOptions["register"];
  let target = registration?.librariesDir ?? "";
  if (toGitHub) {
    const { gitHubSetup } = await import("../../src/github/setup.ts");
    const { gitHubRegistrar } = await import("../../src/github/registrar.ts");
    const setup = gitHubSetup(config, process.env, { log: (l) => console.error(l) });
    register = gitHubRegistrar(setup.target, log);
    target = `pull requests on ${setup.repo.owner}/${setup.repo.repo} via ${setup.env.apiUrl}`;
  }
  const rebuild = values.rebuild && registration ? rebuilder({ config, librariesDir: registration.librariesDir!, outDir, log }) : undefined;
  const server = createRegistryServer({
    outDir,
    registration,
    register,
    termsOfServiceUrl: config.terms_of_service_url,
    adobe: adobe.adobe,
    log,
    onRegistered: rebuild ? () => rebuild.request() : undefined,
  });
  await new Promise<void>((ok, ko) => {
    server.once("error", ko);
    server.listen(port, host, () => ok());
  });
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${actual}`;
  console.log(`Serving ${outDir} at ${base}/ (the registry URL for a circulation manager: ${base}/ answers the root catalog unless a browser asks; production feed ${base}/libraries)`);
  console.log(adobe.note);
  if (registration) {
    console.log(`Registration endpoint: ${base}/register (writes to ${target}; secrets ${registration.registryPublicKey ? "issued" : "not issued: no registry key"})`);
  }
  await new Promise<void>((resolveStop) => {
    const stop = () => server.close(() => void (rebuild?.flush() ?? Promise.resolve()).then(resolveStop));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
