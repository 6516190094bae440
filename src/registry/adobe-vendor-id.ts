// Adobe Vendor ID (crypto.md §5): Adobe's servers send a patron's Short Client Token to
// `POST /AdobeAuth/SignIn` and ask `POST /AdobeAuth/AccountInfo` about the account id they got
// back; `GET /AdobeAuth/Status` says the service is up. The token is checked with the existing
// verifyShortClientToken against the library's shared secret. Answers are Adobe's XML, failures
// `<error data="E_<vendor>_AUTH …"/>` with HTTP 200, as Adobe expects.
//
// The reference mints a random account id per (library, patron) and stores it; a registry whose
// database is git cannot write on every sign-in, so the id is derived instead: an HMAC of the
// library's short name and the patron id under a key derived from the registry's private key. The
// same patron always gets the same Adobe account (their activated devices keep working) and the id
// reveals nothing about the patron.
import { createHash, createHmac, createPrivateKey } from "node:crypto";
import { verifyShortClientToken } from "./short-client-token.ts";

export const ADEPT_NS = "http://ns.adobe.com/adept";
export const ADOBE_XML = "application/xml; charset=utf-8";
export const TOKEN_FAILURE = "Incorrect token.";

export interface AdobeVendorIdOptions {
  vendorId: string;
  /** PEM of the registry's private key: opens sealed secrets and keys the account ids. */
  privateKey: string;
  /** short name (upper-cased) → the library's secret string, or undefined. */
  secretOf: (shortNameUpper: string) => string | undefined;
  now?: () => Date;
}

export interface AdobeAnswer {
  status: number;
  body: string;
}

// Text and double-quoted attributes: an apostrophe needs no escape (Adobe shows the message as is).
const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escapeXml = (s: string) => s.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]);

/** Entities of a text node: the five predefined ones and numeric references. Anything else is left as is. */
function unescapeXml(s: string): string {
  return s.replace(/&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g, (m, named: string, dec: string, hex: string) => {
    if (named) return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[named as "amp"];
    const cp = dec ? Number(dec) : parseInt(hex, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** The text of the first `<name>…</name>` element (any namespace prefix), or undefined. Linear time. */
function elementText(xml: string, name: string): string | undefined {
  const open = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}(?:\\s[^<>]*)?>`).exec(xml);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const end = xml.indexOf("<", start);
  if (end < 0) return undefined;
  return unescapeXml(xml.slice(start, end)).trim();
}

/** The `method` attribute of the root element named `root`, or undefined. */
function rootMethod(xml: string, root: string): string | undefined {
  const open = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${root}(\\s[^<>]*)?>`).exec(xml);
  if (!open) return undefined;
  return /\bmethod\s*=\s*["']([^"']*)["']/.exec(open[1] ?? "")?.[1];
}

function accountKey(privateKey: string): Buffer {
  const der = createPrivateKey(privateKey).export({ type: "pkcs8", format: "der" });
  return createHash("sha256").update("opds-registry adobe account id\0").update(der).digest();
}

/** A stable `urn:uuid:` for (library, patron): an RFC 4122 version 8 (custom) UUID from an HMAC. */
export function adobeAccountId(key: Buffer, shortNameUpper: string, patron: string): string {
  const b = createHmac("sha256", key).update(`${shortNameUpper}|${patron}`, "utf8").digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function adobeVendorId(opts: AdobeVendorIdOptions) {
  const key = accountKey(opts.privateKey);
  const now = opts.now ?? (() => new Date());
  const error = (type: "AUTH" | "ACCOUNT_INFO", message: string): AdobeAnswer => ({
    status: 200,
    body: `<error xmlns="${ADEPT_NS}" data="E_${escapeXml(opts.vendorId)}_${type} ${escapeXml(message)}"/>\n`,
  });
  const label = (user: string) => `Delegated account ID ${user}`;

  return {
    /** `POST /AdobeAuth/SignIn`: `method="standard"` (username, password) or `method="authData"` (the whole token, base64). */
    signIn(xml: string): AdobeAnswer {
      const method = rootMethod(xml, "signInRequest");
      let token: string | { username: string; password: string } | undefined;
      if (method === "standard") {
        const username = elementText(xml, "username");
        const password = elementText(xml, "password");
        if (username !== undefined && password !== undefined) token = { username, password };
      } else if (method === "authData") {
        const data = elementText(xml, "authData");
        if (data !== undefined && /^[A-Za-z0-9+/=\s]*$/.test(data)) token = Buffer.from(data, "base64").toString("utf8");
      }
      if (token === undefined) return error("AUTH", TOKEN_FAILURE);
      const result = verifyShortClientToken(token, opts.secretOf, now());
      if (!result.ok) return error("AUTH", TOKEN_FAILURE);
      const user = adobeAccountId(key, result.shortName, result.patron);
      return {
        status: 200,
        body: `<signInResponse xmlns="${ADEPT_NS}">\n<user>${user}</user>\n<label>${escapeXml(label(user))}</label>\n</signInResponse>\n`,
      };
    },

    /** `POST /AdobeAuth/AccountInfo`: the label of an account id this service hands out. */
    accountInfo(xml: string): AdobeAnswer {
      const user = elementText(xml, "user");
      if (rootMethod(xml, "accountInfoRequest") === undefined || user === undefined || !URN_UUID.test(user)) {
        return error("ACCOUNT_INFO", `Could not identify patron from '${user ?? ""}'.`);
      }
      return { status: 200, body: `<accountInfoResponse xmlns="${ADEPT_NS}">\n<label>${escapeXml(label(user))}</label>\n</accountInfoResponse>\n` };
    },
  };
}
