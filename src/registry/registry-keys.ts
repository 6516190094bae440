// The registry's own RSA key pair. The public half is committed (registry.config.yaml points at
// it) so anyone can seal values for the registry; the private half lives outside the repository
// and reaches CI as a secret: REGISTRY_PRIVATE_KEY (PEM text) or REGISTRY_PRIVATE_KEY_FILE (a path).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";

export interface RegistryKeyPair {
  /** SubjectPublicKeyInfo PEM. */
  publicKeyPem: string;
  /** PKCS#8 PEM, unencrypted: protect it with file permissions and CI secret storage. */
  privateKeyPem: string;
}

export function generateRegistryKeyPair(bits = 3072): RegistryKeyPair {
  if (!Number.isInteger(bits) || bits < 2048 || bits > 16384) throw new Error(`registry key size must be 2048–16384 bits, not ${bits}`);
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** CI secret stores often flatten newlines to a literal `\n`; PEM needs real ones. */
function normalisePem(text: string): string {
  return text.replace(/\\r\\n|\\n|\\r/g, "\n").replace(/\r\n/g, "\n").trim() + "\n";
}

function asPrivateKey(pem: string, source: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new Error(`${source} is not a PEM private key (expected a PEM block labelled PRIVATE KEY)`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new Error(`${source} holds a private key that cannot be read: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== "rsa") throw new Error(`${source} must be an RSA private key, not ${key.asymmetricKeyType}`);
  return key;
}

/**
 * The registry private key from the environment, or null when neither variable is set (a registry
 * without its own key issues no secrets). A set-but-unusable variable is an Error: silently running
 * without the key would look like "no secrets configured".
 */
export function loadRegistryPrivateKey(env: NodeJS.ProcessEnv = process.env): { pem: string; source: string } | null {
  const inline = env.REGISTRY_PRIVATE_KEY;
  if (inline !== undefined && inline.trim() !== "") {
    const source = "REGISTRY_PRIVATE_KEY";
    const pem = normalisePem(inline);
    asPrivateKey(pem, source);
    return { pem, source };
  }
  const file = env.REGISTRY_PRIVATE_KEY_FILE;
  if (file !== undefined && file.trim() !== "") {
    const source = `REGISTRY_PRIVATE_KEY_FILE (${file})`;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new Error(`${source} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const pem = normalisePem(text);
    asPrivateKey(pem, source);
    return { pem, source };
  }
  return null;
}

/** The committed public key, or null when the file does not exist. Errors if it is not a public key. */
export function loadRegistryPublicKey(path: string): string | null {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, "utf8");
  if (/PRIVATE KEY/.test(text)) throw new Error(`${path} holds a PRIVATE key; it must hold only the public key (and the private key must now be replaced)`);
  try {
    const key = createPublicKey(text);
    if (key.asymmetricKeyType !== "rsa") throw new Error(`an ${key.asymmetricKeyType} key, not RSA`);
  } catch (err) {
    throw new Error(`${path} is not a PEM RSA public key: ${(err as Error).message}`);
  }
  return text;
}

/** Whether the private key is the other half of the public key (same modulus and exponent). */
export function keysMatch(publicPem: string, privatePem: string): boolean {
  try {
    const pub = createPublicKey(publicPem).export({ format: "jwk" });
    const fromPriv = createPublicKey(createPrivateKey(privatePem)).export({ format: "jwk" });
    return pub.kty === fromPriv.kty && pub.n === fromPriv.n && pub.e === fromPriv.e;
  } catch {
    return false;
  }
}

/** The SPKI PEM public half of a private key: a registry given only its private key needs no more. */
export function publicKeyOf(privatePem: string): string {
  return createPublicKey(createPrivateKey(privatePem)).export({ type: "spki", format: "pem" }).toString();
}

export interface RegistryKeys {
  publicKey: string | null;
  privateKey: string | null;
  /** Where the public key came from, for messages. */
  publicSource: "file" | "derived" | null;
}

/**
 * The registry's key pair as configured: keys.public_key (when the file exists) and the private
 * key from the environment. With only the private key, the public key is derived from it; with
 * both, they must be halves of one pair, or an Error says so (sealing to one key while holding the
 * other would write secrets nobody can read back).
 */
export function loadRegistryKeys(publicPath: string, env: NodeJS.ProcessEnv = process.env): RegistryKeys {
  const priv = loadRegistryPrivateKey(env);
  const pub = loadRegistryPublicKey(publicPath);
  if (pub && priv && !keysMatch(pub, priv.pem)) {
    throw new Error(
      `${priv.source} and keys.public_key (${publicPath}) are not one key pair: values sealed to that public key could not be read with this private key. ` +
        "Give the private key that belongs to it, or remove keys.public_key's file (the public key is then derived from the private key).",
    );
  }
  if (pub) return { publicKey: pub, privateKey: priv?.pem ?? null, publicSource: "file" };
  if (priv) return { publicKey: publicKeyOf(priv.pem), privateKey: priv.pem, publicSource: "derived" };
  return { publicKey: null, privateKey: null, publicSource: null };
}
