/**
 * The bundle's eager-compilation rewrite: same behaviour, no function declaration left at the
 * top level, and text in strings and comments untouched.
 */

import { parse } from "acorn";
import { eagerFunctions } from "../../scripts/eager_functions.ts";
import { assertEquals, assertOk } from "../support/assert.ts";
import { installedBundle } from "../support/installed_cli.ts";

let runs = 0;

/** What `source` (a module) leaves in `globalThis.seen` when it runs (each time anew). */
async function run(source: string): Promise<unknown> {
  const url = `data:text/javascript;base64,${btoa(`${source}\n// run ${++runs}\n`)}`;
  const seen: unknown[] = [];
  (globalThis as { seen?: unknown[] }).seen = seen;
  await import(url);
  return seen;
}

const SOURCE = `
const early = later(2); // called before its declaration: hoisting must still bind it
globalThis.seen.push(early);
// function inComment(x) { return x; }
const text = "function inString(x) { return x; }";
globalThis.seen.push(text);
export async function asyncOne() { return await Promise.resolve(later(3)); }
globalThis.seen.push(await asyncOne());
function later(n) { return n * helper(); }
function helper() { return 10; }
globalThis.seen.push(typeof inComment, typeof inString);
class Counter { #n = 0; step = (by) => (this.#n += by); get value() { return this.#n; } twice() { this.step(1); return this.step(1); } }
const counter = new Counter();
const object = { plain: function () { return "plain"; }, short() { return "short"; }, get got() { return "got"; } };
globalThis.seen.push(counter.twice(), counter.value, [1, 2].map((x) => (y) => x + y).map((f) => f(10)));
globalThis.seen.push(object.plain(), object.short(), object.got, \`\${[3].map(async (v) => v).length}\`);
`;

Deno.test("top-level functions become eagerly compiled expressions, bound before any statement", async () => {
  const rewritten = eagerFunctions(SOURCE.replace("export ", ""));
  assertEquals(await run(rewritten), await run(SOURCE.replace("export ", "")));
  assertEquals(await run(rewritten), [
    20,
    "function inString(x) { return x; }",
    30,
    "undefined",
    "undefined",
    2,
    2,
    [11, 12],
    "plain",
    "short",
    "got",
    "1",
  ]);
  const program = parse(rewritten, { ecmaVersion: "latest", sourceType: "module" });
  assertEquals(program.body.filter((node) => node.type === "FunctionDeclaration").length, 0);
  assertEquals(
    rewritten.split("\n").slice(0, 3),
    [
      "var asyncOne = (async function asyncOne() { return await Promise.resolve(later(3)); });",
      "var later = (function later(n) { return n * helper(); });",
      "var helper = (function helper() { return 10; });",
    ],
  );
});

Deno.test("function and arrow expressions get parentheses; methods, getters and strings do not", () => {
  const rewritten = eagerFunctions(SOURCE);
  for (
    const expected of [
      "step = ((by) => (this.#n += by));",
      "get value() { return this.#n; }",
      "twice() { this.step(1);",
      ".map(((x) => ((y) => x + y))).map(((f) => f(10)))",
      'plain: (function () { return "plain"; })',
      'short() { return "short"; }',
      'get got() { return "got"; }',
      "[3].map((async (v) => v))",
      "// function inComment(x) { return x; }",
      'const text = "function inString(x) { return x; }";',
      "export async function asyncOne() { return await Promise.resolve(later(3)); }",
    ]
  ) assertOk(rewritten.includes(expected), expected);
  assertEquals(eagerFunctions("const f = () => 1;\n"), "const f = (() => 1);\n");
  assertEquals(eagerFunctions("let x = 1;\n"), "let x = 1;\n");
  assertEquals(
    eagerFunctions("#!/usr/bin/env -S deno run\nf();\nfunction f() {}\n"),
    "#!/usr/bin/env -S deno run\nvar f = (function f() {});\nf();\n\n",
  );
});

Deno.test("the installed command's bundle compiles all its top-level functions eagerly", async () => {
  const bundle = await Deno.readTextFile((await installedBundle()).bundle);
  const program = parse(bundle, { ecmaVersion: "latest", sourceType: "module" });
  assertEquals(program.body.filter((node) => node.type === "FunctionDeclaration").length, 0);
  assertOk(bundle.includes("var serveCacheHit = (async function serveCacheHit("));
});
