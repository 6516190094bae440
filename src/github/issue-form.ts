// The registration issue form (.github/ISSUE_TEMPLATE/register-library.yml) read back from an
// issue's body with @github/issue-parser, keyed by the form's field ids.
import { parseIssue } from "@github/issue-parser";

export const ISSUE_FORM_PATH = ".github/ISSUE_TEMPLATE/register-library.yml";
export const REGISTRATION_LABEL = "registration";
export const FAILED_LABEL = "registration-failed";

/** Issue bodies are at most 65,536 characters on GitHub; anything longer is not a form we sent. */
const MAX_BODY = 65_536;

export interface RegistrationForm {
  url?: string;
  stage?: string;
  notes?: string;
}

function text(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t && t !== "_No response_" && t !== "None" ? t : undefined;
}

export function parseRegistrationIssue(body: string | null | undefined, template: string): RegistrationForm {
  const source = (body ?? "").slice(0, MAX_BODY);
  const parsed = parseIssue(source, template) as Record<string, unknown>;
  return { url: text(parsed.url), stage: text(parsed.stage), notes: text(parsed.notes) };
}
