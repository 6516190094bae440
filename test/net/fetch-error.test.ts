import { test } from "uvu";
import * as assert from "uvu/assert";
import { PROBLEMS, specificType } from "../../src/opds/problem.ts";
import { FetchError, fetchErrorToProblem, type FetchErrorCode } from "../../src/net/fetch-error.ts";

const url = "https://library.test/auth";

test("timeout reads like the reference: Timeout retrieving <what> <url>", () => {
  const p = fetchErrorToProblem(new FetchError("timeout", url, "no complete response within 200 ms"), "auth document");
  assert.is(specificType(p), PROBLEMS.timeout.type);
  assert.is(p.status, 408);
  assert.is(p.detail, `Timeout retrieving auth document ${url}`);
  const q = fetchErrorToProblem(new FetchError("timeout", url, "x"), "OPDS root document at");
  assert.is(q.detail, `Timeout retrieving OPDS root document at ${url}`);
});

test("network and DNS errors read like the reference: Error retrieving <what> <url>", () => {
  for (const code of ["network", "dns"] as const) {
    const p = fetchErrorToProblem(new FetchError(code, url, "ECONNREFUSED"), "auth document");
    assert.is(specificType(p), PROBLEMS.remoteFailed.type);
    assert.is(p.title, "Could not retrieve document");
    assert.is(p.status, 502);
    assert.is(p.detail, `Error retrieving auth document ${url}`);
  }
});

const expected: [FetchErrorCode, keyof typeof PROBLEMS][] = [
  ["too-large", "tooLarge"],
  ["forbidden-address", "forbiddenAddress"],
  ["unsupported-scheme", "unsupportedScheme"],
  ["too-many-redirects", "tooManyRedirects"],
  ["redirect-loop", "redirectLoop"],
  ["deadline", "deadline"],
  ["bad-url", "invalidForm"],
];
for (const [code, key] of expected) {
  test(`${code} → ${key}, with the URL and the reason in the detail`, () => {
    const p = fetchErrorToProblem(new FetchError(code, url, "the reason given"), "auth document");
    assert.is(specificType(p), PROBLEMS[key].type);
    assert.is(p.status, PROBLEMS[key].status);
    assert.match(p.detail ?? "", `auth document ${url}`);
    assert.match(p.detail ?? "", "the reason given");
  });
}

test("a forbidden address names fetch.allow_hosts, the key an operator sets to reach such a host", () => {
  const p = fetchErrorToProblem(new FetchError("forbidden-address", url, "10.0.0.1, which is not a public internet address"), "auth document");
  assert.match(p.detail ?? "", "fetch.allow_hosts");
});

test("FetchError is an Error with a code and url", () => {
  const e = new FetchError("dns", url, "cannot resolve");
  assert.instance(e, Error);
  assert.is(e.name, "FetchError");
  assert.is(e.code, "dns");
  assert.is(e.url, url);
  assert.is(e.message, "cannot resolve");
});

test.run();
