// Reading a registration form: application/x-www-form-urlencoded, size-capped.
import type { IncomingMessage } from "node:http";

import type { ProblemKey } from "../opds/problem.ts";

export class FormError extends Error {
  constructor(message: string, public key: ProblemKey = "invalidForm") {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new FormError(`request body larger than ${maxBytes} bytes`, "requestTooLarge");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readForm(req: IncomingMessage, maxBytes = 64 * 1024): Promise<Record<string, string>> {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  const body = await readBody(req, maxBytes);
  if (type !== "application/x-www-form-urlencoded" && !(type === "" && body.length === 0)) {
    throw new FormError(`send the form as application/x-www-form-urlencoded, not '${type || "no Content-Type"}'`, "unsupportedMediaType");
  }
  const params = new URLSearchParams(body.toString("utf8"));
  const form: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    if (all.length > 1) throw new FormError(`form field '${key}' given ${all.length} times`);
    form[key] = all[0];
  }
  return form;
}
