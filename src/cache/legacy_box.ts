/**
 * Reading the cache boxes of version 1, written before version 2 (sealed_box.ts): AES-256-CTR
 * (as the original tool) then HMAC-SHA-256 over version byte, IV, associated data and
 * ciphertext (encrypt-then-MAC), both keys from HKDF-SHA-256 over the environment fingerprint
 * with the cache's salt. Kept so that entries cached before an upgrade (an MFA session of up to
 * 36 h) still serve; nothing writes this format any more.
 *
 * Layout: `version (1) | iv (16) | ciphertext | mac (32)`.
 *
 * @module
 */

/** The version byte of these boxes. */
export const LEGACY_BOX_VERSION = 1;
const IV_BYTES = 16;
const MAC_BYTES = 32;
const encoder = new TextEncoder();

/** The two keys of a version 1 box. */
export interface LegacyBoxKeys {
  encryption: CryptoKey;
  mac: CryptoKey;
}

/** Derives the encryption and MAC keys from a fingerprint and a salt: 512 HKDF bits, split. */
export async function deriveLegacyBoxKeys(
  fingerprint: string,
  salt: Uint8Array,
): Promise<LegacyBoxKeys> {
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
      "decrypt",
    ]),
    crypto.subtle.importKey("raw", bits.subarray(32), { name: "HMAC", hash: "SHA-256" }, false, [
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

/** Verifies and decrypts a version 1 box; `undefined` when it is truncated, tampered, foreign or of another version. */
export async function openLegacy(
  keys: LegacyBoxKeys,
  associated: string,
  box: Uint8Array,
): Promise<Uint8Array | undefined> {
  if (box.length < 1 + IV_BYTES + MAC_BYTES || box[0] !== LEGACY_BOX_VERSION) return undefined;
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
