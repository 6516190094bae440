// `registry serve`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry serve [--out DIR] [--port N] [--host H] [--libraries DIR] [--config FILE] [--no-register] [--rebuild] [--quiet]

Serves the built directory with the media types and URL rewrites the reading apps and the
circulation manager need (/ as the root catalog unless a browser asks for the web page,
/libraries, /libraries/qa, /library/{uuid}, /libraries/crawlable?offset=…; a browser opening a
feed gets its page, a missing page 404.html) and answers GET and POST /register (the OPDS
Directory Registration Protocol), writing new and updated records into the libraries folder.
Run \`registry build\` to publish what was registered. With register.persist: github in the
config, each registration becomes a pull request through the GitHub API instead
(GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL): the server keeps no state, so several
instances can run behind a load balancer.

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

export const options = {
  out: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  libraries: { type: "string" },
  config: { type: "string" },
  "no-register": { type: "boolean" },
  rebuild: { type: "boolean" },
  quiet: { type: "boolean" },
} as const;
