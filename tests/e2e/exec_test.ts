/**
 * `exec` and `export` as a user runs them: the child sees the role, through variables or the
 * local credential endpoint, even though `[default]` holds static keys; exit codes and signals
 * pass through; nesting is refused.
 */

import { assertEquals, assertMatch, assertOk, assertStringIncludes } from "../support/assert.ts";
import { processAlive, runCli, spawnCli, waitForPidFile } from "../support/installed_cli.ts";
import { nodeSdkDir } from "../support/node_sdk.ts";
import { linuxTest } from "../support/platform.ts";
import { awsCli, pythonWithBoto3 } from "../support/tools.ts";
import { createWorld, FRANK, waitingMfaConfig } from "../support/world.ts";

const ASSUMED = /arn:aws:sts::222222222222:assumed-role\/SingerRole\//;
const EXEC = ["exec", "--profile=frank@concerts"];

linuxTest(
  "exec -- aws sts get-caller-identity shows the role although [default] has static keys",
  async () => {
    const world = await createWorld();
    try {
      const aws = await awsCli();
      const result = await runCli(
        [...EXEC, "--", aws, "sts", "get-caller-identity", "--endpoint-url", world.sts.endpoint],
        world.env(),
      );
      assertEquals(result.code, 0, result.stderr);
      assertMatch(JSON.parse(result.stdout).Arn, ASSUMED);
      const env = await runCli([...EXEC, "--", "env"], world.env({ AWS_PROFILE: "default" }));
      assertEquals(env.code, 0, env.stderr);
      const lines = env.stdout.split("\n");
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
        assertOk(lines.some((line) => line.startsWith(`${name}=`)), name);
      }
      assertOk(lines.includes("VEGAS_CREDENTIALS_PROFILE=frank@concerts"));
      assertOk(lines.includes("AWS_REGION=eu-west-1"));
      assertOk(lines.includes("AWS_DEFAULT_REGION=eu-west-1"));
      assertMatch(env.stdout, /^AWS_CREDENTIAL_EXPIRATION=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
      assertOk(!lines.some((line) => line.startsWith("AWS_PROFILE=")), "AWS_PROFILE removed");
      assertOk(!env.stdout.includes(FRANK.accessKeyId), "the source key never reaches the child");
      assertEquals(world.sts.successes("AssumeRole"), 1, "the second run is served from the cache");
    } finally {
      await world.close();
    }
  },
);

linuxTest("exec passes the exit status through, and 128 + N for a signal", async () => {
  const world = await createWorld();
  try {
    const seven = await runCli([...EXEC, "--", "sh", "-c", "exit 7"], world.env());
    assertEquals(seven.code, 7, seven.stderr);
    const killed = await runCli([...EXEC, "--", "sh", "-c", "kill -TERM $$"], world.env());
    assertEquals(killed.code, 143, killed.stderr);
    const missing = await runCli([...EXEC, "--", "no-such-program-here"], world.env());
    assertEquals(missing.code, 2);
    assertMatch(missing.stderr, /Cannot run "no-such-program-here": no such program on PATH/);
  } finally {
    await world.close();
  }
});

linuxTest(
  "a SIGTERM to exec reaches the child, and exec ends with the child's status",
  async () => {
    const world = await createWorld();
    try {
      const started = `${world.home}/started`;
      const child = await spawnCli(
        [...EXEC, "--", "sh", "-c", `echo $$ > ${started}; exec sleep 30`],
        world.env(),
      );
      const sleeper = await waitForPidFile(started);
      const before = Date.now();
      child.kill("SIGTERM");
      const output = await child.output();
      assertEquals(output.code, 143, new TextDecoder().decode(output.stderr));
      assertOk(Date.now() - before < 5_000, "ended promptly");
      assertOk(!processAlive(sleeper), "the child was stopped too");
    } finally {
      await world.close();
    }
  },
);

linuxTest("exec inside exec is refused, naming the outer profile", async () => {
  const world = await createWorld();
  try {
    const result = await runCli(
      [...EXEC, "--", "true"],
      world.env({ VEGAS_CREDENTIALS_PROFILE: "outer@x" }),
    );
    assertEquals(result.code, 2);
    assertMatch(result.stderr, /Already inside vegas-credentials exec for profile "outer@x"/);
    assertEquals(world.sts.successes("AssumeRole"), 0);
  } finally {
    await world.close();
  }
});

linuxTest(
  "exec --server: the AWS CLI, boto3 and the JS SDK all see the role through the endpoint",
  async () => {
    const world = await createWorld();
    try {
      const aws = await awsCli();
      const cli = await runCli(
        [
          ...EXEC,
          "--server",
          "--",
          aws,
          "sts",
          "get-caller-identity",
          "--endpoint-url",
          world.sts.endpoint,
        ],
        world.env(),
      );
      assertEquals(cli.code, 0, cli.stderr);
      assertMatch(JSON.parse(cli.stdout).Arn, ASSUMED);

      const script = `
import boto3, json, sys
identity = boto3.Session().client("sts", endpoint_url=sys.argv[1]).get_caller_identity()
print(json.dumps({"Arn": identity["Arn"]}))
`;
      const boto = await runCli(
        [...EXEC, "--server", "--", await pythonWithBoto3(), "-c", script, world.sts.endpoint],
        world.env(),
      );
      assertEquals(boto.code, 0, boto.stderr);
      assertMatch(JSON.parse(boto.stdout).Arn, ASSUMED);

      const dir = await nodeSdkDir();
      const node = await runCli(
        [...EXEC, "--server", "--", "node", `${dir}/whoami.mjs`, "default", ""],
        world.env({ AWS_ENDPOINT_URL_STS: world.sts.endpoint }),
      );
      assertEquals(node.code, 0, node.stderr);
      assertMatch(JSON.parse(node.stdout).Arn, ASSUMED);

      const env = await runCli([...EXEC, "--server", "--", "env"], world.env());
      assertOk(!/^AWS_SECRET_ACCESS_KEY=/m.test(env.stdout), "no key variables with --server");
      assertMatch(env.stdout, /^AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\/\/127\.0\.0\.1:\d+\/$/m);
      assertMatch(env.stdout, /^AWS_CONTAINER_AUTHORIZATION_TOKEN=[\w-]{40,}$/m);
      const empty = /^AWS_SHARED_CREDENTIALS_FILE=(.*)$/m.exec(env.stdout)![1];
      let gone = false;
      try {
        await Deno.stat(empty);
      } catch {
        gone = true;
      }
      assertOk(gone, "the empty credentials file is removed afterwards");
    } finally {
      await world.close();
    }
  },
);

linuxTest("export prints each format; bash reads back the same credentials", async () => {
  const world = await createWorld();
  try {
    const json = await runCli(["export", "--profile=frank@concerts", "--format=json"], world.env());
    assertEquals(json.code, 0, json.stderr);
    const credentials = JSON.parse(json.stdout);
    assertEquals(credentials.Version, 1);
    const exported = await runCli(
      ["export", "--profile=frank@concerts", "--format", "export-env"],
      world.env(),
    );
    assertEquals(exported.code, 0, exported.stderr);
    const readBack = await new Deno.Command("bash", {
      args: [
        "-c",
        `${exported.stdout}\nprintf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN"`,
      ],
      stdout: "piped",
    }).output();
    assertEquals(
      new TextDecoder().decode(readBack.stdout),
      `${credentials.AccessKeyId}\n${credentials.SecretAccessKey}\n${credentials.SessionToken}\n`,
    );
    const ini = await runCli(["export", "--profile=frank@concerts", "--format=ini"], world.env());
    assertStringIncludes(
      ini.stdout,
      `[frank@concerts]\naws_access_key_id = ${credentials.AccessKeyId}\n`,
    );
    assertEquals(world.sts.successes("AssumeRole"), 1);
  } finally {
    await world.close();
  }
});

linuxTest("a child of exec --server keeps working across a credentials refresh", async () => {
  const world = await createWorld();
  try {
    // Role credentials that enter the 10-minute mandatory refresh window 3 s after they arrive.
    world.sts.roleLifetimeMs = 10 * 60_000 + 3_000;
    const aws = await awsCli();
    const call =
      `${aws} sts get-caller-identity --endpoint-url ${world.sts.endpoint} --query Arn --output text`;
    const result = await runCli(
      [...EXEC, "--server", "--", "sh", "-c", `${call} && sleep 4 && ${call}`],
      world.env(),
    );
    assertEquals(result.code, 0, result.stderr);
    const arns = result.stdout.trim().split("\n");
    assertEquals(arns.length, 2, result.stdout);
    for (const arn of arns) assertMatch(arn, ASSUMED);
    // The AWS CLI asks the endpoint again whenever under 15 minutes are left, so at least once
    // more; each ask inside the mandatory window gets fresh credentials.
    assertOk(world.sts.successes("AssumeRole") >= 2, "refreshed through the endpoint");
    assertEquals(world.sts.successes("GetSessionToken"), 1, "with the MFA session: no new code");
  } finally {
    await world.close();
  }
});

linuxTest(
  "a signal while exec or server waits for the MFA code stops the mfa_process and says so",
  async () => {
    const world = await createWorld();
    try {
      const pidFile = `${world.home}/mfa.pid`;
      await world.writeConfig(waitingMfaConfig(world, pidFile));
      for (
        const [command, signal, code] of [
          [[...EXEC, "--", "true"], "SIGTERM", 143],
          [[...EXEC, "--", "true"], "SIGINT", 130],
          [["server", "--profile=frank@concerts"], "SIGTERM", 143],
          [["server", "--profile=frank@concerts"], "SIGHUP", 129],
        ] as const
      ) {
        await Deno.remove(pidFile).catch(() => {});
        const child = await spawnCli([...command], world.env());
        const mfa = await waitForPidFile(pidFile);
        assertOk(mfa > 0, "the mfa_process started");
        child.kill(signal);
        const output = await child.output();
        const stderr = new TextDecoder().decode(output.stderr);
        assertEquals(output.code, code, `${command[0]} ${signal}: ${stderr}`);
        assertEquals(stderr, `vegas-credentials: Stopped by ${signal}\n`);
        assertEquals(new TextDecoder().decode(output.stdout), "");
        await new Promise((resolve) => setTimeout(resolve, 200));
        assertOk(!processAlive(mfa), `${command[0]} ${signal}: the mfa_process was stopped`);
      }
    } finally {
      await world.close();
    }
  },
);

linuxTest("a kill -INT of exec reaches its child when no terminal sent it", async () => {
  const world = await createWorld();
  try {
    const started = `${world.home}/started`;
    const child = await spawnCli(
      [
        ...EXEC,
        "--",
        "sh",
        "-c",
        `trap 'echo got-int; exit 3' INT; echo $$ > ${started}; while :; do sleep 0.1; done`,
      ],
      world.env(),
    );
    await waitForPidFile(started);
    child.kill("SIGINT");
    const output = await child.output();
    assertEquals(output.code, 3, new TextDecoder().decode(output.stderr));
    assertEquals(new TextDecoder().decode(output.stdout), "got-int\n");
  } finally {
    await world.close();
  }
});

linuxTest(
  "exec --server removes its private directory, with what the child wrote there",
  async () => {
    const world = await createWorld();
    try {
      const result = await runCli(
        [
          ...EXEC,
          "--server",
          "--",
          "sh",
          "-c",
          'd=$(dirname "$AWS_SHARED_CREDENTIALS_FILE"); echo x > "$d/left-behind"; echo "$d"',
        ],
        world.env(),
      );
      assertEquals(result.code, 0, result.stderr);
      const dir = result.stdout.trim();
      assertMatch(dir, /vegas-credentials-/);
      assertEquals(await Deno.stat(dir).catch(() => undefined), undefined);
    } finally {
      await world.close();
    }
  },
);
