import { deriveLegacyBoxKeys, openLegacy } from "../../src/cache/legacy_box.ts";
import { BOX_VERSION, deriveBoxKey, open, seal } from "../../src/cache/sealed_box.ts";
import { assertEquals, assertNotEquals } from "../support/assert.ts";
import { sealLegacy } from "../support/legacy_seal.ts";

const salt = new Uint8Array(32).fill(7);
const text = new TextEncoder().encode('{"secret":"value"}');

Deno.test("a sealed box opens with the same key and associated data", async () => {
  const key = await deriveBoxKey("boot=1;host=h;user=1", salt);
  const box = await seal(key, "key-a", text);
  assertEquals(await open(key, "key-a", box), text);
  assertEquals(box[0], BOX_VERSION);
  assertEquals(box.length, 1 + 12 + text.length + 16);
  assertNotEquals(new TextDecoder().decode(box).includes("secret"), true);
});

Deno.test("a box with any byte changed, truncated, or under another name does not open", async () => {
  const key = await deriveBoxKey("boot=1;host=h;user=1", salt);
  const box = await seal(key, "key-a", text);
  for (let i = 0; i < box.length; i++) {
    const tampered = box.slice();
    tampered[i] ^= 0x01;
    assertEquals(await open(key, "key-a", tampered), undefined, `byte ${i}`);
  }
  assertEquals(await open(key, "key-a", box.subarray(0, box.length - 1)), undefined);
  assertEquals(await open(key, "key-a", box.subarray(0, 10)), undefined);
  assertEquals(await open(key, "key-b", box), undefined);
});

Deno.test("a box from another boot, host, user or salt does not open", async () => {
  const box = await seal(await deriveBoxKey("boot=1;host=h;user=1", salt), "k", text);
  for (const print of ["boot=2;host=h;user=1", "boot=1;host=x;user=1", "boot=1;host=h;user=2"]) {
    assertEquals(await open(await deriveBoxKey(print, salt), "k", box), undefined, print);
  }
  assertEquals(
    await open(await deriveBoxKey("boot=1;host=h;user=1", new Uint8Array(32)), "k", box),
    undefined,
  );
});

Deno.test("two seals of the same text differ (fresh IV)", async () => {
  const key = await deriveBoxKey("p", salt);
  assertNotEquals(await seal(key, "k", text), await seal(key, "k", text));
});

Deno.test("a version 1 box (AES-CTR and HMAC) still opens, and only as one", async () => {
  const print = "boot=1;host=h;user=1";
  const legacy = await sealLegacy(print, salt, "k", text);
  const keys = await deriveLegacyBoxKeys(print, salt);
  assertEquals(await openLegacy(keys, "k", legacy), text);
  assertEquals(await openLegacy(keys, "other", legacy), undefined);
  assertEquals(
    await openLegacy(await deriveLegacyBoxKeys(print, new Uint8Array(32)), "k", legacy),
    undefined,
  );
  for (let i = 0; i < legacy.length; i += 7) {
    const tampered = legacy.slice();
    tampered[i] ^= 0x01;
    assertEquals(await openLegacy(keys, "k", tampered), undefined, `byte ${i}`);
  }
  // Neither format is mistaken for the other.
  assertEquals(await open(await deriveBoxKey(print, salt), "k", legacy), undefined);
  assertEquals(
    await openLegacy(keys, "k", await seal(await deriveBoxKey(print, salt), "k", text)),
    undefined,
  );
});
