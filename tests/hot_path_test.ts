/**
 * The cache-hit path must not load the AWS SDK or any npm or heavy node: module (each costs
 * 10-65 ms of a ~15 ms budget). Everything `main.ts` imports statically is on that path; the SDK
 * must only be reachable through a dynamic `import()`.
 */

import { assertEquals, assertOk } from "./support/assert.ts";
import { REPO_ROOT } from "./support/installed_cli.ts";
import { linuxTest } from "./support/platform.ts";
import { LAZY_MODULES } from "../scripts/run_flags.ts";

interface InfoModule {
  specifier: string;
  dependencies?: { specifier: string; code?: { specifier: string }; isDynamic?: boolean }[];
}

async function moduleGraph(entry: string): Promise<Map<string, InfoModule>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertOk(output.success, new TextDecoder().decode(output.stderr));
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: InfoModule[] };
  return new Map(info.modules.map((module) => [module.specifier, module]));
}

function reachable(
  graph: Map<string, InfoModule>,
  root: string,
  followDynamic: boolean,
): Set<string> {
  const seen = new Set<string>();
  const queue = [root];
  while (queue.length > 0) {
    const specifier = queue.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dependency of graph.get(specifier)?.dependencies ?? []) {
      if (dependency.code && (followDynamic || !dependency.isDynamic)) {
        queue.push(dependency.code.specifier);
      }
    }
  }
  return seen;
}

const EXTERNAL = /^(npm|node|jsr|https?):/;

for (const entry of ["main.ts", "src/cli/installed_main.ts"]) {
  linuxTest(
    `the startup graph of ${entry} reaches no npm:, node: or remote module, nor the miss path`,
    async () => {
      const root = `file://${REPO_ROOT}/${entry}`;
      // Dynamic imports count too: Deno prepares every analysable one at startup.
      const hotPath = [...reachable(await moduleGraph(entry), root, true)];
      assertEquals(hotPath.filter((specifier) => EXTERNAL.test(specifier)), []);
      // The graph was read: the hit itself is on it...
      assertOk(
        hotPath.some((specifier) => specifier.endsWith("/src/cli/cache_hit.ts")),
        hotPath.join("\n"),
      );
      // ...and nothing of the miss path: not the cache's class (the hit reads flat), the
      // program, the providers, the MFA sources or the seam.
      assertOk(
        !hotPath.some((specifier) =>
          /\/src\/(cli\/run|cli\/program|cache\/credential_cache|credentials\/build_provider|mfa\/\w+|system_deps)\.ts$/
            .test(specifier)
        ),
        hotPath.join("\n"),
      );
    },
  );
}

linuxTest(
  "the lazily loaded miss path does reach the AWS SDK (so the check above reads the graph right)",
  async () => {
    const root = `file://${REPO_ROOT}/src/credentials/sts_calls.ts`;
    const missPath = [...reachable(await moduleGraph("src/credentials/sts_calls.ts"), root, true)];
    assertOk(
      missPath.some((specifier) => specifier.includes("@aws-sdk/client-sts")),
      missPath.join("\n"),
    );
  },
);

linuxTest("the module graph of the whole program has no import cycle", async () => {
  // The program and every command module (loaded lazily, so not in one static graph).
  const graph = new Map<string, InfoModule>();
  for (
    const entry of [
      "main.ts",
      "src/cli/installed_main.ts",
      "src/cli/installed_program.ts",
      ...LAZY_MODULES,
    ]
  ) {
    for (const [key, module] of await moduleGraph(entry)) graph.set(key, module);
  }
  const ours = (specifier: string) => specifier.startsWith(`file://${REPO_ROOT}/`);
  // Depth-first search with colours: meeting a grey module again closes a cycle.
  const state = new Map<string, "grey" | "black">();
  const cycles: string[] = [];
  const visit = (specifier: string, path: string[]) => {
    state.set(specifier, "grey");
    for (const dependency of graph.get(specifier)?.dependencies ?? []) {
      const next = dependency.code?.specifier;
      if (!next || !ours(next)) continue;
      if (state.get(next) === "grey") {
        cycles.push(
          [...path, specifier, next].map((s) => s.slice(REPO_ROOT.length + 8)).join(" -> "),
        );
      } else if (!state.has(next)) visit(next, [...path, specifier]);
    }
    state.set(specifier, "black");
  };
  for (const specifier of graph.keys()) {
    if (ours(specifier) && !state.has(specifier)) visit(specifier, []);
  }
  assertEquals(cycles, []);
});
