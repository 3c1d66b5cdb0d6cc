/** The record of the bundle's sources, against a checkout held in memory. */

import {
  changedSources,
  checkDue,
  CLEAN_CHECK_MS,
  cleanCheckMemo,
  type SourceReader,
  sourceStamp,
  staleBundleWarning,
} from "../../src/cli/bundle_sources.ts";
import { sha256Hex } from "../../src/text/sha256_hex.ts";
import { assertEquals } from "../support/assert.ts";

/** The record, beside the installed bundle (outside the checkout). */
const SOURCES_RECORD = "/install/lib/vegas-credentials/main.bundle.sources.json";

/** A file's status: its size, and a modification time from the text's first character. */
function info(text: string): Deno.FileInfo {
  return { isFile: true, size: text.length, mtime: new Date(text.charCodeAt(0)) } as Deno.FileInfo;
}

/** A checkout at /repo with `files`, and the record: a reader with nothing else in it. */
function checkout(files: Record<string, string>, read = (_path: string) => {}): SourceReader {
  const at = (path: string) => files[path.replace(/^\/repo\//, "")];
  return {
    readText: (path) => {
      read(path);
      return at(path);
    },
    stat: (path) => at(path) === undefined ? undefined : info(at(path)!),
  };
}

Deno.test("changed, missing and unrecorded sources are found; matching ones are not", async () => {
  const sources = {
    "src/a.ts": await sha256Hex("a"),
    "src/b.ts": await sha256Hex("b"),
    "src/gone.ts": await sha256Hex("gone"),
  };
  const record = JSON.stringify({ sources });
  const files = { [SOURCES_RECORD]: record, "src/a.ts": "a", "src/b.ts": "b edited" };
  assertEquals(await changedSources("/repo", SOURCES_RECORD, checkout(files)), [
    "src/b.ts",
    "src/gone.ts",
  ]);
  const same = {
    [SOURCES_RECORD]: record,
    "src/a.ts": "a",
    "src/b.ts": "b",
    "src/gone.ts": "gone",
  };
  assertEquals(await changedSources("/repo", SOURCES_RECORD, checkout(same)), []);
  assertEquals(await changedSources("/repo", SOURCES_RECORD, checkout({})), ["no record"]);
  assertEquals(
    await changedSources("/repo", SOURCES_RECORD, checkout({ [SOURCES_RECORD]: "{not json" })),
    ["no record"],
  );
  assertEquals(
    await changedSources(
      "/repo",
      SOURCES_RECORD,
      checkout({ [SOURCES_RECORD]: '{"sources":null}' }),
    ),
    ["no record"],
  );
});

Deno.test("a file whose size and time are as recorded is not read; another one is hashed", async () => {
  const sources = { "src/a.ts": await sha256Hex("a"), "src/b.ts": await sha256Hex("b") };
  const stamps = { "src/a.ts": sourceStamp(info("a")), "src/b.ts": "0 0" };
  const record = JSON.stringify({ sources, stamps });
  const read: string[] = [];
  const files = { [SOURCES_RECORD]: record, "src/a.ts": "a", "src/b.ts": "b" };
  assertEquals(
    await changedSources("/repo", SOURCES_RECORD, checkout(files, (path) => read.push(path))),
    [],
  );
  assertEquals(read, [SOURCES_RECORD, "/repo/src/b.ts"]);
  // Same size and time, other content: taken as unchanged, as make and git take it too.
  const edited = { ...files, "src/b.ts": "B" };
  assertEquals(await changedSources("/repo", SOURCES_RECORD, checkout(edited)), ["src/b.ts"]);
});

Deno.test("the warning names up to three changed files and the fix", () => {
  assertEquals(staleBundleWarning("/repo", []), undefined);
  assertEquals(
    staleBundleWarning("/repo", ["a.ts", "b.ts", "c.ts", "d.ts"]),
    "The installed vegas-credentials command is older than this checkout (a.ts, b.ts, c.ts, … " +
      "changed since), so it still runs the old code; run deno task install in /repo",
  );
  assertEquals(
    staleBundleWarning("/repo", ["no record"]),
    "The installed vegas-credentials command comes from an older version of this " +
      "checkout, so it still runs the old code; run deno task install in /repo",
  );
});

Deno.test("a clean check holds for a while, for the same record only", () => {
  const memo = cleanCheckMemo("100 5", 1_000_000);
  assertEquals(checkDue(memo, "100 5", 1_000_000 + CLEAN_CHECK_MS - 1), false);
  assertEquals(checkDue(memo, "100 5", 1_000_000 + CLEAN_CHECK_MS), true);
  assertEquals(checkDue(memo, "100 6", 1_000_001), true, "a new install");
  assertEquals(checkDue(memo, "100 5", 999_999), true, "a clock set back");
  assertEquals(checkDue(undefined, "100 5", 1), true);
  assertEquals(checkDue("{not json", "100 5", 1), true);
  assertEquals(checkDue('{"record":"100 5"}', "100 5", 1), true);
});
