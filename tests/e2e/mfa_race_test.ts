/**
 * The MFA sources raced under the installed command: a (fake) YubiKey, the terminal (tmux),
 * mfa_process and a (fake) GUI dialog. After each run: no source process left behind, the
 * terminal in the mode it was in.
 */

import { assertEquals, assertMatch, assertOk, assertStringIncludes } from "../support/assert.ts";
import {
  type FakeYkman,
  installFakeYkman,
  installFakeZenity,
  isRunning,
  type ToolRun,
} from "../support/fake_tools.ts";
import { installedCli, runCli } from "../support/installed_cli.ts";
import { assertTerminalRestored, startTmux, ttyScript, waitForFile } from "../support/tmux.ts";
import { awsWhoAmI, createWorld, FRANK, standardConfig, type World } from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

const ASSUME = ["assume", "--profile=frank@concerts"];

interface RaceWorld {
  world: World;
  ykman: FakeYkman;
  env: Record<string, string>;
}

/** A world whose YubiKey holds frank's TOTP secret; `mfaProcess` replaces the default one. */
async function raceWorld(
  options: {
    touch?: boolean;
    devices?: number;
    password?: string;
    mfaProcess?: string | null;
    extra?: string;
    noDeviceDelayMs?: number;
  } = {},
): Promise<RaceWorld> {
  const world = await createWorld();
  const account = {
    name: FRANK.mfaSerial,
    secretFile: world.secretFile,
    touch: options.touch ?? true,
  };
  const devices = Array.from({ length: options.devices ?? 1 }, (_, i) => ({
    serial: 12345678 + i,
    password: options.password,
    accounts: [account],
  }));
  const ykman = await installFakeYkman(world.home, {
    devices,
    touchTimeoutMs: 60_000,
    noDeviceDelayMs: options.noDeviceDelayMs,
  });
  let config = standardConfig(world, options.extra ?? "");
  config = config.replace(
    /^mfa_process = .*$/m,
    options.mfaProcess === undefined
      ? ""
      : options.mfaProcess === null
      ? ""
      : `mfa_process = ${options.mfaProcess}`,
  );
  await world.writeConfig(config);
  const env = world.env({ ...ykman.env, PATH: `${ykman.binDir}:${Deno.env.get("PATH")}` });
  return { world, ykman, env };
}

async function assertNoneRunning(runs: ToolRun[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const run of runs) {
    assertOk(!isRunning(run.pid), `process ${run.pid} (${run.args.join(" ")}) was left running`);
  }
}

linuxTest("a YubiKey touch answers when there is no terminal", async () => {
  const { world, ykman, env } = await raceWorld({ extra: "vegas_yubikey_serial = 12345678\n" });
  try {
    setTimeout(() => ykman.touch(), 800);
    const result = await runCli([...ASSUME, "--verbose"], env);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stderr, "MFA code from YubiKey 12345678");
    assertEquals(world.sts.successes("AssumeRole"), 1);
    const runs = await ykman.runs();
    assertEquals(runs.map((r) => r.args), [[
      "--device",
      "12345678",
      "oath",
      "accounts",
      "code",
      "--single",
      FRANK.mfaSerial,
    ]]);
  } finally {
    await world.close();
  }
});

linuxTest("mfa_process wins over a YubiKey waiting for a touch, and ykman is killed", async () => {
  const { world, ykman, env } = await raceWorld();
  try {
    await world.writeConfig(standardConfig(world));
    const result = await runCli([...ASSUME, "--verbose"], env);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stderr, "MFA code from mfa_process");
    await assertNoneRunning(await ykman.runs());
  } finally {
    await world.close();
  }
});

linuxTest("a failing YubiKey does not block mfa_process, and says why with --verbose", async () => {
  const { world, env } = await raceWorld({ devices: 0 });
  try {
    await world.writeConfig(
      standardConfig(world).replace(/^mfa_process = (.*)$/m, "mfa_process = sleep 1; $1"),
    );
    const result = await runCli([...ASSUME, "--verbose"], env);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(result.stderr, "MFA source YubiKey failed: no YubiKey is plugged in");
  } finally {
    await world.close();
  }
});

linuxTest("when every source fails, one line names each and its reason", async () => {
  const { world, env } = await raceWorld({ devices: 0, mfaProcess: "sh -c 'exit 3'" });
  try {
    const result = await runCli(ASSUME, env);
    assertEquals(result.code, 1);
    assertMatch(
      result.stderr,
      /^vegas-credentials: No MFA code for profile "frank@concerts": (YubiKey: no YubiKey is plugged in; mfa_process: The mfa_process \(.*\) exited with code 3|mfa_process: The mfa_process \(.*\) exited with code 3; YubiKey: no YubiKey is plugged in)\n$/,
    );
  } finally {
    await world.close();
  }
});

linuxTest("the race times out after vegas_mfa_timeout, leaving nothing running", async () => {
  const { world, ykman, env } = await raceWorld({ extra: "vegas_mfa_timeout = 5\n" });
  try {
    const started = Date.now();
    const result = await runCli(ASSUME, env);
    assertEquals(result.code, 1);
    assertMatch(
      result.stderr,
      /No MFA code for profile "frank@concerts" within 5 s \(waited for: YubiKey\); set vegas_mfa_timeout/,
    );
    assertOk(Date.now() - started < 15_000);
    await assertNoneRunning(await ykman.runs());
  } finally {
    await world.close();
  }
});

linuxTest(
  "several YubiKeys and no vegas_yubikey_serial: the message lists their serials",
  async () => {
    const { world, env } = await raceWorld({ devices: 2 });
    try {
      const result = await runCli(ASSUME, env);
      assertEquals(result.code, 1);
      assertMatch(
        result.stderr,
        /several YubiKeys are plugged in \(serials 12345678, 12345679\); set vegas_yubikey_serial in profile "frank@concerts"/,
      );
    } finally {
      await world.close();
    }
  },
);

linuxTest("a code AWS rejects is asked for once more from the same sources", async () => {
  const { world, env } = await raceWorld({ devices: 0 });
  try {
    const marker = `${world.home}/asked-once`;
    await world.writeConfig(
      standardConfig(world).replace(
        /^mfa_process = (.*)$/m,
        `mfa_process = if [ -f ${marker} ]; then $1; else touch ${marker}; echo 000000; fi`,
      ),
    );
    const result = await runCli([...ASSUME, "--verbose"], env);
    assertEquals(result.code, 0, result.stderr);
    assertStringIncludes(
      result.stderr,
      'AWS rejected the MFA code for profile "frank@concerts"; asking for another',
    );
    assertEquals(
      world.sts.requests.map((r) => `${r.action} ${r.error ?? "ok"}`),
      ["GetSessionToken AccessDenied", "GetSessionToken ok", "AssumeRole ok"],
    );
  } finally {
    await world.close();
  }
});

linuxTest("a GUI dialog answers when a display is set; --no-gui never shows it", async () => {
  const { world, env } = await raceWorld({ devices: 0 });
  try {
    const zenity = await installFakeZenity(world.home, "code", world.secretFile);
    const guiEnv = { ...env, ...zenity.env, DISPLAY: ":99" };
    await world.writeConfig(standardConfig(world).replace(/^mfa_process = .*$/m, ""));
    const shown = await runCli([...ASSUME, "--verbose"], guiEnv);
    assertEquals(shown.code, 0, shown.stderr);
    assertStringIncludes(shown.stderr, "MFA code from dialog");
    assertEquals((await zenity.runs()).length, 1);
    await runCli(["cache", "clean"], guiEnv);
    const hidden = await runCli([...ASSUME, "--no-gui"], guiEnv);
    assertEquals(hidden.code, 1);
    assertStringIncludes(
      hidden.stderr,
      "MFA source YubiKey failed".slice(0, 0) + "No MFA code for profile",
    );
    assertEquals((await zenity.runs()).length, 1);
  } finally {
    await world.close();
  }
});

linuxTest(
  "a typed code wins over a pending touch; ykman is killed and the terminal restored",
  async () => {
    const { world, ykman, env } = await raceWorld();
    const tmux = await startTmux(
      ttyScript(`${await installedCli()} assume --profile frank@concerts`, world.home),
      env,
      world.home,
    );
    try {
      await tmux.waitFor(/MFA code for frank@concerts — touch YubiKey or type the code: $/m);
      await tmux.sendKeys([world.code()], { literal: true });
      await tmux.sendKeys(["Enter"]);
      assertEquals(
        (await waitForFile(`${world.home}/rc`)).trim(),
        "0",
        await Deno.readTextFile(`${world.home}/err`),
      );
      await assertTerminalRestored(world.home);
      await assertNoneRunning(await ykman.runs());
      assertEquals(world.sts.successes("AssumeRole"), 1);
    } finally {
      await tmux.close();
      await world.close();
    }
  },
);

linuxTest(
  "a touch wins over the terminal prompt, which is restored and says where the code came from",
  async () => {
    const { world, ykman, env } = await raceWorld();
    const tmux = await startTmux(
      ttyScript(`${await installedCli()} assume --profile frank@concerts`, world.home),
      env,
      world.home,
    );
    try {
      await tmux.waitFor(/touch YubiKey or type the code: $/m);
      await tmux.sendKeys(["12"], { literal: true });
      await ykman.touch();
      assertEquals(
        (await waitForFile(`${world.home}/rc`)).trim(),
        "0",
        await Deno.readTextFile(`${world.home}/err`),
      );
      await tmux.waitFor(/MFA code received from YubiKey\./);
      await assertTerminalRestored(world.home);
    } finally {
      await tmux.close();
      await world.close();
    }
  },
);

linuxTest(
  "Ctrl-C with a touch pending cancels everything: exit 130, ykman killed, terminal restored",
  async () => {
    const { world, ykman, env } = await raceWorld();
    const tmux = await startTmux(
      ttyScript(`${await installedCli()} assume --profile frank@concerts`, world.home),
      env,
      world.home,
    );
    try {
      await tmux.waitFor(/touch YubiKey or type the code: $/m);
      await tmux.sendKeys(["C-c"]);
      assertEquals((await waitForFile(`${world.home}/rc`)).trim(), "130");
      await assertTerminalRestored(world.home);
      await assertNoneRunning(await ykman.runs());
      assertEquals(world.sts.requests.length, 0);
    } finally {
      await tmux.close();
      await world.close();
    }
  },
);

linuxTest(
  "a password-protected YubiKey asks for its password on the terminal, hidden",
  async () => {
    const { world, ykman, env } = await raceWorld({ touch: false, password: "oath-pw-1" });
    const tmux = await startTmux(
      ttyScript(`${await installedCli()} assume --profile frank@concerts`, world.home),
      env,
      world.home,
    );
    try {
      await tmux.waitFor(/OATH password of your YubiKey \(not shown\): $/m);
      await tmux.sendKeys(["oath-pw-1"], { literal: true });
      await tmux.sendKeys(["Enter"]);
      assertEquals(
        (await waitForFile(`${world.home}/rc`)).trim(),
        "0",
        await Deno.readTextFile(`${world.home}/err`),
      );
      const screen = await tmux.screen();
      assertOk(!screen.includes("oath-pw-1"), screen);
      for (const run of await ykman.runs()) assertOk(!run.args.join(" ").includes("oath-pw-1"));
      await assertTerminalRestored(world.home);
    } finally {
      await tmux.close();
      await world.close();
    }
  },
);

linuxTest(
  "the AWS CLI with a YubiKey: one touch, one AssumeRole, the role's identity",
  async () => {
    const { world, ykman, env } = await raceWorld();
    try {
      await world.writeConfig(
        (await Deno.readTextFile(world.configFile)).replace(
          "credential_process = vegas-credentials",
          `credential_process = ${await installedCli()}`,
        ),
      );
      setTimeout(() => ykman.touch(), 1500);
      const result = await awsWhoAmI(world, env);
      assertEquals(result.code, 0, result.stderr);
      assertMatch(JSON.parse(result.stdout).Arn, /assumed-role\/SingerRole\//);
      assertEquals((await ykman.runs()).length, 1);
      assertEquals(world.sts.successes("AssumeRole"), 1);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "with no YubiKey plugged in, the prompt stops offering a touch and keeps what was typed",
  async () => {
    const { world, env } = await raceWorld({ devices: 0, noDeviceDelayMs: 2500 });
    const tmux = await startTmux(
      ttyScript(`${await installedCli()} assume --profile frank@concerts`, world.home),
      env,
      world.home,
    );
    try {
      await tmux.waitFor(/MFA code for frank@concerts — touch YubiKey or type the code: $/m);
      await tmux.sendKeys(["12"], { literal: true });
      const screen = await tmux.waitFor(
        /^MFA code for frank@concerts \(arn:aws:iam::111111111111:mfa\/FrankSinatra\): 12$/m,
      );
      assertOk(!screen.includes("touch YubiKey"), screen);
      await tmux.sendKeys(["C-u"]);
      await tmux.sendKeys([world.code()], { literal: true });
      await tmux.sendKeys(["Enter"]);
      assertEquals(
        (await waitForFile(`${world.home}/rc`)).trim(),
        "0",
        await Deno.readTextFile(`${world.home}/err`),
      );
      assertEquals(world.sts.successes("GetSessionToken"), 1);
    } finally {
      await tmux.close();
      await world.close();
    }
  },
);

linuxTest(
  "right after a code was used, no source at all (no YubiKey plugged in) fails at once",
  async () => {
    const { world, env } = await raceWorld({ devices: 0 });
    try {
      // Start early in a 30 s step, so that the next step is at least 20 s away.
      while (Math.floor(Date.now() / 1000) % 30 > 8) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await world.writeConfig(standardConfig(world));
      const first = await runCli(ASSUME, env);
      assertEquals(first.code, 0, first.stderr);
      // A code of this step is used: the next run would have to wait for the next one.
      await Deno.remove(`${world.home}/.cache/vegas-credentials`, { recursive: true });
      await world.writeConfig(standardConfig(world).replace(/^mfa_process = .*$/m, ""));
      const started = Date.now();
      const result = await runCli(ASSUME, env);
      const seconds = (Date.now() - started) / 1000;
      assertEquals(result.code, 1, result.stderr);
      assertEquals(
        result.stderr,
        `vegas-credentials: No MFA code for profile "frank@concerts": YubiKey: no YubiKey is plugged in\n`,
      );
      assertOk(seconds < 5, `failed after ${seconds} s`);
    } finally {
      await world.close();
    }
  },
);
