/**
 * Session tags and transitive tag keys for AssumeRole, in aws-vault's notation:
 * `session_tags = key1=value1,key2=value2` and `transitive_session_tags = key1,key2`.
 *
 * @module
 */

/** A session tag. */
export interface SessionTag {
  key: string;
  value: string;
}

/** The tag key and value patterns, built on first use: `\p{…}` classes cost ~0.6 ms to build,
 * which a cache hit (that never parses tags) should not pay at module load. */
let patterns: { key: RegExp; value: RegExp } | undefined;
function tagPatterns(): { key: RegExp; value: RegExp } {
  return patterns ??= {
    key: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
    value: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u,
  };
}

/** Parses `k=v,k2=v2`; returns the tags, or the reason the text is malformed. */
export function parseSessionTags(text: string): SessionTag[] | string {
  const tags: SessionTag[] = [];
  for (const part of text.split(",")) {
    const equals = part.indexOf("=");
    if (equals <= 0) return `"${part.trim()}" is not key=value`;
    const key = part.slice(0, equals).trim();
    const value = part.slice(equals + 1).trim();
    if (!tagPatterns().key.test(key)) {
      return `tag key "${key}" must be 1 to 128 letters, digits, spaces or _.:/=+-@`;
    }
    if (!tagPatterns().value.test(value)) {
      return `tag value "${value}" must be up to 256 letters, digits, spaces or _.:/=+-@`;
    }
    if (tags.some((tag) => tag.key.toLowerCase() === key.toLowerCase())) {
      return `tag key "${key}" appears twice`;
    }
    tags.push({ key, value });
  }
  if (tags.length > 50) return "AWS accepts at most 50 session tags";
  return tags;
}

/** Parses `k1,k2`; returns the keys, or the reason the text is malformed. */
export function parseTransitiveTagKeys(text: string): string[] | string {
  const keys = text.split(",").map((key) => key.trim());
  for (const key of keys) {
    if (!tagPatterns().key.test(key)) {
      return `tag key "${key}" must be 1 to 128 letters, digits, spaces or _.:/=+-@`;
    }
  }
  return keys;
}
