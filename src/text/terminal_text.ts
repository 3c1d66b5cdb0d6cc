/**
 * Untrusted text made safe for a terminal, stderr and the log: control characters shown
 * escaped (`\x1b`, `\x00`), and long values cut with `…`. Used for everything that did not come
 * from this program: config values, profile names, other programs' stderr.
 *
 * @module
 */

/** The longest untrusted value shown whole. */
export const MAX_SHOWN = 200;

// C0 controls (even tab and newline are escaped inside a value), DEL, C1 controls, and the
// Unicode line and paragraph separators and bidi overrides, which can reorder a line.
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Shows control characters as `\xNN` / `\uNNNN` escapes. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Cuts `text` to `max` characters, ending with `…` when cut. */
export function cutText(text: string, max = MAX_SHOWN): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** An untrusted value ready to be shown: escaped, then cut. */
export function shown(text: string, max = MAX_SHOWN): string {
  return cutText(escapeControls(text), max);
}
