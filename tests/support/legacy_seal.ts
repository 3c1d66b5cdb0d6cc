/**
 * Writes cache boxes of version 1 (AES-256-CTR then HMAC-SHA-256), as releases before version 2
 * did, so that tests can check they are still read (src/cache/legacy_box.ts). Written apart
 * from that reader on purpose, key derivation included: a writer sharing the reader's code
 * would agree with a reader that had drifted from the format.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Seals `plaintext` as a version 1 box under the keys of `fingerprint` and `salt`. */
export async function sealLegacy(
  fingerprint: string,
  salt: Uint8Array,
  associated: string,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
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
  const encryption = await crypto.subtle.importKey("raw", bits.subarray(0, 32), "AES-CTR", false, [
    "encrypt",
  ]);
  const mac = await crypto.subtle.importKey(
    "raw",
    bits.subarray(32),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-CTR", counter: iv, length: 64 },
      encryption,
      plaintext as BufferSource,
    ),
  );
  const header = new Uint8Array(17);
  header[0] = 1;
  header.set(iv, 1);
  const associatedBytes = encoder.encode(associated);
  const input = new Uint8Array(17 + 4 + associatedBytes.length + ciphertext.length);
  input.set(header);
  new DataView(input.buffer).setUint32(17, associatedBytes.length);
  input.set(associatedBytes, 21);
  input.set(ciphertext, 21 + associatedBytes.length);
  const tag = new Uint8Array(await crypto.subtle.sign("HMAC", mac, input));
  const box = new Uint8Array(17 + ciphertext.length + 32);
  box.set(header);
  box.set(ciphertext, 17);
  box.set(tag, 17 + ciphertext.length);
  return box;
}
