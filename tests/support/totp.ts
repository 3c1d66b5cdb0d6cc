/**
 * RFC 6238 TOTP (HMAC-SHA-1, 30 s steps, 6 digits), for the loopback STS and the simulated
 * authenticator app. Checked against `oathtool` in tests/support/totp_test.ts.
 *
 * @module
 */

import { createHmac, randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The length of a TOTP step, in seconds. */
export const STEP_SECONDS = 30;

/** Decodes RFC 4648 base32 (padding and case ignored). */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[=\s]/g, "").toUpperCase();
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index === -1) throw new Error(`invalid base32 character "${char}"`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(bytes);
}

/** Encodes bytes as unpadded base32. */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A new random base32 secret (160 bits, as AWS virtual MFA devices use). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The TOTP code of `secret` for the step containing `timeMs`. */
export function totp(secret: string, timeMs: number = Date.now()): string {
  return totpForStep(secret, Math.floor(timeMs / 1000 / STEP_SECONDS));
}

/** The TOTP code of `secret` for a step number. */
export function totpForStep(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, "0");
}
