import { rotateKey, type RotationPorts } from "../../src/keyring/rotate_key.ts";
import type { StoredKey } from "../../src/keyring/key_store.ts";
import { VegasError } from "../../src/errors.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";

const OLD: StoredKey = { accessKeyId: "AKIAOLDOLDOLDOLD0001", secretAccessKey: "old-secret" };
const NEW: StoredKey = { accessKeyId: "AKIANEWNEWNEWNEW0002", secretAccessKey: "new-secret" };

/** A fake IAM and keyring; `fail` names the step that fails. */
function world(
  options: { fail?: string; worksAfter?: number; keys?: string[]; losesWrite?: boolean } = {},
) {
  const iam = new Set(options.keys ?? [OLD.accessKeyId]);
  let stored = OLD;
  let clock = 0;
  const calls: string[] = [];
  const step = (name: string) => {
    calls.push(name);
    if (options.fail === name) throw new Error(`${name} broke`);
  };
  const ports: RotationPorts = {
    listKeys: () => Promise.resolve().then(() => (step("list"), [...iam])),
    createKey: () => Promise.resolve().then(() => (step("create"), iam.add(NEW.accessKeyId), NEW)),
    deleteKey: (id) =>
      Promise.resolve().then(() => {
        step(id === NEW.accessKeyId ? "delete-new" : "delete-old");
        iam.delete(id);
      }),
    works: () => Promise.resolve(clock >= (options.worksAfter ?? 0)),
    store: (key) =>
      Promise.resolve().then(() => {
        step("store");
        // A lost write: another process's older copy of the keyring replaced ours.
        if (!options.losesWrite) stored = key;
      }),
    stored: () => Promise.resolve(stored),
    sleep: (ms) => Promise.resolve(void (clock += ms)),
    now: () => clock,
  };
  return { ports, iam, calls, stored: () => stored };
}

const OPTIONS = { profile: "default", where: "the keyring", waitMs: 10_000, stepMs: 1_000 };

Deno.test("rotation creates, waits for the new key, stores it, then deletes the old", async () => {
  const w = world({ worksAfter: 3_000 });
  assertEquals(await rotateKey(OLD, w.ports, OPTIONS), NEW);
  assertEquals(w.calls, ["list", "create", "store", "delete-old"]);
  assertEquals(w.stored(), NEW);
  assertEquals([...w.iam], [NEW.accessKeyId]);
});

for (
  const [fail, message, stored, keys] of [
    [
      "list",
      /^Cannot list .*list broke; nothing changed: the old key AKIA…0001 stays stored and active$/,
      OLD,
      [OLD],
    ],
    ["create", /^CreateAccessKey failed .*create broke; nothing changed/, OLD, [OLD]],
    [
      "store",
      /^Cannot store the new key in the keyring: store broke; the new key AKIA…0002 was deleted again; nothing changed/,
      OLD,
      [OLD],
    ],
    [
      "delete-old",
      /^The new key AKIA…0002 is stored in the keyring and works, but deleting the old key failed \(delete-old broke\): it is still active; delete it with aws iam delete-access-key --access-key-id AKIAOLDOLDOLDOLD0001$/,
      NEW,
      [OLD, NEW],
    ],
  ] as const
) {
  Deno.test(`rotation failing at ${fail} loses no key and says which one is stored`, async () => {
    const w = world({ fail });
    const error = await assertRejects(() => rotateKey(OLD, w.ports, OPTIONS), VegasError);
    assertEquals(message.test((error as Error).message), true, (error as Error).message);
    assertEquals(w.stored(), stored);
    assertEquals([...w.iam].sort(), keys.map((k) => k.accessKeyId).sort());
  });
}

Deno.test("a new key that never works is deleted again; if that fails, the message says how", async () => {
  const never = world({ worksAfter: Infinity });
  const error = await assertRejects(() => rotateKey(OLD, never.ports, OPTIONS), VegasError);
  assertEquals(
    (error as Error).message,
    "The new key AKIA…0002 of profile default did not work within 10 s; the new key AKIA…0002 was deleted again; nothing changed: the old key AKIA…0001 stays stored and active",
  );
  assertEquals(never.stored(), OLD);
  const stuck = world({ worksAfter: Infinity, fail: "delete-new" });
  const stuckError = await assertRejects(() => rotateKey(OLD, stuck.ports, OPTIONS), VegasError);
  assertEquals(
    /could not be deleted \(delete-new broke\): delete it with aws iam delete-access-key --access-key-id AKIANEWNEWNEWNEW0002; the old key AKIA…0001 stays stored and active$/
      .test((stuckError as Error).message),
    true,
  );
});

Deno.test("a user with two keys already is told which to delete; nothing is created", async () => {
  const w = world({ keys: [OLD.accessKeyId, "AKIAOTHEROTHEROTHER3"] });
  const error = await assertRejects(() => rotateKey(OLD, w.ports, OPTIONS), VegasError);
  assertEquals(
    /already has two access keys, the most AWS allows; delete the one not in use \(AKIA…HER3\) first/
      .test((error as Error).message),
    true,
  );
  assertEquals(w.calls, ["list"]);
});

Deno.test("a keyring that lost the new key keeps the old one: the new key is deleted", async () => {
  const w = world({ losesWrite: true });
  const error = await assertRejects(() => rotateKey(OLD, w.ports, OPTIONS), VegasError);
  assertEquals(
    (error as Error).message,
    "The new key of profile default was not kept by the keyring (it holds AKIA…0001); the new key " +
      "AKIA…0002 was deleted again; nothing changed: the old key AKIA…0001 stays stored and active",
  );
  assertEquals(w.stored(), OLD);
  assertEquals([...w.iam], [OLD.accessKeyId]);
  assertEquals(w.calls, ["list", "create", "store", "delete-new"]);
});

Deno.test("rotation stopped while the new key propagates names the new key and how to delete it", async () => {
  const w = world({ worksAfter: Infinity });
  w.ports.sleep = () => Promise.reject(new DOMException("stopped", "AbortError"));
  const error = await assertRejects(() => rotateKey(OLD, w.ports, OPTIONS), VegasError);
  assertEquals(
    (error as Error).message,
    "Stopped while waiting for the new key AKIA…0002 of profile default to work: it exists in " +
      "IAM but is not stored; delete it with aws iam delete-access-key --access-key-id " +
      "AKIANEWNEWNEWNEW0002; the old key AKIA…0001 stays stored and active",
  );
  assertEquals(w.stored(), OLD);
});
