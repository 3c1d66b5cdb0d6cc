/**
 * The plaintext of a cache entry: JSON, written in ASCII only (every other character as a `\u`
 * escape), so that reading it back needs no TextDecoder.
 *
 * Written by hand for speed: the first TextDecoder of a process costs ~0.25 ms, a tenth of the
 * cache hit's own work. tests/cache/entry_codec_test.ts checks both functions against
 * JSON.stringify and TextDecoder.
 *
 * @module
 */

/** A cached value. */
export interface CacheEntry {
  /** The profile it was made for, shown by `cache list` (stored encrypted). */
  profile: string;
  /** Milliseconds since the epoch when the value stops being valid. */
  expiresAt: number;
  createdAt: number;
  data: unknown;
}

/** `JSON.stringify(value)` with every character outside ASCII escaped: the same value, parsed. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Bytes to text: by hand when they are all ASCII, else with TextDecoder (same result). */
export function decodeText(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) return new TextDecoder().decode(bytes);
  }
  let text = "";
  // In slices: a spread of too many arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return text;
}

/** The plaintext of `entry`. */
export function encodeEntry(entry: CacheEntry): Uint8Array {
  return new TextEncoder().encode(asciiJson(entry));
}

/** The entry in `plain`, or `undefined` when it is not one. */
export function decodeEntry(plain: Uint8Array): CacheEntry | undefined {
  try {
    const entry = JSON.parse(decodeText(plain));
    if (typeof entry?.expiresAt === "number" && typeof entry?.profile === "string") return entry;
  } catch {
    // Not JSON: unreadable.
  }
  return undefined;
}
