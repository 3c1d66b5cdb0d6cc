/**
 * The cache-hit path must not load the AWS SDK or any npm or heavy node: module (each costs
 * 10-65 ms of a ~15 ms budget). Everything `main.ts` imports statically is on that path; the SDK
 * must only be reachable through a dynamic `import()`.
 */

import { assertEquals, assertOk } from "./support/assert.ts";
import { REPO_ROOT } from "./support/installed_cli.ts";
import { linuxTest } from "./support/platform.ts";

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

linuxTest(
  "the startup graph of main.ts reaches no npm:, node: or remote module, nor the miss path",
  async () => {
    const root = `file://${REPO_ROOT}/main.ts`;
    // Dynamic imports count too: Deno prepares every analysable one at startup.
    const hotPath = [...reachable(await moduleGraph("main.ts"), root, true)];
    assertEquals(hotPath.filter((specifier) => EXTERNAL.test(specifier)), []);
    assertOk(
      hotPath.some((specifier) => specifier.endsWith("/src/cache/credential_cache.ts")),
      hotPath.join("\n"),
    );
    assertOk(
      !hotPath.some((specifier) => specifier.endsWith("/src/cli/fetch_credentials.ts")),
      hotPath.join("\n"),
    );
  },
);

linuxTest(
  "the lazily loaded miss path does reach the AWS SDK (so the check above reads the graph right)",
  async () => {
    const root = `file://${REPO_ROOT}/src/cli/fetch_credentials.ts`;
    const missPath = [...reachable(await moduleGraph("src/cli/fetch_credentials.ts"), root, true)];
    assertOk(
      missPath.some((specifier) => specifier.includes("@aws-sdk/client-sts")),
      missPath.join("\n"),
    );
  },
);
