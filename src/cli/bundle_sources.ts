/**
 * The record of what the installed command was built from: each source file of its two bundles
 * (and the scripts that build them and the launcher) with its SHA-256, size and modification
 * time, written beside the bundles by scripts/bundle.ts. The full program, when the cache hit
 * cannot answer, compares the record with the checkout, so that a checkout updated without
 * `deno task install` (whose installed command still runs the old code) is said, not silently
 * run.
 *
 * @module
 */

import { sha256Hex } from "../text/sha256_hex.ts";

/** The record's content: each file (relative to the checkout) and its SHA-256. */
export interface SourcesRecord {
  sources: Record<string, string>;
  /** Each file's {@link sourceStamp} when it was hashed: an unchanged one needs no hashing. */
  stamps?: Record<string, string>;
}

/** A file's size and modification time, which change whenever its content may have. */
export function sourceStamp(info: Deno.FileInfo): string {
  return `${info.size} ${info.mtime?.getTime() ?? "?"}`;
}

/** How the check reads the checkout: a file's text, and its status; `undefined` when gone. */
export interface SourceReader {
  readText(path: string): string | undefined;
  stat(path: string): Deno.FileInfo | undefined;
}

/**
 * What changed in `repo` since the record at `recordPath` was written: the files whose content
 * differs or that are gone, or "no record" when there is none (an install from before records
 * were kept). Empty when the installed bundles match the checkout. A file whose size and
 * modification time are as recorded is taken as unchanged without reading it: a run that is
 * not a cache hit checks ~150 files, and hashing them all costs ~10 ms, half an empty `deno
 * run`. The reads are src/system/hit_deps.ts's checked ones (no FIFO is opened).
 */
export async function changedSources(
  repo: string,
  recordPath: string,
  reader: SourceReader,
): Promise<string[]> {
  const readAt = (path: string) => {
    const text = reader.readText(path);
    if (text === undefined) throw new Deno.errors.NotFound(path);
    return text;
  };
  let record: SourcesRecord;
  try {
    record = JSON.parse(readAt(recordPath));
    if (typeof record?.sources !== "object" || record.sources === null) return ["no record"];
  } catch {
    return ["no record"];
  }
  const stamps = typeof record.stamps === "object" && record.stamps !== null ? record.stamps : {};
  const checked = await Promise.all(
    Object.entries(record.sources).map(async ([path, digest]) => {
      let now: string | undefined;
      try {
        const info = reader.stat(`${repo}/${path}`);
        if (info?.isFile && stamps[path] === sourceStamp(info)) return undefined;
        now = await sha256Hex(readAt(`${repo}/${path}`));
      } catch {
        // Gone, or not a file: changed.
      }
      return now === digest ? undefined : path;
    }),
  );
  return checked.filter((path) => path !== undefined).sort();
}

/** How long a clean check holds: a checkout edited since is said at most this much later. */
export const CLEAN_CHECK_MS = 30_000;

/**
 * Whether the checkout must be checked again, given the memo of the last clean check (`memo`,
 * its text, or `undefined`), the record's {@link sourceStamp} now, and the time: when there is no
 * memo, the record changed (a new install), or the last check is older than
 * {@link CLEAN_CHECK_MS}. Checking costs ~4 ms (a file status each), a fifth of an empty `deno
 * run`, on every run that is not a cache hit.
 */
export function checkDue(memo: string | undefined, recordStamp: string, now: number): boolean {
  try {
    const { record, checked } = JSON.parse(memo ?? "");
    return record !== recordStamp || !(now - checked >= 0 && now - checked < CLEAN_CHECK_MS);
  } catch {
    return true;
  }
}

/** The memo of a clean check of the record with `recordStamp` at `now`. */
export function cleanCheckMemo(recordStamp: string, now: number): string {
  return JSON.stringify({ record: recordStamp, checked: now }) + "\n";
}

/** The one warning for `changed` (from {@link changedSources}), or undefined when nothing did. */
export function staleBundleWarning(repo: string, changed: string[]): string | undefined {
  if (changed.length === 0) return undefined;
  const what = changed[0] === "no record"
    ? "comes from an older version of this checkout"
    : `is older than this checkout (${changed.slice(0, 3).join(", ")}${
      changed.length > 3 ? ", …" : ""
    } changed since)`;
  return `The installed vegas-credentials command ${what}, so it still runs the old code; run ` +
    `deno task install in ${repo}`;
}
