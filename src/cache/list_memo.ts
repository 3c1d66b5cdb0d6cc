/**
 * The list memo: `list`'s table as data, kept in the cache so that the next `list` with the same
 * files and environment is served by the startup path (src/cli/cache_hit.ts) without loading
 * the full program, about half of a warm `list` run.
 *
 * What the table shows depends on three things, and the memo answers each:
 *
 * - the two AWS files' text, the environment and the user: hashed into the memo's key, as the
 *   hit memo's (src/cache/hit_memo.ts); any change gives another key, which misses;
 * - the cache entries whose time left a row shows: each is named in the memo with its file's
 *   stamp (inode, size, modification and change times) and its expiry; a file that is gone,
 *   new or rewritten has another stamp, and the memo is not used;
 * - the clock: the time left is computed when the memo is served, from the expiry.
 *
 * A table that shows anything else (a keyring's items, an SSO token's time left) is not
 * memoized: `list` writes a memo only when every state it shows is of cached entries.
 * Both paths render through {@link renderListMemo}, so their output is the same by
 * construction; tests/e2e/list_memo_test.ts checks it against the full program.
 *
 * On the cache-hit path: pure functions only.
 *
 * @module
 */

import { formatTable } from "../output/table.ts";
import { formatTimeLeft } from "../output/time_left.ts";

/** Marks a list memo's data, so that `cache list` does not show it. */
export const LIST_MEMO_KIND = "list-memo";

/** How long a list memo may be used at most, whatever its entries. */
export const LIST_MEMO_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** One part of a row's state: fixed text, or the time left on a cache entry. */
export type MemoStatePart =
  | string
  | {
    /** Index into {@link ListMemo.entries}. */
    entry: number;
    /** Put before the time left: "credentials". */
    label: string;
    /** Shown when the entry is missing, unreadable or expired: "no credentials cached". */
    none: string;
  };

/** A cache entry a row shows the time left of. */
export interface MemoEntry {
  /** The entry's key (its file is `<key>.entry` in the cache directory). */
  key: string;
  /** The entry file's {@link fileStamp} when it was read, or `null` when there was none. */
  stamp: string | null;
  /** Its expiry in milliseconds since the epoch, or `null` when missing or unreadable. */
  expiresAt: number | null;
}

/** `list`'s output as data. */
export interface ListMemo {
  kind: typeof LIST_MEMO_KIND;
  /** The whole output when no profile is a vegas one. */
  text?: string;
  /** Each profile's first four cells and its state, sorted by profile. */
  rows: { cells: string[]; state: MemoStatePart[] }[];
  entries: MemoEntry[];
}

/**
 * What identifies a file's version: it changes whenever the file is replaced (our writes
 * rename a new file into place), rewritten or touched.
 */
export function fileStamp(info: Deno.FileInfo | undefined): string | null {
  if (!info) return null;
  return [info.ino ?? "?", info.size, info.mtime?.getTime() ?? "?", info.ctime?.getTime() ?? "?"]
    .join(" ");
}

/** The memo in an entry's data, or `undefined` when the data is not one. */
export function listMemoOf(data: unknown): ListMemo | undefined {
  const memo = data as Partial<ListMemo> | undefined;
  if (memo?.kind !== LIST_MEMO_KIND || !Array.isArray(memo.rows)) return undefined;
  if (!Array.isArray(memo.entries)) return undefined;
  return memo as ListMemo;
}

/** Whether every entry the memo names still has the stamp it had, by `stampOf(key)`. */
export function entriesUnchanged(
  memo: ListMemo,
  stampOf: (key: string) => string | null,
): boolean {
  return memo.entries.every((entry) => stampOf(entry.key) === entry.stamp);
}

/** `list`'s output from `memo` at time `now`. */
export function renderListMemo(memo: ListMemo, now: number): string {
  if (memo.text !== undefined) return memo.text;
  const rows = memo.rows.map(({ cells, state }) => [
    ...cells,
    state.map((part) => {
      if (typeof part === "string") return part;
      const expiresAt = memo.entries[part.entry]?.expiresAt;
      const left = typeof expiresAt === "number" ? expiresAt - now : 0;
      return left > 0 ? `${part.label} ${formatTimeLeft(left)}` : part.none;
    }).join(", "),
  ]);
  rows.unshift(["PROFILE", "ROLE", "SOURCE", "MFA", "STATE"]);
  return formatTable(rows).join("\n") + "\n";
}
