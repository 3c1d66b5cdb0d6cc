/**
 * A prompt that got no code is remembered for a few seconds: the AWS SDK for JavaScript runs a
 * failing credential_process twice, and the second run must fail at once instead of asking again.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, standardConfig } from "../support/world.ts";

const ASSUME = ["assume", "--profile=frank@concerts"];

linuxTest("a run right after an MFA timeout fails at once; a later one asks again", async () => {
  const world = await createWorld();
  try {
    await world.writeConfig(
      standardConfig(world, "vegas_mfa_timeout = 5\n").replace(
        /^mfa_process = .*$/m,
        "mfa_process = sleep 10",
      ),
    );
    const first = await runCli(ASSUME, world.env());
    assertEquals(first.code, 1);
    assertMatch(first.stderr, /No MFA code for profile "frank@concerts" within 5 s/);
    const started = Date.now();
    const second = await runCli(ASSUME, world.env());
    assertOk(Date.now() - started < 900, `took ${Date.now() - started} ms`);
    assertEquals(second.code, 1);
    assertMatch(
      second.stderr,
      /^vegas-credentials: The MFA prompt for profile "frank@concerts" got no code [1-5] s ago, so vegas-credentials does not ask again at once \(the AWS SDK for JavaScript runs a failing credential_process twice\); run the command again to be asked\n$/,
    );
    await new Promise((resolve) => setTimeout(resolve, 5_200));
    // Asked again (and given a code this time).
    await world.writeConfig(standardConfig(world));
    const later = await runCli(ASSUME, world.env());
    assertEquals(later.code, 0, later.stderr);
  } finally {
    await world.close();
  }
});
