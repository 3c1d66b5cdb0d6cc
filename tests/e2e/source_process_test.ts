/**
 * A source profile's own credential_process, run by vegas-credentials itself: its credentials
 * sign the AssumeRole; a hanging one is stopped in bounded time with its whole group; a failing
 * one's stderr is quoted one line, digits masked; bad output is one clear line.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { isRunning } from "../support/fake_tools.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, FRANK, standardConfig, type World } from "../support/world.ts";

const ASSUME = ["assume", "--profile=frank@concerts"];

/** The standard world, with the source's keys coming from `command` instead of the file. */
async function processWorld(command: string): Promise<World> {
  const world = await createWorld();
  await world.writeCredentials("");
  await world.writeConfig(
    standardConfig(world).replace("[default]\n", `[default]\ncredential_process = ${command}\n`),
  );
  return world;
}

linuxTest(
  "the source's own credential_process provides the keys that sign AssumeRole",
  async () => {
    const world = await createWorld();
    try {
      const json = `${world.home}/keys.json`;
      await Deno.writeTextFile(
        json,
        JSON.stringify({
          Version: 1,
          AccessKeyId: FRANK.accessKeyId,
          SecretAccessKey: FRANK.secretAccessKey,
        }),
      );
      await world.writeCredentials("");
      await world.writeConfig(
        standardConfig(world).replace(
          "[default]\n",
          `[default]\ncredential_process = cat ${json}\n`,
        ),
      );
      const result = await runCli(ASSUME, world.env());
      assertEquals(result.code, 0, result.stderr);
      assertOk(world.sts.requests.some((r) => r.accessKeyId === FRANK.accessKeyId));
      assertEquals(result.stderr, "");
    } finally {
      await world.close();
    }
  },
);

linuxTest("a hanging source credential_process is stopped, with its children", async () => {
  const world = await processWorld("");
  try {
    const pidFile = `${world.home}/child.pid`;
    await world.writeConfig(
      standardConfig(world).replace(
        "[default]\n",
        `[default]\ncredential_process = sh -c 'sleep 300 & echo $! > ${pidFile}; wait'\n`,
      ),
    );
    const started = Date.now();
    const result = await runCli(ASSUME, world.env({ VEGAS_CREDENTIALS_SOURCE_TIMEOUT: "1" }));
    assertOk(Date.now() - started < 10_000, "bounded");
    assertEquals(result.code, 1);
    assertMatch(
      result.stderr,
      /^vegas-credentials: The credential_process of source profile "default" \(~\/\.aws\/config line 2\) did not finish within 1 s and was stopped; set VEGAS_CREDENTIALS_SOURCE_TIMEOUT to wait longer\n$/,
    );
    const child = Number(await Deno.readTextFile(pidFile));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assertOk(!isRunning(child), "the sleeping child was killed too");
    const bad = await runCli(ASSUME, world.env({ VEGAS_CREDENTIALS_SOURCE_TIMEOUT: "soon" }));
    assertEquals(bad.code, 3);
    assertMatch(
      bad.stderr,
      /VEGAS_CREDENTIALS_SOURCE_TIMEOUT "soon" is not a number of seconds from 1 to 3600/,
    );
  } finally {
    await world.close();
  }
});

linuxTest(
  "a failing or misbehaving source credential_process is one line, secrets masked",
  async () => {
    const cases: [string, RegExp][] = [
      [
        "sh -c 'echo token 123456789 rejected >&2; exit 4'",
        /^vegas-credentials: The credential_process of source profile "default" \(~\/\.aws\/config line 2\) exited with code 4: token \*\*\* rejected\n$/,
      ],
      ["echo not-json", /printed no JSON on stdout/],
      [
        `echo '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"hidden-value"}'`,
        /printed JSON without Version 1, AccessKeyId and SecretAccessKey\n$/,
      ],
      [
        `echo '{"Version":1,"AccessKeyId":"ASIAX","SecretAccessKey":"hidden-value","SessionToken":"t","Expiration":"2001-01-01T00:00:00Z"}'`,
        /printed credentials that have expired\n$/,
      ],
      ["/nonexistent/tool", /cannot run: "\/nonexistent\/tool" is not found or not executable/],
    ];
    for (const [command, message] of cases) {
      const world = await processWorld(command);
      try {
        const result = await runCli(ASSUME, world.env());
        assertEquals(result.code, 1, command);
        assertMatch(result.stderr, message);
        assertOk(!result.stderr.includes("hidden-value") && !result.stderr.includes("123456789"));
      } finally {
        await world.close();
      }
    }
  },
);

linuxTest("an mfa_process that leaves a child holding its stdout answers at once", async () => {
  const world = await createWorld();
  try {
    const script = `${world.home}/mfa-with-agent`;
    await Deno.writeTextFile(
      script,
      `#!/bin/sh\n${world.authenticatorCommand}\nsleep 30 &\n`,
      { mode: 0o700 },
    );
    await world.writeConfig(
      standardConfig(world).replace(/^mfa_process = .*$/m, `mfa_process = ${script}`),
    );
    const started = Date.now();
    const result = await runCli(ASSUME, world.env());
    assertEquals(result.code, 0, result.stderr);
    assertOk(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  } finally {
    await world.close();
  }
});
