import { deriveBoxKeys, open, seal } from "../../src/cache/sealed_box.ts";
import { assertEquals, assertNotEquals } from "../support/assert.ts";

const salt = new Uint8Array(32).fill(7);
const text = new TextEncoder().encode('{"secret":"value"}');

Deno.test("a sealed box opens with the same keys and associated data", async () => {
  const keys = await deriveBoxKeys("boot=1;host=h;user=1", salt);
  const box = await seal(keys, "key-a", text);
  assertEquals(await open(keys, "key-a", box), text);
  assertEquals(box[0], 1);
  assertNotEquals(new TextDecoder().decode(box).includes("secret"), true);
});

Deno.test("a box with any byte changed, truncated, or under another key does not open", async () => {
  const keys = await deriveBoxKeys("boot=1;host=h;user=1", salt);
  const box = await seal(keys, "key-a", text);
  for (let i = 0; i < box.length; i++) {
    const tampered = box.slice();
    tampered[i] ^= 0x01;
    assertEquals(await open(keys, "key-a", tampered), undefined, `byte ${i}`);
  }
  assertEquals(await open(keys, "key-a", box.subarray(0, box.length - 1)), undefined);
  assertEquals(await open(keys, "key-a", box.subarray(0, 10)), undefined);
  assertEquals(await open(keys, "key-b", box), undefined);
});

Deno.test("a box from another boot, host, user or salt does not open", async () => {
  const box = await seal(await deriveBoxKeys("boot=1;host=h;user=1", salt), "k", text);
  for (const print of ["boot=2;host=h;user=1", "boot=1;host=x;user=1", "boot=1;host=h;user=2"]) {
    assertEquals(await open(await deriveBoxKeys(print, salt), "k", box), undefined, print);
  }
  assertEquals(
    await open(await deriveBoxKeys("boot=1;host=h;user=1", new Uint8Array(32)), "k", box),
    undefined,
  );
});

Deno.test("two seals of the same text differ (fresh IV)", async () => {
  const keys = await deriveBoxKeys("p", salt);
  assertNotEquals(await seal(keys, "k", text), await seal(keys, "k", text));
});
