/**
 * The refresh windows, with the clock moved forward: `assume` runs in-process against the
 * loopback STS with real files and an injected clock.
 */

import { run } from "../../src/cli/run.ts";
import { assertEquals } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";
import { createWorld, FRANK, SINGER_ROLE, standardConfig, type World } from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

const MIN = 60_000;

async function clockWorld(config: (world: World) => string, requireMfa: boolean) {
  const world = await createWorld({
    roles: [{ arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa }],
  });
  await world.writeConfig(config(world));
  const start = Date.now();
  const assumeAt = async (minutes: number, ...flags: string[]) => {
    const deps = fakeDeps({ env: world.env(), now: start + minutes * MIN });
    // STS issues credentials on the same moved clock (a real STS and a right clock agree).
    world.sts.clockOffsetMs = minutes * MIN;
    assertEquals(
      await run(["assume", "--profile=frank@concerts", ...flags], deps),
      0,
      deps.captured.stderr,
    );
    return world.sts.successes("AssumeRole");
  };
  return { world, assumeAt };
}

linuxTest(
  "cached credentials are served down to 10 min left, then refreshed; --disable-mandatory-refresh serves until expiry",
  async () => {
    // The loopback STS issues credentials for one hour of real time; the injected clock moves on.
    const { world, assumeAt } = await clockWorld(
      (w) => standardConfig(w).replace(/^mfa_serial = .*$/m, ""),
      false,
    );
    try {
      assertEquals(await assumeAt(0), 1);
      assertEquals(await assumeAt(44), 1, "16 min left: served");
      assertEquals(
        await assumeAt(55, "--disable-mandatory-refresh"),
        1,
        "5 min left, flag: served",
      );
      assertEquals(await assumeAt(51), 2, "9 min left: refreshed");
      assertEquals(
        await assumeAt(125, "--disable-mandatory-refresh"),
        3,
        "expired: refreshed even with the flag",
      );
      // This role needs no MFA, so a refresh is silent: in botocore's advisory window (15 to 10 min
      // left) the credentials are replaced rather than served to a client that asks on every call.
      assertEquals(await assumeAt(172), 4, "13 min left, silent refresh possible: refreshed");
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "in the advisory window, credentials that would need a new MFA code are served",
  async () => {
    const { world, assumeAt } = await clockWorld(
      (w) => standardConfig(w).replace("[default]", "[default]\nvegas_mfa_session = false"),
      true,
    );
    try {
      assertEquals(await assumeAt(0), 1);
      assertEquals(await assumeAt(47), 1, "13 min left, no MFA session: served");
    } finally {
      await world.close();
    }
  },
);
