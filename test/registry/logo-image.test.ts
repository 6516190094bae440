// A logo's type is read from its bytes and the whole image decoded; only PNG, JPEG, GIF and WebP
// become a PNG within 135×135. Everything else is a reason, never an exception.
import { test } from "uvu";
import * as assert from "uvu/assert";
import sharp from "sharp";
import { crc32, deflateSync } from "node:zlib";
import { convertLogo, inflatesToScanlines, logoHash, pngThatAlreadyFits, sniffLogoFormat, LOGO_MAX_BYTES } from "../../src/registry/logo-image.ts";
import { decodeDataUri, readLogoBytes } from "../../src/registry/logo-source.ts";

const make = (format: "png" | "jpeg" | "gif" | "webp" | "tiff", w = 30, h = 30) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 9, g: 99, b: 199 } } })[format]().toBuffer();

test("PNG, JPEG, GIF and WebP become a PNG named by the hash of its bytes", async () => {
  for (const format of ["png", "jpeg", "gif", "webp"] as const) {
    const r = await convertLogo(await make(format, 270, 90));
    if (!r.ok) throw new Error(`${format}: ${r.reason}`);
    assert.equal([r.width, r.height], [135, 45], format);
    assert.is((await sharp(r.png).metadata()).format, "png", format);
    assert.is(r.hash, logoHash(r.png));
    assert.match(r.hash, /^[0-9a-f]{32}$/);
  }
});

test("the same image converts to the same file", async () => {
  const bytes = await make("jpeg");
  const [a, b] = await Promise.all([convertLogo(bytes), convertLogo(Buffer.from(bytes))]);
  assert.ok(a.ok && b.ok && a.hash === b.hash);
});

const chunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
};
const chunksOf = (png: Buffer) => {
  const types: string[] = [];
  for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) types.push(png.toString("latin1", at + 4, at + 8));
  return types;
};
/** A PNG with a chunk put in after IHDR (8 bytes of signature, 25 of IHDR). */
const withChunk = (png: Buffer, extra: Buffer) => Buffer.concat([png.subarray(0, 33), extra, png.subarray(33)]);
const noisy = (w: number, h: number) => {
  const px = Buffer.alloc(w * h * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7919) % 251;
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
};

test("a PNG that already fits is published as its own image chunks: the same pixels, its text and timestamp dropped", async () => {
  const original = withChunk(await noisy(135, 100), Buffer.concat([chunk("tEXt", Buffer.from("Author\0Jane Librarian, C:\\Users\\jane")), chunk("tIME", Buffer.alloc(7, 1))]));
  const r = await convertLogo(original);
  if (!r.ok) throw new Error(r.reason);
  assert.equal([r.width, r.height], [135, 100]);
  assert.equal(chunksOf(r.png).filter((t) => t !== "IDAT"), ["IHDR", "IEND"]);
  assert.not.ok(r.png.includes(Buffer.from("Jane")), "no text chunk is published");
  assert.ok(original.includes(r.png.subarray(8 + 25, r.png.length - 12)), "the image data is the library's, byte for byte");
  const [a, b] = await Promise.all([sharp(original).raw().toBuffer(), sharp(r.png).raw().toBuffer()]);
  assert.ok(a.equals(b), "the same pixels");
  assert.is(r.hash, logoHash(r.png));
});

test("a fitting PNG with broken image data is refused, and one with a wrong CRC is not published as it is", async () => {
  const png = await noisy(40, 40);
  const idat = png.indexOf("IDAT", 8, "latin1") - 4;
  const length = png.readUInt32BE(idat);
  // valid chunk framing and CRC around image data that does not inflate
  const garbage = Buffer.concat([png.subarray(0, idat), chunk("IDAT", Buffer.alloc(length, 0x5a)), png.subarray(idat + 12 + length)]);
  assert.ok(pngThatAlreadyFits(garbage), "it looks like one that fits");
  const broken = await convertLogo(garbage);
  assert.not.ok(broken.ok);
  if (!broken.ok) assert.match(broken.reason, /could not be decoded as png/);
  const badCrc = Buffer.from(png);
  badCrc[idat + 8 + length] ^= 0xff;
  assert.is(pngThatAlreadyFits(badCrc), undefined);
  const r = await convertLogo(badCrc);
  if (r.ok) assert.ok(!r.png.equals(badCrc.subarray(0, r.png.length)) && chunksOf(r.png).includes("IDAT"), "re-encoded, never the bad bytes");
});

test("bytes a decoder skips are never published: a fitting PNG padded past its uncompressed size is converted, not copied", async () => {
  const png = await noisy(40, 40);
  const iend = png.length - 12;
  // 100 KB more image data after the compressed stream, in a chunk with a right CRC
  const padded = Buffer.concat([png.subarray(0, iend), chunk("IDAT", Buffer.alloc(100_000, 0x41)), png.subarray(iend)]);
  assert.is(pngThatAlreadyFits(padded), undefined);
  const r = await convertLogo(padded);
  if (r.ok) {
    assert.ok(r.png.length < 40 * 40 * 3 + 8192, `${r.png.length} bytes`);
    assert.not.ok(r.png.includes(Buffer.alloc(64, 0x41)));
  } else assert.match(r.reason, /could not be decoded as png/);
  assert.ok(pngThatAlreadyFits(png), "the same PNG without the padding is copied");
});

/** A PNG made by hand: IHDR for `width`×`height` at `depth` bits of colour type `colour`, then `idat` as one IDAT chunk. */
const handMade = (width: number, height: number, depth: number, colour: number, idat: Buffer, interlace = 0) => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colour, 0, 0, interlace], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
};
/** `rows` scanlines of `rowBytes` (filter byte first), filter type `filter`, noisy samples. */
const scanlines = (rows: number, rowBytes: number, filter = 1) => {
  const raw = Buffer.alloc(rows * rowBytes);
  for (let i = 0; i < raw.length; i++) raw[i] = i % rowBytes === 0 ? filter : (i * 31) % 256;
  return raw;
};

test("a plain fitting PNG is decoded by zlib: the same answer libvips gives, for every colour type it takes", async () => {
  // grey at 1 and 8 bits, RGB, grey + alpha, RGBA: rowBytes = 1 + ceil(width × channels × depth / 8)
  for (const [colour, depth, channels] of [[0, 1, 1], [0, 8, 1], [2, 8, 3], [4, 8, 2], [6, 8, 4]]) {
    const width = 37, height = 11;
    const rowBytes = 1 + Math.ceil((width * channels * depth) / 8);
    const png = handMade(width, height, depth, colour, deflateSync(scanlines(height, rowBytes)));
    const fits = pngThatAlreadyFits(png);
    assert.ok(fits?.scanlines, `colour type ${colour} at ${depth} bits is plain`);
    assert.ok(inflatesToScanlines(fits!.scanlines!), `colour type ${colour} decodes`);
    const meta = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.equal([meta.info.width, meta.info.height], [width, height], "libvips decodes it too");
    const r = await convertLogo(png);
    assert.ok(r.ok && r.png.equals(png), "published as it is");
  }
});

test("a plain fitting PNG whose data does not decode is refused by zlib, and the conversion says why", async () => {
  const width = 20, height = 10, rowBytes = 1 + width * 3;
  const good = scanlines(height, rowBytes);
  const badFilter = scanlines(height, rowBytes);
  badFilter[rowBytes * 3] = 5; // filter types are 0–4
  const stream = deflateSync(good);
  const broken: [string, Buffer][] = [
    ["a row short", deflateSync(good.subarray(0, good.length - rowBytes))],
    ["a row more", deflateSync(Buffer.concat([good, good.subarray(0, rowBytes)]))],
    ["a filter type of 5", deflateSync(badFilter)],
    ["a stream cut short", stream.subarray(0, stream.length - 10)],
    ["a wrong checksum", Buffer.concat([stream.subarray(0, stream.length - 4), Buffer.from([0, 0, 0, 0])])],
    ["bytes after the stream", Buffer.concat([stream, Buffer.from("hidden")])],
  ];
  assert.ok(inflatesToScanlines(pngThatAlreadyFits(handMade(width, height, 8, 2, stream))!.scanlines!), "the intact one decodes");
  for (const [what, idat] of broken) {
    const png = handMade(width, height, 8, 2, idat);
    const fits = pngThatAlreadyFits(png);
    assert.ok(fits?.scanlines, what);
    assert.is(inflatesToScanlines(fits!.scanlines!), false, what);
    const r = await convertLogo(png);
    if (r.ok) assert.not.ok(r.png.equals(png), `${what}: converted, never copied`);
    else assert.match(r.reason, /could not be decoded as png/, what);
  }
});

test("an interlaced PNG, a palette or a transparency chunk is decoded by libvips, not zlib alone", async () => {
  const rgb = await noisy(20, 20);
  const interlaced = await sharp(rgb).png({ progressive: true }).toBuffer();
  assert.is(interlaced[28], 1);
  const palette = await sharp(rgb).png({ palette: true, colours: 16 }).toBuffer();
  assert.is(palette[25], 3);
  for (const png of [interlaced, palette]) {
    const fits = pngThatAlreadyFits(png);
    assert.ok(fits && !fits.scanlines);
    const r = await convertLogo(png);
    assert.ok(r.ok && r.png.equals(fits!.png));
  }
  const trns = withChunk(handMade(20, 10, 8, 2, deflateSync(scanlines(10, 61))), chunk("tRNS", Buffer.alloc(6)));
  assert.ok(pngThatAlreadyFits(trns) && !pngThatAlreadyFits(trns)!.scanlines);
});

test("a PNG with an orientation, a colour profile, a private chunk, 16 bits or more than 135 pixels goes through the full conversion", async () => {
  const rotated = await sharp({ create: { width: 30, height: 10, channels: 3, background: { r: 9, g: 99, b: 199 } } }).png().withMetadata({ orientation: 6 }).toBuffer();
  assert.ok(chunksOf(rotated).includes("eXIf") && chunksOf(rotated).includes("iCCP"));
  assert.is(pngThatAlreadyFits(rotated), undefined);
  const r = await convertLogo(rotated);
  assert.ok(r.ok && r.width === 10 && r.height === 30, "the orientation is applied");
  if (r.ok) assert.not.ok(chunksOf(r.png).some((t) => t === "eXIf" || t === "iCCP"));
  const small = await noisy(20, 20);
  assert.is(pngThatAlreadyFits(withChunk(small, chunk("prVt", Buffer.from("x")))), undefined);
  assert.ok(pngThatAlreadyFits(withChunk(small, chunk("pHYs", Buffer.alloc(9)))));
  const deep = await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 1, g: 2, b: 3 } } }).toColourspace("rgb16").png().toBuffer();
  assert.is(deep[24], 16);
  assert.is(pngThatAlreadyFits(deep), undefined);
  assert.is(pngThatAlreadyFits(await noisy(136, 20)), undefined);
  const big = await convertLogo(await noisy(270, 20));
  assert.ok(big.ok && big.width === 135 && big.height === 10);
});

test("SVG (with or without an XML prolog), TIFF, HTML, text and empty input are refused with a reason", async () => {
  const cases: [string | Buffer, RegExp][] = [
    ['<svg xmlns="http://www.w3.org/2000/svg"/>', /SVG/],
    ['\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<!DOCTYPE svg><svg/>', /SVG/],
    [await make("tiff"), /not a PNG, JPEG, GIF or WebP/],
    ["<!doctype html><p>404", /not an image/],
    ["just text", /not a PNG, JPEG, GIF or WebP/],
    [Buffer.alloc(0), /empty/],
  ];
  for (const [input, reason] of cases) {
    const r = await convertLogo(typeof input === "string" ? Buffer.from(input) : input);
    assert.not.ok(r.ok, String(input).slice(0, 30));
    if (!r.ok) assert.match(r.reason, reason);
  }
});

test("a file that only starts like a PNG fails to decode: a reason, not a crash", async () => {
  const png = await make("png");
  const r = await convertLogo(Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 7)]));
  assert.not.ok(r.ok);
  if (!r.ok) assert.match(r.reason, /could not be decoded as png/);
});

test("a JPEG behind a PNG's signature is refused: the decoder goes by the same signature the sniffing reads", async () => {
  const jpeg = await make("jpeg");
  const png = await make("png");
  const r = await convertLogo(Buffer.concat([png.subarray(0, 8), jpeg]));
  assert.not.ok(r.ok);
  if (!r.ok) assert.match(r.reason, /could not be decoded as png/);
});

test("an image over the pixel limit is refused by its header, before decoding", async () => {
  const r = await convertLogo(await make("png", 8000, 4000));
  assert.not.ok(r.ok);
  if (!r.ok) assert.match(r.reason, /8000×4000 pixels/);
});

test("more bytes than the logo cap are refused unread", async () => {
  const r = await convertLogo(Buffer.alloc(LOGO_MAX_BYTES + 1));
  assert.not.ok(r.ok);
  if (!r.ok) assert.match(r.reason, /bytes; the limit is/);
});

test("the logo store forgets the oldest sources past maxSources, with their cached PNGs: strangers' logos cannot fill the disk", async () => {
  const { LogoStore } = await import("../../src/registry/logo-store.ts");
  const { mkdtempSync, readdirSync, readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "logo-store-"));
  const store = new LogoStore({ committedDir: join(dir, "libraries", "logos"), cacheDir: join(dir, "cache"), maxSources: 3 });
  const hashes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: i * 40, g: 10, b: 10 } } }).png().toBuffer();
    const r = await store.convert(png);
    assert.ok(r.ok);
    if (r.ok) hashes.push(r.hash);
  }
  store.save();
  assert.is(Object.keys(JSON.parse(readFileSync(join(dir, "cache", "sources.json"), "utf8"))).length, 3);
  const cached = readdirSync(join(dir, "cache")).filter((n) => n.endsWith(".png")).sort();
  assert.equal(cached, hashes.slice(2).map((h) => `${h}.png`).sort(), "the newest three stay");
  assert.is(store.path(hashes[0]), undefined);
});

test("sniffLogoFormat reads magic numbers, not names", async () => {
  assert.is(sniffLogoFormat(await make("webp")), "webp");
  assert.is(sniffLogoFormat(Buffer.from("GIF89a....")), "gif");
  assert.equal(typeof sniffLogoFormat(Buffer.from("PNG")), "object");
});

test("data: URIs: base64 and percent-encoded; a missing comma or an oversized payload is a reason", async () => {
  const a = decodeDataUri("data:image/png;base64,iVBORw0KGgo=");
  assert.ok(a.ok && Buffer.from(a.bytes).subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
  const b = decodeDataUri("data:image/svg+xml,%3Csvg%2F%3E");
  assert.ok(b.ok && Buffer.from(b.bytes).toString() === "<svg/>");
  assert.not.ok(decodeDataUri("data:image/png;base64").ok);
  const big = decodeDataUri(`data:image/png;base64,${"A".repeat(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 8)}`);
  assert.not.ok(big.ok);
  assert.not.ok(decodeDataUri("data:text/plain,%E0%A4%A").ok, "bad percent-encoding");
});

test("a percent-encoded data: URI stands for bytes, not UTF-8 text: a binary PNG decodes and converts", async () => {
  const png = await sharp({ create: { width: 30, height: 10, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toBuffer();
  // every byte as %XX, as encodeURIComponent cannot write it (0x89 alone is not UTF-8)
  const href = `data:image/png,${[...png].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")}`;
  const decoded = decodeDataUri(href);
  assert.ok(decoded.ok);
  if (!decoded.ok) return;
  assert.equal(Buffer.from(decoded.bytes), png);
  const converted = await convertLogo(decoded.bytes);
  assert.ok(converted.ok && converted.width === 30 && converted.height === 10);
  // ASCII left as is, and a character that is not ASCII taken as its UTF-8 bytes
  const mixed = decodeDataUri("data:text/plain,a%20b%FFé");
  assert.ok(mixed.ok && Buffer.from(mixed.bytes).equals(Buffer.from([0x61, 0x20, 0x62, 0xff, 0xc3, 0xa9])));
});

test("readLogoBytes: a non-200 answer and a failed fetch are reasons", async () => {
  const notFound = await readLogoBytes("https://x.example/logo.png", async (url) => ({ url, status: 404, headers: new Headers(), contentType: null, body: new Uint8Array(), redirects: [] }));
  assert.equal(notFound, { ok: false, reason: "the logo https://x.example/logo.png answered HTTP 404" });
  const { FetchError } = await import("../../src/net/fetch-error.ts");
  const refused = await readLogoBytes("https://x.example/logo.png", async () => {
    throw new FetchError("forbidden-address", "https://x.example/logo.png", "x.example resolves to 10.0.0.1");
  });
  assert.not.ok(refused.ok);
  if (!refused.ok) assert.match(refused.reason, /10\.0\.0\.1/);
});

test.run();
