/** `list` as a user runs it: one table of the vegas profiles with their cached state. */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, FRANK, SINGER_ROLE, standardConfig } from "../support/world.ts";

linuxTest("list shows role, source, MFA device and what is cached, never a secret", async () => {
  const world = await createWorld();
  try {
    await world.writeConfig(standardConfig(
      world,
      `
[profile encore]
vegas_role_arn = arn:aws:iam::222222222222:role/EncoreRole
vegas_source_profile = frank@concerts

[profile broken]
vegas_role_arn = not-an-arn
vegas_source_profile = default
`,
    ));
    const before = await runCli(["list"], world.env());
    assertEquals(before.code, 0, before.stderr);
    const rows = before.stdout.trimEnd().split("\n");
    assertMatch(rows[0], /^PROFILE +ROLE +SOURCE +MFA +STATE$/);
    assertMatch(rows[1], /^broken +not-an-arn +default +- +config error: .*vegas_role_arn/);
    assertMatch(
      rows[2],
      /^encore +arn:aws:iam::222222222222:role\/EncoreRole +frank@concerts → default +- +no credentials cached$/,
    );
    assertOk(
      rows[3].startsWith("frank@concerts") && rows[3].includes(SINGER_ROLE) &&
        rows[3].includes(FRANK.mfaSerial) &&
        rows[3].endsWith("no credentials cached, no MFA session"),
      rows[3],
    );
    assertEquals((await runCli(["assume", "--profile=frank@concerts"], world.env())).code, 0);
    const after = await runCli(["list"], world.env());
    assertMatch(after.stdout, /frank@concerts .* credentials (59|60)m, MFA session (7h 59m|8h)\n/);
    const secret = JSON.parse(
      (await runCli(["assume", "--profile=frank@concerts"], world.env())).stdout,
    );
    assertOk(
      !after.stdout.includes(secret.SecretAccessKey) &&
        !after.stdout.includes(FRANK.secretAccessKey),
    );
    const hidden = await runCli(["list", "--hide-arns"], world.env());
    assertOk(!hidden.stdout.includes("222222222222"), hidden.stdout);
  } finally {
    await world.close();
  }
});

linuxTest("list, config list and doctor handle 130 000 profiles, in linear time", async () => {
  const world = await createWorld();
  try {
    const count = 130_000;
    const profiles = Array.from(
      { length: count },
      (_, i) =>
        `[profile p${i}]\nvegas_role_arn = arn:aws:iam::2:role/R\nvegas_source_profile = default\n`,
    ).join("");
    await world.writeConfig(standardConfig(world, profiles));
    for (const command of [["list"], ["config", "list"], ["doctor"]]) {
      const started = Date.now();
      const result = await runCli(command, world.env());
      const seconds = (Date.now() - started) / 1000;
      assertOk(!result.stderr.includes("Maximum call stack"), result.stderr);
      assertOk(command[0] === "doctor" ? result.code === 1 : result.code === 0, result.stderr);
      const lines = result.stdout.split("\n").length;
      assertOk(lines > count, `${command.join(" ")}: ${lines} lines`);
      // Minutes when a step is quadratic; a few seconds here.
      assertOk(seconds < 60, `${command.join(" ")} took ${seconds} s`);
    }
  } finally {
    await world.close();
  }
});

linuxTest("config list shows control characters from the files escaped", async () => {
  const world = await createWorld();
  try {
    await world.writeConfig(standardConfig(
      world,
      "\n[profile osc]\nvegas_role_arn = arn:aws:iam::222222222222:role/R\x1b]52;c;cHduZWQ=\x07\n" +
        "vegas_source_profile = default\x1b[2J\n",
    ));
    const result = await runCli(["config", "list"], world.env());
    assertEquals(result.code, 0, result.stderr);
    // deno-lint-ignore no-control-regex
    assertOk(!/[\x00-\x08\x0b-\x1f\x7f]/.test(result.stdout), JSON.stringify(result.stdout));
    assertMatch(
      result.stdout,
      /^osc +arn:aws:iam::222222222222:role\/R\\x1b\]52;c;cHduZWQ=\\x07 +default\\x1b\[2J$/m,
    );
  } finally {
    await world.close();
  }
});
