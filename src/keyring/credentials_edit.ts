/**
 * The edit `migrate` makes to `~/.aws/credentials`: the two key lines of one profile's section
 * taken out, every other byte kept (comments, order, blank lines, line endings, other sections).
 * Sections are found as the SDKs find them (`[name]`, comments after `#` or `;`, repeated
 * sections merged, the last value winning).
 *
 * @module
 */

const KEY_NAMES = ["aws_access_key_id", "aws_secret_access_key"] as const;

/** What the edit found and made. */
export interface KeyLinesEdit {
  accessKeyId: string;
  secretAccessKey: string;
  /** The 1-based numbers of the lines removed. */
  lines: number[];
  /** The file without them. */
  text: string;
}

/** Takes `profile`'s key lines out of `text`; a string says why it cannot. */
export function removeKeyLines(text: string, profile: string): KeyLinesEdit | string {
  // Lines with their terminators, so that joining them gives back the exact text.
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let section: string | undefined;
  const found: Record<string, string> = {};
  const removed: number[] = [];
  let sessionToken = false;
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\r?\n$/, "").split(/(^|\s)[;#]/)[0].trim();
    if (line.startsWith("[") && line.endsWith("]")) {
      // Not trimmed inside: `[ default ]` is a profile of its own, " default ", to the SDKs.
      section = line.slice(1, -1);
      continue;
    }
    if (section !== profile) continue;
    const equals = line.indexOf("=");
    if (equals < 0) continue;
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if ((KEY_NAMES as readonly string[]).includes(key)) {
      found[key] = value;
      removed.push(index + 1);
    } else if (key === "aws_session_token") sessionToken = true;
  }
  if (removed.length === 0) return `it has no aws_access_key_id or aws_secret_access_key lines`;
  if (sessionToken) {
    return "it also has aws_session_token: its keys are temporary, and would expire in the keyring";
  }
  for (const key of KEY_NAMES) if (!found[key]) return `it has no ${key} line`;
  return {
    accessKeyId: found.aws_access_key_id,
    secretAccessKey: found.aws_secret_access_key,
    lines: removed,
    text: lines.filter((_, index) => !removed.includes(index + 1)).join(""),
  };
}
