import { systemDeps } from "../../src/system_deps.ts";
import {
  lastUsedStep,
  msUntilFreshCode,
  recordUsedStep,
  totpStep,
} from "../../src/mfa/code_reuse_guard.ts";
import { TerminalSession } from "../../src/mfa/terminal_session.ts";
import { assertEquals, assertOk } from "../support/assert.ts";
import { scriptedTerminal } from "../support/fake_deps.ts";
import { linuxTest } from "../support/platform.ts";

linuxTest("a fresh code is due once the clock leaves the step of the last used code", () => {
  const step = totpStep(Date.UTC(2026, 10, 21, 12, 0, 0));
  const stepStart = step * 30_000;
  assertEquals(msUntilFreshCode(undefined, stepStart), 0);
  assertEquals(msUntilFreshCode(step - 1, stepStart), 0);
  assertEquals(msUntilFreshCode(step, stepStart + 12_000), 18_000);
  assertEquals(msUntilFreshCode(step, stepStart + 29_999), 1);
  assertEquals(msUntilFreshCode(step, stepStart + 30_000), 0);
});

linuxTest(
  "used steps are remembered per device in a 0600 file without the device name",
  async () => {
    const dir = await Deno.makeTempDir();
    try {
      const deps = systemDeps();
      const file = `${dir}/state/mfa-steps.json`;
      const serial = "arn:aws:iam::111111111111:mfa/FrankSinatra";
      assertEquals(await lastUsedStep(deps, file, serial), undefined);
      await recordUsedStep(deps, file, serial, 1000);
      await recordUsedStep(deps, file, "GAHT12345678", 990);
      assertEquals(await lastUsedStep(deps, file, serial), 1000);
      assertEquals(await lastUsedStep(deps, file, "GAHT12345678"), 990);
      const text = await Deno.readTextFile(file);
      assertOk(!text.includes("FrankSinatra") && !text.includes("GAHT"));
      assertEquals((await Deno.stat(file)).mode! & 0o777, 0o600);
      assertEquals((await Deno.stat(`${dir}/state`)).mode! & 0o777, 0o700);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

linuxTest("a damaged steps file reads as empty and is replaced", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const deps = systemDeps();
    await Deno.writeTextFile(`${dir}/steps.json`, "{not json");
    assertEquals(await lastUsedStep(deps, `${dir}/steps.json`, "GAHT12345678"), undefined);
    await recordUsedStep(deps, `${dir}/steps.json`, "GAHT12345678", 5);
    assertEquals(await lastUsedStep(deps, `${dir}/steps.json`, "GAHT12345678"), 5);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

linuxTest("the terminal counts down the seconds until the next code", async () => {
  const terminal = scriptedTerminal([]);
  const slept: number[] = [];
  await new TerminalSession(terminal).countdown(2_500, (ms) => {
    slept.push(ms);
    return Promise.resolve();
  });
  assertEquals(slept, [500, 1000, 1000]);
  assertEquals(
    terminal.screen.split("\r\x1b[2K").filter(Boolean),
    [3, 2, 1].map((s) => `AWS accepts each MFA code once: waiting ${s} s for the next code…`),
  );
  assertOk(terminal.screen.endsWith("\r\x1b[2K"));
});
