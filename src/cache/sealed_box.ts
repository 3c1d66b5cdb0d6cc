/**
 * Authenticated encryption of cache entries with Web Crypto: AES-256-CTR (as the original tool)
 * then HMAC-SHA-256 over version byte, IV, associated data and ciphertext (encrypt-then-MAC).
 * Both keys come from HKDF-SHA-256 over the environment fingerprint with a random salt.
 *
 * Layout: `version (1) | iv (16) | ciphertext | mac (32)`.
 *
 * @module
 */

const VERSION = 1;
const IV_BYTES = 16;
const MAC_BYTES = 32;
const encoder = new TextEncoder();

/** The two keys of a box. */
export interface BoxKeys {
  encryption: CryptoKey;
  mac: CryptoKey;
}

/**
 * Derives the encryption and MAC keys from a fingerprint and a salt: one HKDF-SHA-256 call for
 * 512 bits, split in two (one call instead of two: each Web Crypto call is a thread hop, and this
 * is on the cache-hit path).
 */
export async function deriveBoxKeys(fingerprint: string, salt: Uint8Array): Promise<BoxKeys> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(fingerprint), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = new Uint8Array(
    await crypto.subtle.deriveBits(
      {
        name: "HKDF",
        hash: "SHA-256",
        salt: salt as BufferSource,
        info: encoder.encode("vegas-credentials cache v1"),
      },
      base,
      512,
    ),
  );
  const [encryption, mac] = await Promise.all([
    crypto.subtle.importKey("raw", bits.subarray(0, 32), { name: "AES-CTR" }, false, [
      "encrypt",
      "decrypt",
    ]),
    crypto.subtle.importKey("raw", bits.subarray(32), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]),
  ]);
  bits.fill(0);
  return { encryption, mac };
}

function macInput(header: Uint8Array, associated: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, associated.length);
  const input = new Uint8Array(header.length + 4 + associated.length + ciphertext.length);
  input.set(header);
  input.set(length, header.length);
  input.set(associated, header.length + 4);
  input.set(ciphertext, header.length + 4 + associated.length);
  return input;
}

/** Encrypts and authenticates `plaintext`, binding it to `associated` (e.g. the entry's key). */
export async function seal(
  keys: BoxKeys,
  associated: string,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-CTR", counter: iv, length: 64 },
      keys.encryption,
      plaintext as BufferSource,
    ),
  );
  const header = new Uint8Array(1 + IV_BYTES);
  header[0] = VERSION;
  header.set(iv, 1);
  const mac = new Uint8Array(
    await crypto.subtle.sign(
      "HMAC",
      keys.mac,
      macInput(header, encoder.encode(associated), ciphertext) as BufferSource,
    ),
  );
  const box = new Uint8Array(header.length + ciphertext.length + MAC_BYTES);
  box.set(header);
  box.set(ciphertext, header.length);
  box.set(mac, header.length + ciphertext.length);
  return box;
}

/** Verifies and decrypts a box; `undefined` when it is truncated, tampered, foreign or of another version. */
export async function open(
  keys: BoxKeys,
  associated: string,
  box: Uint8Array,
): Promise<Uint8Array | undefined> {
  if (box.length < 1 + IV_BYTES + MAC_BYTES || box[0] !== VERSION) return undefined;
  const header = box.subarray(0, 1 + IV_BYTES);
  const ciphertext = box.subarray(1 + IV_BYTES, box.length - MAC_BYTES);
  const mac = box.subarray(box.length - MAC_BYTES);
  const valid = await crypto.subtle.verify(
    "HMAC",
    keys.mac,
    mac as BufferSource,
    macInput(header, encoder.encode(associated), ciphertext) as BufferSource,
  );
  if (!valid) return undefined;
  return new Uint8Array(
    await crypto.subtle.decrypt(
      { name: "AES-CTR", counter: header.subarray(1) as BufferSource, length: 64 },
      keys.encryption,
      ciphertext as BufferSource,
    ),
  );
}
