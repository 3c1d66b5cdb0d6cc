/**
 * The bundles are built outside the checkout and still find it: the checkout's URL goes where
 * src/cli/checkout.ts computes it, and an install into a temporary root (as the tests and
 * the bench make) leaves the checkout as it was.
 */

import {
  deferChunkImports,
  eagerChunks,
  isolateNodeRequire,
  replacedOnce,
  withCheckoutUrl,
} from "../../scripts/bundle.ts";
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

Deno.test("a replacement across chunks happens once, or the build fails", () => {
  const chunks = new Map([["a.js", "x"], ["b.js", 'import("pkg")']]);
  replacedOnce(chunks, 'import("pkg")', "load()", "pkg");
  assertEquals([...chunks.values()], ["x", "load()"]);
  assertThrows(() => replacedOnce(chunks, 'import("pkg")', "y", "pkg"), Error, /0 times, not once/);
  chunks.set("c.js", "load()");
  assertThrows(() => replacedOnce(chunks, "load()", "y", "pkg"), Error, /2 times/);
});

Deno.test("require moves to a chunk of its own, imported only by the chunks that call it", () => {
  const helper = 'import { createRequire as __deno_internal_createRequire } from "node:module";\n' +
    "var __require = __deno_internal_createRequire(import.meta.url);\n" +
    "var __export = () => {};\nexport {\n  __require,\n  __export\n};\n";
  const chunks = new Map([
    ["chunk-H.js", helper],
    [
      "sdk.js",
      'import {\n  __export,\n  __require\n} from "./chunk-H.js";\n__require("node:fs");\n',
    ],
    ["only.js", 'import {\n  __require\n} from "./chunk-H.js";\n__require("node:os");\n'],
    ["ours.js", 'import {\n  __export\n} from "./chunk-H.js";\n__export();\n'],
  ]);
  isolateNodeRequire(chunks);
  assertOk(!chunks.get("chunk-H.js")!.includes("node:module"));
  assertOk(!chunks.get("chunk-H.js")!.includes("__require"));
  assertOk(
    chunks.get("node_require.js")!.startsWith('import { createRequire } from "node:module"'),
  );
  assertEquals(
    chunks.get("sdk.js"),
    'import { __require } from "./node_require.js";\nimport { __export } from "./chunk-H.js";\n' +
      '__require("node:fs");\n',
  );
  assertEquals(
    chunks.get("only.js"),
    'import { __require } from "./node_require.js";\n__require("node:os");\n',
  );
  assertEquals(
    chunks.get("ours.js"),
    'import {\n  __export\n} from "./chunk-H.js";\n__export();\n',
  );
  // A chunk that would call require without its import fails the build.
  const broken = new Map([["chunk-H.js", helper], ["x.js", "__require('a');"]]);
  assertThrows(() => isolateNodeRequire(broken), Error, /x\.js calls __require without/);
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
    // The checkout's URL is written into the program bundle (for the stale-install check).
    const dir = `${root}/lib/vegas-credentials/program`;
    const texts = [...Deno.readDirSync(dir)].map((e) => Deno.readTextFileSync(`${dir}/${e.name}`));
    const url = JSON.stringify(new URL("../../", import.meta.url).href);
    assertEquals(texts.filter((text) => text.includes(url)).length, 1);
    assertOk((await installedBundle()).bundle.startsWith("/"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("chunks import each other dynamically only through a computed URL, which Deno does not load ahead", () => {
  const chunks = new Map([
    ["program.js", 'const m = () => import("./list-AB12.js");\nimport("node:http");\n'],
  ]);
  deferChunkImports(chunks);
  assertEquals(
    chunks.get("program.js"),
    'const m = () => import(new URL("./list-AB12.js", import.meta.url).href);\nimport("node:http");\n',
  );
});

linuxTest(
  "the installed program's chunks hold no literal dynamic import of another chunk",
  async () => {
    const { bundle } = await installedBundle();
    const dir = `${bundle.slice(0, bundle.lastIndexOf("/"))}/program`;
    let chunks = 0;
    for await (const entry of Deno.readDir(dir)) {
      const text = await Deno.readTextFile(`${dir}/${entry.name}`);
      assertOk(!/\bimport\("\.\//.test(text), `${entry.name} imports a chunk by a literal`);
      chunks++;
    }
    assertOk(chunks > 10);
  },
);

Deno.test("only chunks that never load require and are in no import cycle are compiled eagerly", () => {
  const chunks = new Map([
    ["node_require.js", 'import { createRequire } from "node:module";\n'],
    ["sdk.js", 'import { __require } from "./node_require.js";\n'],
    ["uses-sdk.js", 'import {\n  client\n} from "./sdk.js";\n'],
    ["cycle-a.js", 'import { b } from "./cycle-b.js";\n'],
    ["cycle-b.js", 'import { a } from "./cycle-a.js";\n'],
    ["above-cycle.js", 'import "./cycle-a.js";\n'],
    ["passes-sdk-on.js", 'export { client } from "./uses-sdk.js";\n'],
    ["leaf.js", "export function leaf() {}\n"],
    ["program.js", 'import { leaf } from "./leaf.js";\nconst m = () => import("./uses-sdk.js");\n'],
  ]);
  assertEquals([...eagerChunks(chunks)].sort(), ["above-cycle.js", "leaf.js", "program.js"]);
});

linuxTest(
  "the installed program's own chunks compile eagerly, and the AWS SDK's do not",
  async () => {
    const { bundle } = await installedBundle();
    const dir = `${bundle.slice(0, bundle.lastIndexOf("/"))}/program`;
    const texts = new Map<string, string>();
    for await (const entry of Deno.readDir(dir)) {
      texts.set(entry.name, await Deno.readTextFile(`${dir}/${entry.name}`));
    }
    const eagerly = (text: string) => /^var [\w$]+ = \(function /m.test(text);
    assertOk(eagerly(texts.get("installed_program.js")!), "the program's entry is eager");
    const sdk = [...texts].filter(([, text]) => text.includes("@aws-sdk/client-sts"));
    assertOk(sdk.length > 0);
    for (const [name, text] of sdk) assertOk(!eagerly(text), `${name} (the SDK) is eager`);
  },
);
