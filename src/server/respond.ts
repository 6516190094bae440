import type { IncomingMessage, ServerResponse } from "node:http";
import { PROBLEM, PROBLEM_LEGACY, mediaTypeMatches } from "../opds/media-types.ts";
import type { Problem } from "../opds/problem.ts";

export function sendJson(res: ServerResponse, status: number, type: string, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body, null, 2) + "\n";
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(text), "Access-Control-Allow-Origin": "*", ...headers });
  res.end(text);
}

/**
 * Problems go out as application/api-problem+json, the only type the circulation manager
 * recognises, unless the client asks for RFC 7807's application/problem+json.
 */
export function problemType(req: IncomingMessage): string {
  const accept = req.headers.accept ?? "";
  const wantsRfc = accept.split(",").some((part) => mediaTypeMatches(part.split(";q=")[0].trim(), PROBLEM));
  return wantsRfc ? PROBLEM : PROBLEM_LEGACY;
}

export function sendProblem(req: IncomingMessage, res: ServerResponse, p: Problem, headers: Record<string, string> = {}) {
  sendJson(res, p.status, problemType(req), p, headers);
}
