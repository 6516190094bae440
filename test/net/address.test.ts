import { test } from "uvu";
import * as assert from "uvu/assert";
import { isPublicAddress, parseV6 } from "../../src/net/address.ts";

const refused: [string, string][] = [
  // IPv4
  ["0.0.0.0", "unspecified"],
  ["0.255.255.255", "this network"],
  ["10.0.0.1", "private 10/8"],
  ["10.255.255.255", "private 10/8 top"],
  ["100.64.0.1", "CGNAT"],
  ["100.127.255.254", "CGNAT top"],
  ["127.0.0.1", "loopback"],
  ["127.1.2.3", "loopback /8"],
  ["169.254.169.254", "link-local, cloud metadata"],
  ["172.16.0.1", "private 172.16/12"],
  ["172.31.255.255", "private 172.16/12 top"],
  ["192.0.0.8", "IETF protocol assignments"],
  ["192.0.2.1", "TEST-NET-1"],
  ["192.88.99.1", "6to4 relay anycast"],
  ["192.168.1.1", "private 192.168/16"],
  ["198.18.0.1", "benchmarking"],
  ["198.19.255.255", "benchmarking top"],
  ["198.51.100.7", "TEST-NET-2"],
  ["203.0.113.9", "TEST-NET-3"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast SSDP"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "broadcast"],
  // IPv6
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback, long form"],
  ["fc00::1", "ULA fc00::/7"],
  ["fd12:3456:789a::1", "ULA fd"],
  ["fe80::1", "link-local"],
  ["febf:ffff::1", "link-local top"],
  ["fe80::1%eth0", "link-local with zone"],
  ["fec0::1", "site-local (deprecated)"],
  ["ff02::1", "multicast"],
  ["ff0e::1", "global multicast"],
  ["100::1", "discard-only"],
  ["2001:db8::1", "documentation"],
  ["2001:db8:ffff::1", "documentation top"],
  ["3fff::1", "documentation RFC 9637"],
  ["2001::1", "Teredo"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo, real-world shape"],
  ["2001:2::1", "benchmarking 2001:2::/48"],
  ["2001:10::1", "ORCHID"],
  ["64:ff9b:1::1", "NAT64 local use"],
  ["5f00::1", "SRv6 SIDs"],
  ["4000::1", "outside 2000::/3"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:7f00:1", "IPv4-mapped loopback, hex"],
  ["::ffff:10.0.0.1", "IPv4-mapped private"],
  ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
  ["0:0:0:0:0:ffff:192.168.0.1", "IPv4-mapped, long form"],
  ["::127.0.0.1", "IPv4-compatible loopback"],
  ["::10.1.2.3", "IPv4-compatible private"],
  ["::ffff:0:127.0.0.1", "SIIT IPv4-translated loopback"],
  ["64:ff9b::127.0.0.1", "NAT64 loopback"],
  ["64:ff9b::a00:1", "NAT64 private, hex"],
  ["2002:7f00:1::", "6to4 of loopback"],
  ["2002:c0a8:101::1", "6to4 of 192.168.1.1"],
  ["2002:a9fe:a9fe::1", "6to4 of metadata"],
  // not addresses
  ["", "empty"],
  ["localhost", "a name"],
  ["example.org", "a name"],
  ["127.0.0.1.", "trailing dot"],
  ["1.2.3", "short v4"],
  ["256.1.1.1", "octet out of range"],
  ["[::1]", "bracketed"],
  ["::ffff:999.0.0.1", "bad embedded v4"],
  ["1:2:3:4:5:6:7:8:9", "too many groups"],
  ["1::2::3", "two compressions"],
];

const admitted: [string, string][] = [
  ["1.1.1.1", "Cloudflare DNS"],
  ["8.8.8.8", "Google DNS"],
  ["93.184.215.14", "example.org-like"],
  ["9.255.255.255", "just below 10/8"],
  ["11.0.0.0", "just above 10/8"],
  ["100.63.255.255", "just below CGNAT"],
  ["100.128.0.0", "just above CGNAT"],
  ["172.15.255.255", "just below 172.16/12"],
  ["172.32.0.0", "just above 172.16/12"],
  ["192.0.1.1", "between 192.0.0/24 and 192.0.2/24"],
  ["192.167.255.255", "just below 192.168/16"],
  ["192.169.0.0", "just above 192.168/16"],
  ["198.17.255.255", "just below benchmarking"],
  ["198.20.0.0", "just above benchmarking"],
  ["203.0.114.1", "just above TEST-NET-3"],
  ["223.255.255.255", "just below multicast"],
  ["2606:4700:4700::1111", "Cloudflare DNS v6"],
  ["2001:4860:4860::8888", "Google DNS v6"],
  ["2a00:1450:4001:80b::200e", "global unicast"],
  ["2001:200::1", "just above 2001::/23"],
  ["2001:db9::1", "just above 2001:db8::/32"],
  ["3ffe:ffff::1", "below 3fff::/20"],
  ["::ffff:8.8.8.8", "IPv4-mapped public"],
  ["::ffff:808:808", "IPv4-mapped public, hex"],
  ["64:ff9b::8.8.8.8", "NAT64 public"],
  ["2002:808:808::1", "6to4 of a public address"],
];

for (const [ip, why] of refused) {
  test(`refuses ${ip || "(empty)"} (${why})`, () => assert.is(isPublicAddress(ip), false));
}
for (const [ip, why] of admitted) {
  test(`admits ${ip} (${why})`, () => assert.is(isPublicAddress(ip), true));
}

test("parseV6 expands compression and dotted tails", () => {
  assert.equal(parseV6("::"), [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(parseV6("::1"), [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.equal(parseV6("1::"), [1, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(parseV6("1:2::7:8"), [1, 2, 0, 0, 0, 0, 7, 8]);
  assert.equal(parseV6("::ffff:1.2.3.4"), [0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
  assert.equal(parseV6("1:2:3:4:5:6:1.2.3.4"), [1, 2, 3, 4, 5, 6, 0x0102, 0x0304]);
  assert.is(parseV6("1:2:3:4:5:6:7"), null);
  assert.is(parseV6("1:2:3:4::5:6:7:8"), null);
  assert.is(parseV6("12345::"), null);
  assert.is(parseV6("g::"), null);
});

test.run();
