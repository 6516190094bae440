// `registry demo`: its --help text and options. Kept apart from the command's code and free of
// imports so that `--help` and argument checking load nothing heavy (see scripts/registry.ts).
export const help = `usage: registry demo [--port N] [--exit]

Shows the whole registry working on this machine, with nothing else to install: starts four
fictional libraries on 127.0.0.1 (an OPDS 1 circulation manager, an OPDS 2 server, an
anonymous-access catalog, and a feed behind a 401 that carries its Authentication for OPDS
document), registers each through POST /register, approves two as a maintainer would, builds the
directory and serves it. Everything lives in a temporary folder; your libraries/ is not touched.

  --port N   port for the registry (default 8080; 0 picks a free one)
  --exit     stop after printing the URLs instead of serving until Ctrl-C`;

export const options = { port: { type: "string" }, exit: { type: "boolean" } } as const;
