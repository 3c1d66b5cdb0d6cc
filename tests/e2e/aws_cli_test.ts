import { assertEquals, assertMatch } from "../support/assert.ts";
import { installedCli } from "../support/installed_cli.ts";
import { awsWhoAmI, createWorld, standardConfig } from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

linuxTest("AWS CLI v2 sees the assumed-role identity through credential_process", async () => {
  const world = await createWorld();
  try {
    const cli = await installedCli();
    await world.writeConfig(
      standardConfig(world).replace(
        "credential_process = vegas-credentials",
        `credential_process = ${cli}`,
      ),
    );
    const result = await awsWhoAmI(world);
    assertEquals(result.code, 0, result.stderr);
    const identity = JSON.parse(result.stdout);
    assertMatch(identity.Arn, /^arn:aws:sts::222222222222:assumed-role\/SingerRole\//);
    assertEquals(identity.Account, "222222222222");
    assertEquals(world.sts.successes("AssumeRole"), 1);
  } finally {
    await world.close();
  }
});
