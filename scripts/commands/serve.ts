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

export const help = `usage: registry serve [--out DIR] [--port N] [--host H] [--libraries DIR] [--config FILE] [--no-register] [--rebuild] [--quiet]

Serves the built directory with the media types and URL rewrites the reading apps and the
circulation manager need (/ as the root catalog unless a browser asks for the web page,
/libraries, /libraries/qa, /library/{uuid}, /libraries/crawlable?offset=…)
and answers GET and POST /register (the OPDS Directory Registration Protocol), writing new and
updated records into the libraries folder. Run \`registry build\` to publish what was registered.
With register.persist: github in the config, each registration becomes a pull request through the
GitHub API instead (GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL): the server keeps no state,
so several instances can run behind a load balancer.

  --out DIR         folder to serve (default: out_dir of the config, "dist")
  --port N          port (default 8080; 0 picks a free one)
  --host H          address to listen on (default 127.0.0.1)
  --libraries DIR   where POST /register writes entries (default: libraries_dir of the config)
  --config FILE     registry config (default: registry.config.yaml)
  --no-register     serve the files only; POST /register answers 405
  --rebuild         rebuild the output from the entries' snapshots a moment after each
                    registration, so new and updated libraries appear without a separate build
  --quiet           no request log

Also answers /heartbeat and /version.json (health), and, when adobe_vendor_id and the registry
private key are both configured, Adobe Vendor ID: POST /AdobeAuth/SignIn, POST
/AdobeAuth/AccountInfo and GET /AdobeAuth/Status (a 404 otherwise).`;

const options = {
  out: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  libraries: { type: "string" },
  config: { type: "string" },
  "no-register": { type: "boolean" },
  rebuild: { type: "boolean" },
  quiet: { type: "boolean" },
} as const;

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
