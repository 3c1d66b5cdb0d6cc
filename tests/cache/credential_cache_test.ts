import {
  type CacheEntry,
  CredentialCache,
  LockTimeoutError,
} from "../../src/cache/credential_cache.ts";
import { BOX_VERSION } from "../../src/cache/sealed_box.ts";
import { systemDeps } from "../../src/system_deps.ts";
import { sealLegacy } from "../support/legacy_seal.ts";
import { assertEquals, assertOk, assertRejects } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";

type Boot = { boot: number; host?: string };

/** Real files in a temp dir; boot time and host are chosen per test. */
function cacheAt(
  dir: string,
  machine: Boot = { boot: 1_763_700_000 },
  onDiscard?: (m: string) => void,
) {
  const real = systemDeps();
  const deps = {
    ...real,
    os: "linux" as const,
    env: () => undefined,
    hostname: () => machine.host ?? "laptop",
    // The cache checks that its directory belongs to this uid: the real one.
    uid: () => Deno.uid() ?? undefined,
    readTextFile: (path: string) =>
      path === "/proc/stat" ? Promise.resolve(`btime ${machine.boot}\n`) : real.readTextFile(path),
  };
  return new CredentialCache(dir, deps, onDiscard);
}

const ENTRY: CacheEntry = {
  profile: "frank@concerts",
  expiresAt: Date.UTC(2026, 10, 21, 13),
  createdAt: Date.UTC(2026, 10, 21, 12),
  data: { accessKeyId: "ASIAX", secretAccessKey: "very-secret", sessionToken: "token-123" },
};
const KEY = "a".repeat(64);

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(`${dir}/cache`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

linuxTest(
  "cache entries round-trip, in 0600 files named by hash, in a 0700 directory",
  () =>
    withDir(async (dir) => {
      const cache = cacheAt(dir);
      assertEquals(await cache.read(KEY), undefined);
      await cache.write(KEY, ENTRY);
      assertEquals(await cacheAt(dir).read(KEY), ENTRY);
      assertEquals((await Deno.stat(dir)).mode! & 0o777, 0o700);
      const names = [];
      for await (const entry of Deno.readDir(dir)) {
        names.push(entry.name);
        assertEquals((await Deno.stat(`${dir}/${entry.name}`)).mode! & 0o777, 0o600, entry.name);
      }
      assertEquals(names.sort(), [`${KEY}.entry`, "salt"]);
      const raw = new TextDecoder().decode(await Deno.readFile(`${dir}/${KEY}.entry`));
      for (const secret of ["very-secret", "token-123", "frank@concerts", "ASIAX"]) {
        assertOk(!raw.includes(secret), secret);
      }
    }),
);

linuxTest(
  "an entry from before a reboot or from another host reads as a miss and is discarded",
  () =>
    withDir(async (dir) => {
      await cacheAt(dir).write(KEY, ENTRY);
      const notes: string[] = [];
      assertEquals(
        await cacheAt(dir, { boot: 1_763_800_000 }, (m) => notes.push(m)).read(KEY),
        undefined,
      );
      assertEquals(notes.length, 1);
      await cacheAt(dir).write(KEY, ENTRY);
      assertEquals(await cacheAt(dir, { boot: 1_763_700_000, host: "other" }).read(KEY), undefined);
      assertEquals(await Deno.stat(`${dir}/${KEY}.entry`).catch(() => "gone"), "gone");
    }),
);

linuxTest("tampered, truncated and foreign entries are never used", () =>
  withDir(async (dir) => {
    const cache = cacheAt(dir);
    await cache.write(KEY, ENTRY);
    const path = `${dir}/${KEY}.entry`;
    const good = await Deno.readFile(path);
    const tampered = good.slice();
    tampered[20] ^= 0xff;
    for (
      const bytes of [
        tampered,
        good.subarray(0, good.length - 5),
        new Uint8Array(0),
        new TextEncoder().encode("{}"),
      ]
    ) {
      await Deno.writeFile(path, bytes);
      assertEquals(await cacheAt(dir).read(KEY), undefined);
    }
    // An entry moved to another key's file name (a "foreign" entry) does not open either.
    await Deno.writeFile(`${dir}/${"b".repeat(64)}.entry`, good);
    assertEquals(await cacheAt(dir).read("b".repeat(64)), undefined);
  }));

linuxTest(
  "list shows readable entries and counts the rest; clear removes them all but the salt",
  () =>
    withDir(async (dir) => {
      const cache = cacheAt(dir);
      await cache.write(KEY, ENTRY);
      await cache.write("c".repeat(64), { ...ENTRY, profile: "other" });
      await Deno.writeFile(`${dir}/${"d".repeat(64)}.entry`, new Uint8Array([1, 2, 3]));
      const listed = await cacheAt(dir).list();
      assertEquals(listed.map((item) => item.entry?.profile ?? "?").sort(), [
        "?",
        "frank@concerts",
        "other",
      ]);
      assertEquals(await cache.clear(), 3);
      assertEquals((await cache.list()).length, 0);
      await Deno.stat(`${dir}/salt`);
    }),
);

linuxTest(
  "a second caller waiting on a held lock times out with LockTimeoutError",
  () =>
    withDir(async (dir) => {
      const release = await cacheAt(dir).lock(KEY, 1000);
      // flock is per open file description, so a second open in this process contends like another process.
      await assertRejects(() => cacheAt(dir).lock(KEY, 200), LockTimeoutError);
      release();
      const again = await cacheAt(dir).lock(KEY, 1000);
      again();
    }),
);

linuxTest(
  "a cache opened before the salt existed reads what a parallel process wrote since",
  () =>
    withDir(async (dir) => {
      const early = cacheAt(dir);
      early.prepare();
      assertEquals(await early.read(KEY), undefined);
      await cacheAt(dir).write(KEY, ENTRY);
      assertEquals(await early.read(KEY), ENTRY);
    }),
);

linuxTest(
  "entries cached before the upgrade (version 1 boxes) are still served, listed and replaced",
  () =>
    withDir(async (dir) => {
      const cache = cacheAt(dir);
      await cache.write("b".repeat(64), ENTRY); // creates the salt
      const salt = await Deno.readFile(`${dir}/salt`);
      const print = `boot=1763700000;host=laptop;user=${Deno.uid()}`;
      const old = { ...ENTRY, profile: "zoë@old" };
      await Deno.writeFile(
        `${dir}/${KEY}.entry`,
        await sealLegacy(print, salt, KEY, new TextEncoder().encode(JSON.stringify(old))),
        { mode: 0o600 },
      );
      assertEquals(await cacheAt(dir).read(KEY), old);
      assertEquals(await cacheAt(dir).peek(KEY), old);
      const listed = await cacheAt(dir).list();
      assertEquals(listed.find((item) => item.key === KEY)?.entry, old);
      // From another boot it is unreadable, as any entry.
      assertEquals(await cacheAt(dir, { boot: 1 }).peek(KEY), undefined);
      // A write replaces it with the current format.
      await cacheAt(dir).write(KEY, old);
      assertEquals((await Deno.readFile(`${dir}/${KEY}.entry`))[0], BOX_VERSION);
      assertEquals(await cacheAt(dir).read(KEY), old);
    }),
);
