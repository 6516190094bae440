// Which IP addresses the registry may contact (B12: the reference had no SSRF guard).
// Policy: an address is public only if it is globally routable unicast. Everything special-purpose
// (IANA IPv4/IPv6 Special-Purpose Address Registries) is refused, and an IPv6 address that carries
// an IPv4 address (mapped, compatible, SIIT, NAT64, 6to4) is judged by the address it carries,
// because a host with the matching translator or tunnel would end up talking to that IPv4 address.
import { BlockList, isIP } from "node:net";

const BLOCKED_V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata lives here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation TEST-NET-1
  ["192.88.99.0", 24], // 6to4 relay anycast (deprecated)
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation TEST-NET-2
  ["203.0.113.0", 24], // documentation TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
];

// Inside global unicast 2000::/3, the parts that are not globally reachable.
const BLOCKED_V6: [string, number][] = [
  ["2001::", 23], // IETF protocol assignments, including Teredo 2001::/32 (see below)
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation (RFC 9637)
];

const v4Blocked = new BlockList();
for (const [net, bits] of BLOCKED_V4) v4Blocked.addSubnet(net, bits, "ipv4");
const v6Blocked = new BlockList();
for (const [net, bits] of BLOCKED_V6) v6Blocked.addSubnet(net, bits, "ipv6");

/**
 * True when `ip` (an IPv4 or IPv6 literal, as DNS returns it) is a public unicast address the
 * registry may connect to. Anything that is not an IP literal is not public.
 */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return isPublicV4(ip);
  if (family === 6) return isPublicV6(ip);
  return false;
}

function isPublicV4(ip: string): boolean {
  return !v4Blocked.check(ip, "ipv4");
}

function isPublicV6(ip: string): boolean {
  // A zone id ("fe80::1%eth0") only means something for link- and site-scoped addresses.
  if (ip.includes("%")) return false;
  const w = parseV6(ip);
  if (!w) return false;
  const embedded = embeddedV4(w);
  if (embedded !== null) return isPublicV4(embedded);
  // Only 2000::/3 is global unicast; the rest is loopback, unspecified, ULA fc00::/7, link-local
  // fe80::/10, site-local fec0::/10, multicast ff00::/8, discard 100::/64, NAT64 local-use
  // 64:ff9b:1::/48, SRv6 5f00::/16 or unassigned.
  if ((w[0] & 0xe000) !== 0x2000) return false;
  // Teredo (2001::/32) is refused outright rather than decoded: its client address is obfuscated
  // and relayed, and no library needs to be reached over Teredo. It is inside 2001::/23 below.
  return !v6Blocked.check(ip, "ipv6");
}

/** The IPv4 address an IPv6 address stands for, when it is one of the embedding forms. */
function embeddedV4(w: number[]): string | null {
  const tail = () => `${w[6] >> 8}.${w[6] & 0xff}.${w[7] >> 8}.${w[7] & 0xff}`;
  const zero = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && w[5] === 0xffff) return tail(); // ::ffff:a.b.c.d  IPv4-mapped
  if (zero(0, 6)) return tail(); // ::a.b.c.d  IPv4-compatible (:: and ::1 land in 0.0.0.0/8)
  if (zero(0, 4) && w[4] === 0xffff && w[5] === 0) return tail(); // ::ffff:0:a.b.c.d  SIIT
  if (w[0] === 0x64 && w[1] === 0xff9b && zero(2, 6)) return tail(); // 64:ff9b::/96 NAT64
  if (w[0] === 0x2002) return `${w[1] >> 8}.${w[1] & 0xff}.${w[2] >> 8}.${w[2] & 0xff}`; // 6to4
  return null;
}

/** Eight 16-bit words, or null. Accepts `::` compression and a dotted IPv4 tail. */
export function parseV6(ip: string): number[] | null {
  let text = ip;
  const lastColon = text.lastIndexOf(":");
  const dotted = text.slice(lastColon + 1);
  if (dotted.includes(".")) {
    if (isIP(dotted) !== 4) return null;
    const [a, b, c, d] = dotted.split(".").map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const words = (s: string) => (s === "" ? [] : s.split(":").map((h) => (/^[0-9a-fA-F]{1,4}$/.test(h) ? parseInt(h, 16) : NaN)));
  const head = words(halves[0]);
  if (halves.length === 1) return head.length === 8 && head.every((x) => !Number.isNaN(x)) ? head : null;
  const tail = words(halves[1]);
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return null;
  const out = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return out.every((x) => !Number.isNaN(x)) ? out : null;
}
