/**
 * What a cache hit's process does at start, seen through V8's own log: the installed command's
 * bundle comes from Deno's code cache with every function compiled (scripts/eager_functions.ts),
 * so a hit compiles none of them.
 */

import { assertEquals, assertOk } from "../support/assert.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, FRANK, SINGER_ROLE, standardConfig } from "../support/world.ts";

const ASSUME = ["assume", "--profile=frank@concerts"];

/**
 * Whether V8 took the script named `*suffix` from the code cache, and the functions of it that it
 * parsed or compiled to bytecode while running (a later optimising tier's compile is not one).
 */
function bundleEvents(log: string, suffix: string): { deserialized: boolean; compiled: string[] } {
  const lines = log.split("\n").map((line) => line.split(","));
  const ids = new Set(
    lines.filter((f) => f[0] === "script-details" && f[2]?.endsWith(suffix)).map((f) => f[1]),
  );
  assertOk(ids.size > 0, `no script ${suffix} in V8's log`);
  const deserialized = lines.some((f) =>
    f[0] === "script" && f[1] === "deserialize" && ids.has(f[2])
  );
  const compiled = lines
    .filter((f) => f[0] === "function" && /parse|interpreter/.test(f[1]) && ids.has(f[2]))
    .map((f) => `${f[1]} ${f[7] ?? ""} at ${f[3]}`);
  return { deserialized, compiled };
}

linuxTest(
  "a cache hit compiles none of the bundle's functions: all come from Deno's code cache",
  async () => {
    const world = await createWorld({
      roles: [{ arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: false }],
    });
    try {
      await world.writeConfig(standardConfig(world).replace(/^mfa_serial = .*$/m, ""));
      const first = await runCli(ASSUME, world.env());
      assertEquals(first.code, 0, first.stderr);
      const logs: string[] = [];
      // The first logged run compiles the bundle under the logging flags (they, the log's path
      // included, are part of the code cache's key) and caches it; the second is a hit as users
      // run it, logged.
      const logfile = `${world.home}/v8.log`;
      for (let run = 0; run < 2; run++) {
        const hit = await runCli(ASSUME, {
          ...world.env(),
          DENO_V8_FLAGS: `--log-function-events,--logfile=${logfile},--no-logfile-per-isolate`,
        });
        assertEquals(hit.code, 0, hit.stderr);
        assertEquals(hit.stdout, first.stdout);
        logs.push(await Deno.readTextFile(logfile));
      }
      assertEquals(world.sts.successes("AssumeRole"), 1);
      const events = bundleEvents(logs[1], "/lib/vegas-credentials/main.bundle.js");
      assertOk(events.deserialized, "the bundle did not come from the code cache");
      assertEquals(events.compiled, []);
    } finally {
      await world.close();
    }
  },
);
