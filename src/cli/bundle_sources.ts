/**
 * The record of what the installed command's startup file was built from: each source file of
 * the bundle (and the scripts that build it and the launcher) with its SHA-256, written beside
 * the bundle by scripts/bundle.ts. The full program, when the installed command hands over to
 * it (naming the record's path), compares the record with the checkout, so that a checkout updated without `deno task install` (whose
 * cache hits would still run the old code) is said, not silently run.
 *
 * @module
 */

import { sha256Hex } from "../text/sha256_hex.ts";

/** The record's content: each file (relative to the checkout) and its SHA-256. */
export interface SourcesRecord {
  sources: Record<string, string>;
}

/**
 * What changed in `repo` since the record at `recordPath` was written: the files whose content
 * differs or that are gone, or "no record" when there is none (an install from before records
 * were kept).
 * Empty when the startup file matches the checkout. `readText` gives a file's text, `undefined`
 * when it does not exist (src/system/hit_deps.ts's checked read: no FIFO is opened); the record
 * holds the SHA-256 of each file's text.
 */
export async function changedSources(
  repo: string,
  recordPath: string,
  readText: (path: string) => string | undefined,
): Promise<string[]> {
  const readAt = (path: string) => {
    const text = readText(path);
    if (text === undefined) throw new Deno.errors.NotFound(path);
    return text;
  };
  const read = (path: string) => readAt(`${repo}/${path}`);
  let record: SourcesRecord;
  try {
    record = JSON.parse(readAt(recordPath));
    if (typeof record?.sources !== "object" || record.sources === null) return ["no record"];
  } catch {
    return ["no record"];
  }
  // All at once: on the miss path, so a few milliseconds, not a file's worth each.
  const checked = await Promise.all(
    Object.entries(record.sources).map(async ([path, digest]) => {
      let now: string | undefined;
      try {
        now = await sha256Hex(read(path));
      } catch {
        // Gone, or not a file: changed.
      }
      return now === digest ? undefined : path;
    }),
  );
  return checked.filter((path) => path !== undefined).sort();
}

/** The one warning for `changed` (from {@link changedSources}), or undefined when nothing did. */
export function staleBundleWarning(repo: string, changed: string[]): string | undefined {
  if (changed.length === 0) return undefined;
  const what = changed[0] === "no record"
    ? "comes from an older version of this checkout"
    : `is older than this checkout (${changed.slice(0, 3).join(", ")}${
      changed.length > 3 ? ", …" : ""
    } changed since)`;
  return `The installed vegas-credentials command ${what}, so cache hits still run the old ` +
    `code; run deno task install in ${repo}`;
}
