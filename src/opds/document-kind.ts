// What a fetched registration URL returned, to choose between the current flow (the URL is the
// auth document) and the legacy flow (the URL is the OPDS root feed) — protocol.md §10.
import { ATOM, isAuthDocumentType, isOpds1Type, isOpds2Type, mediaTypeMatches } from "./media-types.ts";
import { isObject } from "./links.ts";

export type DocumentKind = "auth-document" | "opds2-feed" | "opds1-feed" | "unknown";

/**
 * An A4OPDS media type (either one, any parameters) or a JSON object with `authentication` is an
 * auth document; the media type is consulted first, then the JSON shape, because servers often
 * label JSON `application/json`. `parsedJson` is the decoded body when it was JSON, else undefined.
 */
export function detectDocumentKind(contentType: string | null | undefined, parsedJson: unknown): DocumentKind {
  if (isAuthDocumentType(contentType)) return "auth-document";
  if (isObject(parsedJson) && "authentication" in parsedJson) return "auth-document";
  if (isOpds2Type(contentType)) return "opds2-feed";
  if (isObject(parsedJson) && "links" in parsedJson && "metadata" in parsedJson) return "opds2-feed";
  // Plain Atom counts here (the link-back type test wants profile=opds-catalog) so a legacy root
  // served as `application/atom+xml` still routes to the legacy flow, whose feed check then says
  // which media type it expected instead of "unknown document".
  if (isOpds1Type(contentType) || mediaTypeMatches(contentType, ATOM)) return "opds1-feed";
  return "unknown";
}
