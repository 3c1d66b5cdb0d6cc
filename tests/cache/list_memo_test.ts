import { assertEquals } from "../support/assert.ts";
import {
  entriesUnchanged,
  fileStamp,
  LIST_MEMO_KIND,
  type ListMemo,
  listMemoOf,
  renderListMemo,
} from "../../src/cache/list_memo.ts";
import { isMemo } from "../../src/cache/hit_memo.ts";

const NOW = Date.UTC(2026, 11, 7, 12);

const MEMO: ListMemo = {
  kind: LIST_MEMO_KIND,
  rows: [
    {
      cells: ["a", "arn:aws:iam::1:role/A", "default", "-"],
      state: [
        { entry: 0, label: "credentials", none: "no credentials cached" },
        { entry: 1, label: "MFA session", none: "no MFA session" },
      ],
    },
    { cells: ["broken-name", "x", "default", "-"], state: ["config error: bad"] },
  ],
  entries: [
    { key: "k0", stamp: "1 2 3 4", expiresAt: NOW + 61 * 60_000 },
    { key: "k1", stamp: null, expiresAt: null },
  ],
};

Deno.test("a list memo renders the table with the time left at the moment it is served", () => {
  assertEquals(
    renderListMemo(MEMO, NOW),
    "PROFILE      ROLE                   SOURCE   MFA  STATE\n" +
      "a            arn:aws:iam::1:role/A  default  -    credentials 1h 01m, no MFA session\n" +
      "broken-name  x                      default  -    config error: bad\n",
  );
  // An hour later the same memo shows less time; past the expiry, nothing cached.
  assertEquals(
    renderListMemo(MEMO, NOW + 60 * 60_000).split("\n")[1].endsWith(
      "credentials 1m, no MFA session",
    ),
    true,
  );
  assertEquals(
    renderListMemo(MEMO, NOW + 61 * 60_000).split("\n")[1].endsWith(
      "no credentials cached, no MFA session",
    ),
    true,
  );
  assertEquals(renderListMemo({ ...MEMO, text: "No profile\n" }, NOW), "No profile\n");
});

Deno.test("a list memo is used only while every entry it shows has its stamp", () => {
  const stamps: Record<string, string | null> = { k0: "1 2 3 4", k1: null };
  assertEquals(entriesUnchanged(MEMO, (key) => stamps[key] ?? null), true);
  assertEquals(entriesUnchanged(MEMO, (key) => ({ ...stamps, k1: "5 6 7 8" })[key] ?? null), false);
  assertEquals(entriesUnchanged(MEMO, (key) => ({ ...stamps, k0: null })[key] ?? null), false);
});

Deno.test("a file's stamp changes when it is replaced or touched", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/entry`;
    assertEquals(fileStamp(await Deno.lstat(path).catch(() => undefined)), null);
    await Deno.writeTextFile(path, "one");
    const first = fileStamp(await Deno.lstat(path));
    assertEquals(fileStamp(await Deno.lstat(path)), first);
    await Deno.writeTextFile(`${dir}/next`, "two");
    await Deno.rename(`${dir}/next`, path);
    const replaced = fileStamp(await Deno.lstat(path));
    assertEquals(replaced !== first, true);
    const info = await Deno.lstat(path);
    await Deno.utime(path, info.atime!, new Date(info.mtime!.getTime() + 1000));
    assertEquals(fileStamp(await Deno.lstat(path)) !== replaced, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("only a list memo's data is read as one, and both memos are kept out of listings", () => {
  assertEquals(listMemoOf(MEMO), MEMO);
  assertEquals(listMemoOf({ kind: "hit-memo" }), undefined);
  assertEquals(listMemoOf({ kind: LIST_MEMO_KIND, rows: "x", entries: [] }), undefined);
  assertEquals(listMemoOf(undefined), undefined);
  assertEquals(isMemo({ data: MEMO }), true);
  assertEquals(isMemo({ data: { kind: "hit-memo" } }), true);
  assertEquals(isMemo({ data: { kind: "role" } }), false);
});
