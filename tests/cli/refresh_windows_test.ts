/**
 * The refresh windows, with the clock moved forward: `assume` runs in-process against the
 * loopback STS with real files and an injected clock.
 */

import { run } from "../../src/cli/run.ts";
import { assertEquals } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";
import { createWorld, FRANK, SINGER_ROLE, standardConfig } from "../support/world.ts";

const MIN = 60_000;

Deno.test("cached credentials are served down to 10 min left, then refreshed; --disable-mandatory-refresh serves until expiry", async () => {
  const world = await createWorld({
    roles: [{ arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: false }],
  });
  try {
    await world.writeConfig(standardConfig(world).replace(/^mfa_serial = .*$/m, ""));
    const start = Date.now();
    const assumeAt = async (minutes: number, ...flags: string[]) => {
      const deps = fakeDeps({ env: world.env(), now: start + minutes * MIN });
      assertEquals(
        await run(["assume", "--profile=frank@concerts", ...flags], deps),
        0,
        deps.captured.stderr,
      );
      return world.sts.successes("AssumeRole");
    };
    assertEquals(await assumeAt(0), 1);
    assertEquals(await assumeAt(44), 1, "16 min left: served");
    assertEquals(await assumeAt(47), 1, "13 min left: served (no silent refresh possible)");
    assertEquals(await assumeAt(55, "--disable-mandatory-refresh"), 1, "5 min left, flag: served");
    assertEquals(await assumeAt(51), 2, "9 min left: refreshed");
    assertEquals(
      await assumeAt(125, "--disable-mandatory-refresh"),
      3,
      "expired: refreshed even with the flag",
    );
  } finally {
    await world.close();
  }
});
