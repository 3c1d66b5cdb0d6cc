/** The record of the bundle's sources, against a checkout held in memory. */

import { changedSources, staleBundleWarning } from "../../src/cli/bundle_sources.ts";
import { sha256Hex } from "../../src/text/sha256_hex.ts";
import { assertEquals } from "../support/assert.ts";

/** The record, beside the installed bundle (outside the checkout). */
const SOURCES_RECORD = "/install/lib/vegas-credentials/main.bundle.sources.json";

/** A checkout at /repo with `files`, and the record: a reader with nothing else in it. */
function checkout(files: Record<string, string>) {
  return (path: string): string | undefined => files[path.replace(/^\/repo\//, "")];
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

Deno.test("the warning names up to three changed files and the fix", () => {
  assertEquals(staleBundleWarning("/repo", []), undefined);
  assertEquals(
    staleBundleWarning("/repo", ["a.ts", "b.ts", "c.ts", "d.ts"]),
    "The installed vegas-credentials command is older than this checkout (a.ts, b.ts, c.ts, … " +
      "changed since), so cache hits still run the old code; run deno task install in /repo",
  );
  assertEquals(
    staleBundleWarning("/repo", ["no record"]),
    "The installed vegas-credentials command comes from an older version of this " +
      "checkout, so cache hits still run the old code; run deno task install in /repo",
  );
});
