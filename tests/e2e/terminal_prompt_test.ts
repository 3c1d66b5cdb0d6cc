/**
 * The MFA code typed on a real terminal (tmux), with the AWS CLI capturing our stderr as it does
 * for every credential_process.
 */

import { assertEquals, assertMatch, assertStringIncludes } from "../support/assert.ts";
import { installedCli } from "../support/installed_cli.ts";
import { assertTerminalRestored, startTmux, ttyScript, waitForFile } from "../support/tmux.ts";
import { awsCli } from "../support/tools.ts";
import { createWorld, standardConfig, type World } from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

async function terminalWorld(): Promise<World> {
  const world = await createWorld();
  const cli = await installedCli();
  await world.writeConfig(
    standardConfig(world)
      .replace(/^mfa_process = .*$/m, "")
      .replace("credential_process = vegas-credentials", `credential_process = ${cli}`),
  );
  return world;
}

linuxTest("a code typed at the terminal prompt reaches STS when the AWS CLI runs us", async () => {
  const world = await terminalWorld();
  const tmux = await startTmux(
    ttyScript(
      `${await awsCli()} sts get-caller-identity --profile frank@concerts --endpoint-url ${world.sts.endpoint} --output json`,
      world.home,
    ),
    world.env(),
    world.home,
  );
  try {
    await tmux.waitFor(
      /MFA code for frank@concerts \(arn:aws:iam::111111111111:mfa\/FrankSinatra\): $/m,
    );
    // A typo first: five digits and Enter asks again.
    await tmux.sendKeys(["12345"], { literal: true });
    await tmux.sendKeys(["Enter"]);
    await tmux.waitFor(/The code has 6 digits, not 5/);
    await tmux.sendKeys([world.code()], { literal: true });
    await tmux.sendKeys(["Enter"]);
    assertEquals(
      (await waitForFile(`${world.home}/rc`)).trim(),
      "0",
      await Deno.readTextFile(`${world.home}/err`),
    );
    const identity = JSON.parse(await Deno.readTextFile(`${world.home}/out`));
    assertMatch(identity.Arn, /assumed-role\/SingerRole\//);
    await assertTerminalRestored(world.home);
    assertEquals(world.sts.successes("AssumeRole"), 1);
  } finally {
    await tmux.close();
    await world.close();
  }
});

linuxTest("Ctrl-C at the prompt cancels with exit 130 and restores the terminal", async () => {
  const world = await terminalWorld();
  const cli = await installedCli();
  const script = ttyScript(`${cli} assume --profile frank@concerts`, world.home);
  const tmux = await startTmux(script, world.env(), world.home);
  try {
    await tmux.waitFor(/MFA code for frank@concerts/);
    await tmux.sendKeys(["12"], { literal: true });
    await tmux.sendKeys(["C-c"]);
    assertEquals((await waitForFile(`${world.home}/rc`)).trim(), "130");
    assertEquals(await Deno.readTextFile(`${world.home}/out`), "");
    assertStringIncludes(await Deno.readTextFile(`${world.home}/err`), "MFA prompt cancelled");
    await assertTerminalRestored(world.home);
    assertEquals(world.sts.requests.length, 0);
  } finally {
    await tmux.close();
    await world.close();
  }
});
