// Logos like the ones libraries really publish (the SimplyE guideline: 135×135 PNG): each one
// distinct, 10–20 KB, with enough noise that compression cannot make it small. Some are JPEG and
// some are served by URL instead of a data: URI, as in the wild.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { syntheticRandom } from "./random.ts";

export const LOGO_SIZE = 135;
export const LOGO_MIN_BYTES = 10_000;
export const LOGO_MAX_BYTES = 20_000;

export interface SyntheticLogoKind {
  format: "png" | "jpeg";
  /** Served at `{library}/logo.{ext}` and linked by URL, instead of inlined as a data: URI. */
  byUrl: boolean;
}

/** One library in five has a JPEG logo; one in four links its logo by URL. */
export function syntheticLogoKind(i: number): SyntheticLogoKind {
  return { format: i % 5 === 2 ? "jpeg" : "png", byUrl: i % 4 === 1 };
}

export function logoExtension(kind: SyntheticLogoKind): string {
  return kind.format === "jpeg" ? "jpg" : "png";
}

export function logoMediaType(kind: SyntheticLogoKind): string {
  return kind.format === "jpeg" ? "image/jpeg" : "image/png";
}

/**
 * Library i's logo: a two-colour gradient and a disc (a logo's flat areas), plus a band of noise
 * whose height is adjusted until the encoded file lands within 10–20 KB.
 */
export async function drawSyntheticLogo(i: number): Promise<Buffer> {
  const kind = syntheticLogoKind(i);
  let noisy = kind.format === "png" ? 0.32 : 1;
  for (let attempt = 0; ; attempt++) {
    const bytes = await encodeLogo(i, kind, noisy);
    if (attempt >= 8 || (bytes.length >= LOGO_MIN_BYTES && bytes.length <= LOGO_MAX_BYTES)) return bytes;
    const target = (LOGO_MIN_BYTES + LOGO_MAX_BYTES) / 2;
    noisy = Math.min(1, Math.max(0.05, noisy * (target / bytes.length)));
  }
}

function encodeLogo(i: number, kind: SyntheticLogoKind, noisy: number): Promise<Buffer> {
  const r = syntheticRandom(i, "logo");
  const n = LOGO_SIZE;
  const px = Buffer.alloc(n * n * 3);
  const c1 = [r() * 255, r() * 255, r() * 255];
  const c2 = [r() * 255, r() * 255, r() * 255];
  const cx = 30 + r() * 75, cy = 30 + r() * 75, rad = 20 + r() * 30;
  const band = Math.round(n * noisy);
  // PNG survives a little noise only at a low amplitude; JPEG needs more to stay 10 KB at q92
  const amplitude = kind.format === "png" ? 5 : 60;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 < rad * rad;
      const t = (x + y) / (2 * n);
      for (let k = 0; k < 3; k++) {
        let v = inDisc ? 255 - c1[k] : c1[k] * (1 - t) + c2[k] * t;
        v = y < band ? v + (r() * 2 - 1) * amplitude : Math.round(v / 16) * 16;
        px[(y * n + x) * 3 + k] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  const image = sharp(px, { raw: { width: n, height: n, channels: 3 } });
  return kind.format === "png" ? image.png().toBuffer() : image.jpeg({ quality: 92 }).toBuffer();
}

export function syntheticLogoPath(dir: string, i: number): string {
  return join(dir, `${i}.${logoExtension(syntheticLogoKind(i))}`);
}

/** Draws logos 0..n-1 into dir (kept from an earlier run when present). */
export async function writeSyntheticLogos(dir: string, n: number, concurrency = 4): Promise<void> {
  mkdirSync(dir, { recursive: true });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const path = syntheticLogoPath(dir, i);
        if (!existsSync(path)) writeFileSync(path, await drawSyntheticLogo(i));
      }
    }),
  );
}

export function readSyntheticLogo(dir: string, i: number): Buffer {
  return readFileSync(syntheticLogoPath(dir, i));
}
