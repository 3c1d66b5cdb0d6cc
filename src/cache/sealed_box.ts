/**
 * Authenticated encryption of cache entries with Web Crypto: AES-256-GCM, with the entry's key
 * as associated data so that a box cannot be passed off under another name. The AES key comes
 * from HKDF-SHA-256 over the environment fingerprint with a random salt.
 *
 * Layout (version 2): `version (1) | iv (12) | ciphertext | tag (16)`.
 *
 * One cipher call and one derivation, each a single Web Crypto call: on the cache-hit path
 * every call is a hop to another thread (version 1, AES-CTR then HMAC, took three more; it is
 * still read, by legacy_box.ts).
 *
 * @module
 */

/** The version byte of boxes written now. */
export const BOX_VERSION = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();

/** Derives the AES-256-GCM key of a fingerprint and a salt, in one HKDF-SHA-256 call. */
export async function deriveBoxKey(fingerprint: string, salt: Uint8Array): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(fingerprint), "HKDF", false, [
    "deriveKey",
  ]);
  return crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: salt as BufferSource,
      info: encoder.encode("vegas-credentials cache v2"),
    },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** Encrypts and authenticates `plaintext`, binding it to `associated` (e.g. the entry's key). */
export async function seal(
  key: CryptoKey,
  associated: string,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: encoder.encode(associated) },
      key,
      plaintext as BufferSource,
    ),
  );
  const box = new Uint8Array(1 + IV_BYTES + ciphertext.length);
  box[0] = BOX_VERSION;
  box.set(iv, 1);
  box.set(ciphertext, 1 + IV_BYTES);
  return box;
}

/**
 * Verifies and decrypts a version 2 box; `undefined` when it is truncated, tampered, foreign or
 * of another version.
 */
export async function open(
  key: CryptoKey,
  associated: string,
  box: Uint8Array,
): Promise<Uint8Array | undefined> {
  if (box.length < 1 + IV_BYTES + TAG_BYTES || box[0] !== BOX_VERSION) return undefined;
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: box.subarray(1, 1 + IV_BYTES) as BufferSource,
          additionalData: encoder.encode(associated),
        },
        key,
        box.subarray(1 + IV_BYTES) as BufferSource,
      ),
    );
  } catch {
    // The tag does not match: tampered, or sealed under another key or name.
    return undefined;
  }
}
