// A library's logo, checked and converted: its type is read from its bytes (never its name or
// declared type), it is decoded in full (a file that only looks like an image fails here), and it
// is re-encoded as a PNG of at most 135×135 (the SimplyE guideline; aspect ratio kept, never
// enlarged, metadata dropped). A PNG that already is one (the guideline's logo) is published as
// its own image chunks, its metadata chunks dropped, instead of being compressed a second time.
// The PNG's content hash names the published file.
//
// Accepted: PNG, JPEG, GIF (first frame) and WebP. Refused: SVG and everything else sharp could
// open (TIFF, HEIF, PDF, …). Rasterising an SVG from a stranger runs a full XML and CSS renderer
// on hostile input (external references, xi:include, entity expansion: librsvg has disclosed
// local files this way, CVE-2023-38633), while every reading app shows a PNG and the guideline
// already asks libraries for one. A library with an SVG logo is listed without an image and told why.
import { createHash } from "node:crypto";
import { crc32, inflateSync } from "node:zlib";
import sharp from "sharp";

export const LOGO_MAX_SIDE = 135;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Larger images are refused before decoding: a 135×135 logo never needs 16 million pixels. */
export const LOGO_MAX_INPUT_PIXELS = 4096 * 4096;
/** The most bytes a logo may have, whatever the document cap. */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;

// libvips' own operation cache would keep decoded images of thousands of logos for nothing.
sharp.cache(false);

export type LogoFormat = "png" | "jpeg" | "gif" | "webp";

export type ConvertedLogo = { ok: true; png: Buffer; hash: string; width: number; height: number } | { ok: false; reason: string };

/** The image format from the first bytes, or why it is not one we accept. */
export function sniffLogoFormat(bytes: Uint8Array): LogoFormat | { refused: string } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 512));
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString("latin1"))) return "gif";
  if (b.length >= 12 && b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP") return "webp";
  const head = skipXmlPreamble(b.toString("utf8").replace(/^\uFEFF/, "").toLowerCase());
  if (head.startsWith("<!doctype svg") || /^<svg[\s>/]/.test(head)) return { refused: "an SVG image: SVG logos are not rasterised (publish a PNG, 135×135)" };
  if (head.startsWith("<")) return { refused: "not an image (it looks like HTML or XML)" };
  return { refused: "not a PNG, JPEG, GIF or WebP image" };
}

/** What follows white space, an XML declaration and comments: one pass of indexOf, no backtracking. */
function skipXmlPreamble(text: string): string {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    const close = text.startsWith("<?xml", at) ? text.indexOf("?>", at) : text.startsWith("<!--", at) ? text.indexOf("-->", at) : -2;
    if (close === -2) return text.slice(at);
    if (close === -1) return "";
    at = close + (text[close] === "?" ? 2 : 3);
  }
}

export function logoHash(png: Uint8Array): string {
  return createHash("sha256").update(png).digest("hex").slice(0, 32);
}

export async function convertLogo(bytes: Uint8Array): Promise<ConvertedLogo> {
  if (bytes.length === 0) return { ok: false, reason: "the logo is empty" };
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, reason: `the logo is ${bytes.length} bytes; the limit is ${LOGO_MAX_BYTES}` };
  const sniffed = sniffLogoFormat(bytes);
  if (typeof sniffed !== "string") return { ok: false, reason: `the logo is ${sniffed.refused}` };
  const options = { limitInputPixels: LOGO_MAX_INPUT_PIXELS, failOn: "error", animated: false } as const;
  const fitting = sniffed === "png" ? pngThatAlreadyFits(bytes) : undefined;
  if (fitting) {
    // Decoded in full all the same, but not encoded again: 0.7 ms of CPU against 1.9 ms per
    // 135×135 logo. A plain one (see pngThatAlreadyFits) is decoded by zlib alone, 0.1 ms: its
    // scanlines are the whole image. One that does not decode goes on to the conversion below,
    // which says why.
    const decodes = fitting.scanlines
      ? inflatesToScanlines(fitting.scanlines)
      : await sharp(bytes, options).timeout({ seconds: 10 }).raw().toBuffer({ resolveWithObject: true }).then((r) => r.info.width === fitting.width && r.info.height === fitting.height, () => false);
    if (decodes) return { ok: true, png: fitting.png, hash: logoHash(fitting.png), width: fitting.width, height: fitting.height };
  }
  try {
    // One pipeline: libvips reads the header first and refuses an image over the pixel limit
    // before decoding it, and it picks its loader by the same signatures sniffLogoFormat reads.
    // (A separate metadata() call before it cost a second of a cold build's main thread.)
    const { data, info } = await sharp(bytes, options)
      .timeout({ seconds: 10 })
      .rotate() // a phone photo's EXIF orientation, applied before the metadata is dropped
      .resize(LOGO_MAX_SIDE, LOGO_MAX_SIDE, { fit: "inside", withoutEnlargement: true })
      // adaptive filtering: a fifth smaller than the defaults on noisy logos; at level 6 it costs
      // 2.0 ms of CPU per 135×135 logo against 3.2 ms at level 9, for 4 % more bytes (measured on
      // the bench's logos: 10,000 logos are 12 s of a cold build's CPU less)
      .png({ compressionLevel: 6, adaptiveFiltering: true })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, png: data, hash: logoHash(data), width: info.width, height: info.height };
  } catch (err) {
    const message = (err as Error).message.split("\n")[0];
    if (/pixel limit/i.test(message)) {
      // the header alone says how large it claims to be: read again only to say so
      const meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata().catch(() => undefined);
      if (meta?.width && meta.height) return { ok: false, reason: `the logo is ${meta.width}×${meta.height} pixels; the limit is ${LOGO_MAX_INPUT_PIXELS} pixels (a logo is shown at 135×135)` };
      return { ok: false, reason: `the logo is larger than ${LOGO_MAX_INPUT_PIXELS} pixels (a logo is shown at 135×135)` };
    }
    return { ok: false, reason: `the logo could not be decoded as ${sniffed}: ${message}` };
  }
}

/** The chunks that are the image: a published PNG keeps these and nothing else. */
const IMAGE_CHUNKS = new Set(["IHDR", "PLTE", "tRNS", "IDAT", "IEND"]);
/**
 * Chunks dropped without changing what is drawn: text (which may name a person or a file path),
 * a timestamp, the physical pixel size, and the sRGB declaration (the colour space every output
 * is taken to be in). Any other chunk (an ICC profile, EXIF and its orientation, gamma,
 * animation, a private chunk) sends the logo through the full conversion instead.
 */
const DROPPED_CHUNKS = new Set(["tEXt", "zTXt", "iTXt", "tIME", "pHYs", "sRGB"]);

/** Samples per pixel by PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Room beyond the uncompressed image for zlib's framing, a palette, transparency and chunk headers. */
const PNG_OVERHEAD_BYTES = 8192;

/** A plain PNG's image data: its IDAT chunks' contents, and the scanlines they must inflate to. */
export interface PngScanlines {
  data: Buffer[];
  /** Bytes of one scanline, its filter-type byte first. */
  rowBytes: number;
  rows: number;
}

/**
 * Does a plain PNG's image data decode? Decoding a non-interlaced, palette-free PNG is inflating
 * its zlib stream and undoing each scanline's filter, and only the first can fail: the stream
 * must inflate whole (adler32 checked, no bytes after its end) to exactly `rows` scanlines of
 * `rowBytes`, each starting with one of the five filter types. Output is capped at that size
 * (a stream that would inflate further stops there). Synchronous: about 0.1 ms for a 135×135
 * logo, and zlib's asynchronous form cost the main thread as much again in stream machinery
 * (measured on 2,000 bench logos: 94–115 µs of the main thread each, against 102–134 µs for the
 * whole inflate here), plus the same work on libuv's pool.
 */
export function inflatesToScanlines({ data, rowBytes, rows }: PngScanlines): boolean {
  const stream = data.length === 1 ? data[0] : Buffer.concat(data);
  const expected = rowBytes * rows;
  let buffer: Buffer;
  let engine: { bytesWritten: number };
  try {
    ({ buffer, engine } = inflateSync(stream, { maxOutputLength: expected, info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } });
  } catch {
    // a broken stream, or one that inflates past `expected`
    return false;
  }
  if (buffer.length !== expected || engine.bytesWritten !== stream.length) return false;
  for (let at = 0; at < expected; at += rowBytes) if (buffer[at] > 4) return false;
  return true;
}

/**
 * A PNG that already is what the conversion would make (at most 135×135, 8 bits or fewer per
 * sample, nothing but the image and droppable metadata, every kept chunk's CRC right, and no
 * larger than its pixels stored uncompressed: bytes a decoder skips, such as data after the
 * compressed stream, are never published): its image chunks, copied byte for byte after the
 * signature, with its size. Otherwise undefined, and the logo is converted. One pass over the
 * chunk headers; the caller still decodes the image in full. A plain one (not interlaced, no
 * palette, grey at 1–8 bits or 8-bit RGB, grey + alpha or RGBA, nothing but IHDR, consecutive
 * IDATs and IEND besides dropped metadata) comes with its `scanlines`, which zlib alone decodes
 * (inflatesToScanlines); any other is decoded by libvips.
 */
export function pngThatAlreadyFits(bytes: Uint8Array): { png: Buffer; width: number; height: number; scanlines?: PngScanlines } | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (b.length < 8 + 25 + 12 || !b.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  const kept: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  let width = 0, height = 0, limit = 0, sawData = false;
  // plain until shown otherwise: IDATs in one run, nothing kept but IHDR, IDAT and IEND
  let plain = false, rowBytes = 0, dataEnded = false;
  const data: Buffer[] = [];
  for (let index = 0; ; index++) {
    if (at + 12 > b.length) return undefined;
    const length = b.readUInt32BE(at);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > b.length) return undefined;
    const type = b.toString("latin1", at + 4, at + 8);
    if (index === 0) {
      if (type !== "IHDR" || length !== 13) return undefined;
      width = b.readUInt32BE(at + 8);
      height = b.readUInt32BE(at + 12);
      const bitDepth = b[at + 16];
      const channels = CHANNELS[b[at + 17]];
      if (width < 1 || height < 1 || width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE || bitDepth > 8 || !channels) return undefined;
      rowBytes = 1 + Math.ceil((width * channels * bitDepth) / 8);
      limit = height * rowBytes + PNG_OVERHEAD_BYTES;
      const colourType = b[at + 17];
      const depthFits = colourType === 0 ? [1, 2, 4, 8].includes(bitDepth) : colourType !== 3 && bitDepth === 8;
      // compression and filter method 0 (the only ones), interlace method 0 (none)
      plain = depthFits && b[at + 18] === 0 && b[at + 19] === 0 && b[at + 20] === 0;
    } else if (type === "IHDR") return undefined;
    if (IMAGE_CHUNKS.has(type)) {
      // the bytes are published as they are: a wrong CRC here is a file some readers refuse
      if (crc32(b.subarray(at + 4, end - 4)) !== b.readUInt32BE(end - 4)) return undefined;
      if (type === "IDAT") {
        if (dataEnded) plain = false;
        sawData = true;
        data.push(b.subarray(at + 8, end - 4));
      } else {
        if (sawData) dataEnded = true;
        if (type === "PLTE" || type === "tRNS") plain = false;
      }
      kept.push(b.subarray(at, end));
      if (type === "IEND") {
        const png = Buffer.concat(kept);
        if (!sawData || png.length > limit) return undefined;
        return plain ? { png, width, height, scanlines: { data, rowBytes, rows: height } } : { png, width, height };
      }
    } else if (!DROPPED_CHUNKS.has(type)) return undefined;
    at = end;
  }
}
