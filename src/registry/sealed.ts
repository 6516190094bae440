// Values the registry must keep yet never publish (shared secrets, contact addresses) live in
// public git only sealed to the registry's own RSA key: anyone can seal (the public key is in the
// repository, so a registration PR can be opened by anyone), only the private key's holder unseals.
//
// Format: `sealed:v1:` + standard base64 of
//   u16 BE length of the wrapped key ‖ wrapped key (RSA-OAEP SHA-256) ‖ 12-byte IV ‖ 16-byte GCM tag ‖ ciphertext
// The AES-256-GCM key is fresh for every value; the prefix is bound in as associated data.
import { constants, createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from "node:crypto";

export const SEALED_PREFIX = "sealed:v1:";
const AAD = Buffer.from(SEALED_PREFIX, "utf8");
const IV_BYTES = 12;
const TAG_BYTES = 16;
const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" } as const;

export function isSealed(s: unknown): s is string {
  return typeof s === "string" && s.startsWith(SEALED_PREFIX) && /^[A-Za-z0-9+/]+={0,2}$/.test(s.slice(SEALED_PREFIX.length));
}

export function seal(plaintext: string, registryPublicKeyPem: string): string {
  let key: KeyObject;
  try {
    key = createPublicKey(registryPublicKeyPem);
  } catch (err) {
    throw new Error(`cannot seal: the registry public key is not a readable PEM key (${(err as Error).message})`);
  }
  if (key.asymmetricKeyType !== "rsa") throw new Error(`cannot seal: the registry key must be RSA, not ${key.asymmetricKeyType}`);
  const aesKey = randomBytes(32);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", aesKey, iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  const wrapped = publicEncrypt({ key, ...OAEP }, aesKey);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(wrapped.length);
  return SEALED_PREFIX + Buffer.concat([len, wrapped, iv, tag, ciphertext]).toString("base64");
}

export function unseal(sealed: string, privateKeyPem: string): string {
  if (typeof sealed !== "string" || !sealed.startsWith(SEALED_PREFIX)) {
    throw new Error(`cannot unseal: not a sealed value (expected it to start with "${SEALED_PREFIX}")`);
  }
  const body = sealed.slice(SEALED_PREFIX.length).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new Error("cannot unseal: the sealed value is not valid base64");
  const packed = Buffer.from(body, "base64");
  if (packed.length < 2) throw new Error("cannot unseal: the sealed value is truncated");
  const wrappedLen = packed.readUInt16BE(0);
  const ivAt = 2 + wrappedLen;
  const tagAt = ivAt + IV_BYTES;
  const dataAt = tagAt + TAG_BYTES;
  if (wrappedLen === 0 || packed.length < dataAt) throw new Error("cannot unseal: the sealed value is truncated");

  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (err) {
    throw new Error(`cannot unseal: the registry private key is not a readable PEM private key (${(err as Error).message})`);
  }
  let aesKey: Buffer;
  try {
    aesKey = privateDecrypt({ key, ...OAEP }, packed.subarray(2, ivAt));
  } catch {
    throw new Error("cannot unseal: this value was sealed for a different registry key (or its key part was altered)");
  }
  if (aesKey.length !== 32) throw new Error("cannot unseal: the sealed value is corrupt (bad key length)");
  try {
    const decipher = createDecipheriv("aes-256-gcm", aesKey, packed.subarray(ivAt, tagAt), { authTagLength: TAG_BYTES });
    decipher.setAAD(AAD);
    decipher.setAuthTag(packed.subarray(tagAt, dataAt));
    return Buffer.concat([decipher.update(packed.subarray(dataAt)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("cannot unseal: the sealed value was altered or corrupted (authentication failed)");
  }
}
