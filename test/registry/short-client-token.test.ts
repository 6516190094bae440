import { test } from "uvu";
import * as assert from "uvu/assert";
import { createHmac } from "node:crypto";
import {
  adobeBase64, adobeBase64Decode, decodeExpiry, encodeExpiry, signShortClientToken, verifyShortClientToken, type VerifyResult,
} from "../../src/registry/short-client-token.ts";
import { sharedJson, withShared } from "../support/shared.ts";

const JAN_2017 = new Date("2017-01-01T00:00:00Z");
const secrets = (table: Record<string, string>) => (name: string) => table[name];

function ok(r: VerifyResult) {
  if (!r.ok) assert.unreachable(`expected a valid token, got: ${r.reason}`);
  return r as Extract<VerifyResult, { ok: true }>;
}
function reason(r: VerifyResult): string {
  if (r.ok) assert.unreachable("expected the token to be refused");
  return (r as Extract<VerifyResult, { ok: false }>).reason;
}

// crypto.md §5's vector table.
const ROWS = [
  { shortName: "a library", secret: "My library secret", expires: 1234.5, patron: "a patron identifier",
    token: "a library|1234.5|a patron identifier|YoNGn7f38mF531KSWJ;o1H0Z3chbC:uTE:t7pAwqYxM@", validAt: JAN_2017 },
  { shortName: "UDAXIH", secret: "c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84", expires: 99999999, patron: "patron-uuid-1234",
    token: "UDAXIH|99999999|patron-uuid-1234|MuJkk:uwi7dgTi:RAk3u;YNgp;QeexwxNAxs5O2PLgg@", validAt: new Date("2026-01-01T00:00:00Z") },
  { shortName: "LIBRARY", secret: "LIBSECRET", expires: 526350, patron: "PATRONID",
    token: "LIBRARY|526350|PATRONID|IwQdbQFDnPjvGQoIJEuXNvZM5zkONVc5IVMMN8hhcRw@", validAt: new Date("2018-01-01T12:00:00Z") },
  { shortName: "NYNYPL", secret: "a".repeat(48), expires: 1486651569, patron: "474f5ee0-a518-91e8-b71f-0e9c1d590815",
    token: "NYNYPL|1486651569|474f5ee0-a518-91e8-b71f-0e9c1d590815|gHlhGKlJ6S8u7dxjnAFnJpxYPBRVqZZl7knrx5eX0CE@", validAt: new Date("2017-02-01T00:00:00Z") },
];

test("the four crypto.md vectors sign and verify", () => {
  for (const row of ROWS) {
    assert.is(signShortClientToken(row), row.token, row.shortName);
    const r = ok(verifyShortClientToken(row.token, secrets({ [row.shortName.toUpperCase()]: row.secret }), row.validAt));
    assert.is(r.shortName, row.shortName.toUpperCase());
    assert.is(r.patron, row.patron);
    assert.equal(r.expires, decodeExpiry(row.expires));
  }
});

test("Adobe base64 cases", () => {
  const cases: [Uint8Array, string][] = [
    [Buffer.from("alphabravocharliedelta"), "YWxwaGFicmF2b2NoYXJsaWVkZWx0YQ@@"],
    [Buffer.from("\u083e", "utf8"), "4KC:"],
    [Buffer.from("\u0e3f", "utf8"), "4Li;"],
    [Buffer.from("a"), "YQ@@"],
    [Buffer.from("!\tFN6~'Es52?X!#)Z*_S", "latin1"), "IQlGTjZ:J0VzNTI;WCEjKVoqX1M@"],
  ];
  for (const [bytes, encoded] of cases) {
    assert.is(adobeBase64(bytes), encoded);
    assert.equal([...adobeBase64Decode(encoded)], [...bytes]);
  }
  assert.throws(() => adobeBase64Decode("abc!"), /not Adobe base64/);
  assert.throws(() => adobeBase64Decode("abc"), /not Adobe base64/);
});

withShared(test)("fixture vectors from short-client-token-vectors.json", () => {
  const v = sharedJson("crypto/short-client-token-vectors.json");
  const known = v.known_vector_from_palace_tests;
  const token = signShortClientToken({ shortName: known.short_name, secret: known.secret, patron: known.patron_identifier, expires: Number(known.expires) });
  assert.is(token, known.token);
  assert.is(token, `${known.username_part}|${known.password_part}`);
  assert.is(ok(verifyShortClientToken(known.token, secrets({ "A LIBRARY": known.secret }), JAN_2017)).patron, known.patron_identifier);
  assert.ok(verifyShortClientToken({ username: known.username_part, password: known.password_part }, secrets({ "A LIBRARY": known.secret }), JAN_2017).ok);

  const adobe = v.adobe_base64_vector_from_palace_tests;
  // b"!\tFN6~'Es52?X!#)Z*_S": the Python literal's escapes are \t and \'.
  const raw = Buffer.from(adobe.raw_bytes_python_literal.slice(2, -1).replace(/\\t/g, "\t").replace(/\\'/g, "'"), "latin1");
  assert.is(adobeBase64(raw), adobe.encoded);

  const gen = v.generated_vector_using_rsa_vector_secret;
  assert.is(signShortClientToken({ shortName: gen.short_name, secret: gen.secret, patron: gen.patron_identifier, expires: gen.expires_minutes_since_2017 }), gen.token);
  const r = ok(verifyShortClientToken(gen.token, secrets({ UDAXIH: gen.secret })));
  assert.is(r.patron, gen.patron_identifier);

  // Every decoder message, reproduced by a token that triggers it.
  const lib = secrets({ LIBRARY: "s3cret" });
  const sign = (expires: number, patron: string) => signShortClientToken({ shortName: "library", secret: "s3cret", patron, expires });
  const produced = [
    reason(verifyShortClientToken("", lib)),
    reason(verifyShortClientToken("no pipes", lib)),
    reason(verifyShortClientToken("foo||sig", lib)),
    reason(verifyShortClientToken("library|a time|patron|YQ@@", lib)),
    reason(verifyShortClientToken("library|1234||YQ@@", lib)),
    reason(verifyShortClientToken("unknown|1234|patron|YQ@@", lib)),
    reason(verifyShortClientToken(sign(1234, "patron"), lib, new Date("2020-01-01T00:00:00Z"))),
    reason(verifyShortClientToken(sign(1500000000, "patron"), lib, new Date("2020-01-01T00:00:00Z"))),
    reason(verifyShortClientToken(signShortClientToken({ shortName: "library", secret: "wrong", patron: "patron", expires: 99999999999 }), lib)),
  ];
  const expected: string[] = v.decoder_error_messages_from_palace_tests;
  assert.is(produced.length, expected.length);
  expected.forEach((message, i) => {
    if (message.includes("(now is ...)")) assert.ok(produced[i].startsWith(message.replace("...).", "")), `${produced[i]} vs ${message}`);
    else assert.is(produced[i], message);
  });
});

test("each failure reason, with the reference wording", () => {
  const lib = secrets({ LIBRARY: "s3cret" });
  const now = new Date("2020-01-01T00:00:00.250Z");
  const good = (expires = 99999999, patron = "patron") => signShortClientToken({ shortName: "LIBRARY", secret: "s3cret", patron, expires });
  assert.is(reason(verifyShortClientToken("", lib)), "Cannot decode an empty token.");
  assert.is(reason(verifyShortClientToken("no pipes", lib)), 'Supposed client token "no pipes" does not contain a pipe.');
  assert.is(reason(verifyShortClientToken("LIBRARY|sig", lib)), "Invalid client token: LIBRARY");
  assert.is(reason(verifyShortClientToken({ username: "foo|", password: "YQ@@" }, lib)), "Invalid client token: foo|");
  assert.is(reason(verifyShortClientToken("nope|1|p|YQ@@", lib)), 'I don\'t know how to handle tokens from library "NOPE"');
  assert.is(reason(verifyShortClientToken("LIBRARY|soon|p|YQ@@", lib)), 'Expiration time "soon" is not numeric.');
  assert.is(reason(verifyShortClientToken("LIBRARY||p|YQ@@", lib)), 'Expiration time "" is not numeric.');
  assert.is(reason(verifyShortClientToken("LIBRARY|NaN|p|YQ@@", lib)), 'Expiration time "NaN" is not numeric.');
  assert.is(reason(verifyShortClientToken("LIBRARY|1|p|YQ=!", lib)), "Invalid password: YQ=!");
  assert.is(reason(verifyShortClientToken("LIBRARY|1||YQ@@", lib)), "Token LIBRARY|1| has empty patron identifier.");
  assert.is(reason(verifyShortClientToken(good(1234), lib, now)), "Token LIBRARY|1234|patron expired at 2017-01-01 20:34:00 (now is 2020-01-01 00:00:00.250000).");
  assert.is(reason(verifyShortClientToken(good(1500000000), lib, now)), "Token LIBRARY|1500000000|patron expired at 2017-07-14 02:40:00 (now is 2020-01-01 00:00:00.250000).");
  const t = good();
  const forged = t.slice(0, t.lastIndexOf("|") + 1) + adobeBase64(Buffer.alloc(32, 7));
  assert.is(reason(verifyShortClientToken(forged, lib)), "Invalid signature for LIBRARY|99999999|patron.");
  assert.is(reason(verifyShortClientToken(t.replace("|patron|", "|patron2|"), lib)), "Invalid signature for LIBRARY|99999999|patron2.");
  assert.is(reason(verifyShortClientToken(t.slice(0, t.lastIndexOf("|") + 1) + "YQ@@", lib)), "Invalid signature for LIBRARY|99999999|patron.", "a different-length signature");
  // The signature is over the username as received: a re-cased short name finds the library but fails the MAC.
  assert.is(reason(verifyShortClientToken(t.replace("LIBRARY", "library"), lib)), "Invalid signature for library|99999999|patron.");
});

test("patron identifiers may contain pipes", () => {
  const token = signShortClientToken({ shortName: "LIB", secret: "k", patron: "a|b||c", expires: 99999999 });
  assert.is(ok(verifyShortClientToken(token, secrets({ LIB: "k" }))).patron, "a|b||c");
});

test("the secret string is the HMAC key, never hex-decoded", () => {
  const hexSecret = "c9bbb24f627bfcf274c60c4815f0c2a4927351311eca6f84";
  const token = signShortClientToken({ shortName: "X", secret: hexSecret, patron: "p", expires: 1 });
  const expected = adobeBase64(createHmac("sha256", Buffer.from(hexSecret, "utf8")).update("X|1|p").digest());
  assert.is(token, `X|1|p|${expected}`);
});

test("expiry encodings and the 1,500,000,000 threshold", () => {
  assert.is(encodeExpiry(new Date("2018-01-01T12:30:00Z"), "minutes-since-2017"), 526350);
  assert.is(encodeExpiry(new Date("2018-01-01T12:30:59Z"), "minutes-since-2017"), 526350);
  assert.is(encodeExpiry(new Date(1_600_000_000_000), "seconds-since-1970"), 1_600_000_000);
  assert.equal(decodeExpiry(526350), new Date("2018-01-01T12:30:00Z"));
  assert.equal(decodeExpiry(1234.5), new Date("2017-01-01T20:34:30Z"));
  assert.equal(decodeExpiry(1_499_999_999), new Date(Date.UTC(2017, 0, 1) + 1_499_999_999 * 60_000));
  assert.equal(decodeExpiry(1_500_000_000), new Date("2017-07-14T02:40:00Z"));
  assert.throws(() => encodeExpiry(new Date("2016-12-31T23:00:00Z"), "minutes-since-2017"), /before 2017-01-01/);
  assert.throws(() => encodeExpiry(new Date("2017-02-09T14:46:09Z"), "seconds-since-1970"), /unambiguously/);
  assert.throws(() => encodeExpiry(new Date("nonsense"), "seconds-since-1970"), /invalid date/);
  // The NYNYPL vector's 1486651569 was meant as seconds, but under the threshold it reads as minutes.
  assert.ok(decodeExpiry(1486651569).getUTCFullYear() > 4000);
  // Round trip through sign and verify.
  const when = new Date("2030-06-01T10:00:00Z");
  for (const enc of ["minutes-since-2017", "seconds-since-1970"] as const) {
    const token = signShortClientToken({ shortName: "LIB", secret: "k", patron: "p", expires: encodeExpiry(when, enc) });
    assert.equal(ok(verifyShortClientToken(token, secrets({ LIB: "k" }), JAN_2017)).expires, when);
  }
});

test("signing refuses what would make an unverifiable token", () => {
  assert.throws(() => signShortClientToken({ shortName: "A|B", secret: "k", patron: "p", expires: 1 }), /no "\|"/);
  assert.throws(() => signShortClientToken({ shortName: "", secret: "k", patron: "p", expires: 1 }), /non-empty/);
  assert.throws(() => signShortClientToken({ shortName: "A", secret: "k", patron: "", expires: 1 }), /patron/);
  assert.throws(() => signShortClientToken({ shortName: "A", secret: "", patron: "p", expires: 1 }), /secret/);
  assert.throws(() => signShortClientToken({ shortName: "A", secret: "k", patron: "p", expires: NaN }), /finite/);
});

test.run();
