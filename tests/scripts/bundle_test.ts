/**
 * The startup bundle is built outside the checkout and still finds it: the checkout's URL goes
 * where src/cli/checkout.ts computes it, and an install into a temporary root (as the tests and
 * the bench make) leaves the checkout as it was.
 */

import { withCheckoutUrl } from "../../scripts/bundle.ts";
import { CHECKOUT_URL } from "../../src/cli/checkout.ts";
import { assertEquals, assertOk, assertThrows } from "../support/assert.ts";
import { installedBundle, REPO_ROOT } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";

Deno.test("the checkout's URL replaces the one expression that computes it, or the build fails", () => {
  const expression = 'new URL("../../", import.meta.url).href';
  assertEquals(
    withCheckoutUrl(`var CHECKOUT_URL = ${expression};`, "file:///repo/"),
    'var CHECKOUT_URL = "file:///repo/";',
  );
  assertThrows(() => withCheckoutUrl("var CHECKOUT_URL = 1;", "file:///repo/"), Error, /0 times/);
  assertThrows(
    () => withCheckoutUrl(`${expression};${expression}`, "file:///repo/"),
    Error,
    /2 times/,
  );
  // In source, the module computes the checkout's root itself.
  assertEquals(CHECKOUT_URL, new URL("../../", import.meta.url).href);
});

/** Every file of the checkout but .git, with its size and modification time. */
async function snapshot(dir: string, prefix = ""): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    const path = `${prefix}${entry.name}`;
    if (path === ".git" || path === "npm/node_modules") continue;
    if (entry.isDirectory) {
      for (const [key, value] of await snapshot(`${dir}/${entry.name}`, `${path}/`)) {
        found.set(key, value);
      }
    } else {
      const info = await Deno.lstat(`${dir}/${entry.name}`);
      found.set(path, `${info.size} ${info.mtime?.getTime()}`);
    }
  }
  return found;
}

linuxTest("an install into another root writes nothing into the checkout", async () => {
  const before = await snapshot(REPO_ROOT);
  const root = await Deno.makeTempDir({ prefix: "vegas-install-check-" });
  try {
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["task", "install"],
      cwd: REPO_ROOT,
      env: { DENO_INSTALL_ROOT: root },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(result.code, 0, new TextDecoder().decode(result.stderr));
    const after = await snapshot(REPO_ROOT);
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter((path) => before.get(path) !== after.get(path));
    assertEquals(changed, []);
    const bundle = await Deno.readTextFile(`${root}/lib/vegas-credentials/main.bundle.js`);
    assertOk(bundle.includes(JSON.stringify(new URL("../../", import.meta.url).href)));
    assertOk((await installedBundle()).bundle.startsWith("/"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
