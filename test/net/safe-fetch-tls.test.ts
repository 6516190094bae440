// https: the certificate is verified against the host name even though the socket is pinned to
// an address (pinning must not turn TLS verification off).
import { test } from "uvu";
import * as assert from "uvu/assert";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { checkDestination, isAllowedHost, safeFetch } from "../../src/net/safe-fetch.ts";
import { fakeDns, policy, refusal } from "./server.ts";

// A self-signed certificate for library.test, made for this test only (openssl req -x509, P-256).
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOW4TaOYS5dOVhwW2
E9dj0tGUpMm9npC5jhZT+j4pnbyhRANCAASe1V58IC9k3Qa0ai57TwWQXXmMU6Bb
h7hjacSk6l3LGLl8ZbJrT6JC2IRPqorRZceOYAp/0WxyWaSHvddgw1M9
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBnjCCAUSgAwIBAgIUEa8ceVKIdJcIg2P9Kucf/HdFXHAwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMbGlicmFyeS50ZXN0MCAXDTI2MTEyMTIzNDMyOFoYDzIxMjYx
MDI4MjM0MzI4WjAXMRUwEwYDVQQDDAxsaWJyYXJ5LnRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASe1V58IC9k3Qa0ai57TwWQXXmMU6Bbh7hjacSk6l3LGLl8
ZbJrT6JC2IRPqorRZceOYAp/0WxyWaSHvddgw1M9o2wwajAdBgNVHQ4EFgQU+Sdi
gH95srkpcFzPfyil24d2E30wHwYDVR0jBBgwFoAU+SdigH95srkpcFzPfyil24d2
E30wDwYDVR0TAQH/BAUwAwEB/zAXBgNVHREEEDAOggxsaWJyYXJ5LnRlc3QwCgYI
KoZIzj0EAwIDSAAwRQIgWfvG4n3s5JrO2tvKlFFvM0YY189N3PwN5oY5F+6Ehz4C
IQCGnIjetT71VWlIqJLk+Krqd6QybVZjAeEvCR/OHdQRJg==
-----END CERTIFICATE-----`;

test("a self-signed certificate is refused: TLS is verified through the pinned connection", async () => {
  let sni: string | undefined;
  const server = https.createServer(
    { key: KEY, cert: CERT, SNICallback: (name, cb) => ((sni = name), cb(null)) },
    (_q, r) => r.end("secret"),
  );
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const dns = fakeDns({ "library.test": "127.0.0.1" });
    const err = await refusal(safeFetch(`https://library.test:${port}/auth`, policy({ allowHosts: ["library.test"], lookup: dns.lookup })));
    assert.is(err.code, "network");
    assert.match(err.message, /SELF_SIGNED|self-signed/i);
    assert.is(sni, "library.test", "SNI names the host, not the pinned address");
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const u = (s: string) => new URL(s);

test("allowHosts: bare host, host:port, and the scheme's default port", () => {
  assert.ok(isAllowedHost(u("https://library.test/x"), ["library.test"]));
  assert.ok(isAllowedHost(u("https://library.test/x"), ["library.test:443"]));
  assert.ok(isAllowedHost(u("http://library.test/x"), ["library.test:80"]));
  assert.ok(!isAllowedHost(u("http://library.test/x"), ["library.test:443"]));
  assert.ok(isAllowedHost(u("http://library.test:8080/x"), ["LIBRARY.test:8080"]));
  assert.ok(!isAllowedHost(u("http://library.test:8080/x"), ["library.test:8081"]));
  assert.ok(!isAllowedHost(u("http://evil.library.test/x"), ["library.test"]));
  assert.ok(!isAllowedHost(u("http://library.test.evil/x"), ["library.test"]));
  assert.ok(!isAllowedHost(u("http://library.test/x"), []));
});

test("allowHosts: IPv6 literals with or without brackets and port", () => {
  assert.ok(isAllowedHost(u("http://[::1]:8080/"), ["::1"]));
  assert.ok(isAllowedHost(u("http://[::1]:8080/"), ["[::1]"]));
  assert.ok(isAllowedHost(u("http://[::1]:8080/"), ["[::1]:8080"]));
  assert.ok(!isAllowedHost(u("http://[::1]:8080/"), ["[::1]:9090"]));
  assert.ok(isAllowedHost(u("http://[0:0::1]/"), ["::1"]), "the URL parser normalises the literal");
});

test("an admitted IPv6 loopback literal passes the check (no connection made)", async () => {
  const addrs = await checkDestination("http://[::1]:8080/", policy({ allowHosts: ["[::1]:8080"] }));
  assert.equal(addrs, [{ address: "::1", family: 6 }]);
  const err = await refusal(checkDestination("http://[::1]:8080/", policy({ allowHosts: ["[::1]:9090"] })));
  assert.is(err.code, "forbidden-address");
});

test.run();
