/**
 * Every bad input ends with one clear line on stderr, the right exit code, nothing on stdout,
 * and no secret anywhere in the output.
 */

import { assertEquals, assertMatch, assertNotMatch, assertOk } from "../support/assert.ts";
import {
  installedCli,
  processAlive,
  runCli,
  spawnCli,
  waitForPidFile,
} from "../support/installed_cli.ts";
import {
  awsWhoAmI,
  createWorld,
  FRANK,
  SINGER_ROLE,
  STANDARD_CREDENTIALS,
  standardConfig,
  waitingMfaConfig,
  type World,
} from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

async function mkfifo(path: string): Promise<void> {
  const result = await new Deno.Command("mkfifo", { args: ["-m", "600", path] }).output();
  assertOk(result.success, "mkfifo failed");
}

interface Case {
  name: string;
  setup: (world: World) => Promise<void> | void;
  args?: string[];
  env?: (world: World) => Record<string, string>;
  exitCode: number;
  message: RegExp;
  /** Strings that must not appear in stderr (secrets, codes). */
  secrets?: (world: World) => string[];
}

const replaceConfig = (from: RegExp | string, to: string) => async (world: World) => {
  await world.writeConfig(standardConfig(world).replace(from, to));
};

const CASES: Case[] = [
  {
    name: "a profile that does not exist",
    setup: () => {},
    args: ["assume", "--profile", "nope"],
    exitCode: 3,
    message:
      /^vegas-credentials: Profile "nope" not found in ~\/\.aws\/config or ~\/\.aws\/credentials; add a \[profile nope\] section/,
  },
  {
    name: "a profile without vegas_role_arn",
    setup: replaceConfig(/^vegas_role_arn = .*$/m, ""),
    exitCode: 3,
    message:
      /Profile "frank@concerts" in ~\/\.aws\/config has no vegas_role_arn; set it to the ARN of the IAM role/,
  },
  {
    name: "role_arn where vegas_role_arn belongs",
    setup: replaceConfig("vegas_role_arn =", "role_arn ="),
    exitCode: 3,
    message: /has no vegas_role_arn; rename role_arn \(~\/\.aws\/config line 8\) to vegas_role_arn/,
  },
  {
    name: "a malformed role ARN",
    setup: replaceConfig(SINGER_ROLE, "arn:aws:iam::2222:role/SingerRole"),
    exitCode: 3,
    message:
      /~\/\.aws\/config line 8: profile "frank@concerts": vegas_role_arn "arn:aws:iam::2222:role\/SingerRole" is not an IAM role ARN/,
  },
  {
    name: "a duration out of range",
    setup: (world) => world.writeConfig(standardConfig(world, "duration_seconds = 60\n")),
    exitCode: 3,
    message:
      /profile "frank@concerts": duration_seconds "60" is not a whole number of seconds from 900/,
  },
  {
    name: "a malformed mfa_serial",
    setup: replaceConfig(FRANK.mfaSerial, "arn:aws:iam::111111111111:user/FrankSinatra"),
    exitCode: 3,
    message:
      /~\/\.aws\/config line 3: profile "default": mfa_serial "arn:aws:iam::111111111111:user\/FrankSinatra" is not an MFA device/,
  },
  {
    name: "a source profile that does not exist",
    setup: replaceConfig("vegas_source_profile = default", "vegas_source_profile = frank"),
    exitCode: 3,
    message:
      /~\/\.aws\/config line 9: profile "frank@concerts": vegas_source_profile "frank" names no profile/,
  },
  {
    name: "a source profile without credentials",
    setup: (world) => world.writeCredentials(""),
    exitCode: 1,
    message:
      /^vegas-credentials: Source profile "default" \(used by profile "frank@concerts"\) has no credentials: no access keys in ~\/\.aws\/credentials, no SSO or credential_process in ~\/\.aws\/config, and no keyring to look in \(No Secret Service on this session \(DBUS_SESSION_BUS_ADDRESS is unset, as over SSH or in a container\)\); add aws_access_key_id and aws_secret_access_key to \[default\] in ~\/\.aws\/credentials, or run vegas-credentials add --profile default\n$/,
  },
  {
    name: "a wrong secret access key",
    setup: (world) =>
      world.writeCredentials(STANDARD_CREDENTIALS.replace(FRANK.secretAccessKey, "x".repeat(40))),
    exitCode: 1,
    message:
      /AWS rejected the request signed with the credentials of source profile "default" \(SignatureDoesNotMatch\); check its aws_secret_access_key/,
    secrets: () => ["x".repeat(40)],
  },
  {
    name: "an unknown access key",
    setup: (world) =>
      world.writeCredentials(
        STANDARD_CREDENTIALS.replace(FRANK.accessKeyId, "AKIAUNKNOWNUNKNOWN00"),
      ),
    exitCode: 1,
    message: /AWS does not recognise the access key of source profile "default"/,
  },
  {
    name: "an MFA code AWS rejects",
    setup: replaceConfig(/^mfa_process = .*$/m, "mfa_process = echo 000000"),
    exitCode: 1,
    message:
      /AWS rejected the MFA code for profile "frank@concerts": it is wrong, expired or was already used/,
    secrets: () => ["000000"],
  },
  {
    name: "a role whose trust policy does not allow the user",
    setup: replaceConfig(SINGER_ROLE, "arn:aws:iam::222222222222:role/team/OtherRole"),
    exitCode: 1,
    message:
      /AWS denied AssumeRole of arn:aws:iam::222222222222:role\/team\/OtherRole for profile "frank@concerts": User: arn:aws:iam::111111111111:user\/FrankSinatra is not authorized/,
  },
  {
    name: "a role that requires MFA when no mfa_serial is set",
    setup: async (world) => {
      await world.writeConfig(standardConfig(world).replace(/^mfa_serial = .*$/m, ""));
    },
    exitCode: 1,
    message: /AWS denied AssumeRole .*no mfa_serial is configured for this profile or its source/,
  },
  {
    name: "expired source credentials",
    setup: (world) =>
      world.sts.inject({
        action: "GetSessionToken",
        code: "ExpiredToken",
        message: "The security token included in the request is expired",
      }),
    exitCode: 1,
    message:
      /The credentials of source profile "default" have expired \(The security token included in the request is expired\); renew them/,
  },
  {
    name: "throttling that does not stop",
    setup: (world) =>
      world.sts.inject({
        action: "AssumeRole",
        code: "Throttling",
        message: "Rate exceeded",
        times: 100,
      }),
    exitCode: 1,
    message:
      /AWS STS is throttling requests for profile "frank@concerts" \(still after 4 attempts with backoff\)/,
  },
  {
    name: "an STS endpoint that does not answer",
    setup: () => {},
    env: (world) => world.env({ AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" }),
    exitCode: 1,
    message:
      /Cannot reach AWS STS at http:\/\/127\.0\.0\.1:9 \(connection refused\) for profile "frank@concerts"/,
  },
  {
    name: "a config file the SDKs refuse",
    setup: async (world) => {
      await world.writeConfig(standardConfig(world) + "\n[profile __proto__]\nx = 1\n");
    },
    exitCode: 3,
    message:
      /Malformed AWS file ~\/\.aws\/config line 12: invalid section name "profile __proto__"/,
  },
  {
    name: "a config path that is a directory",
    setup: () => {},
    env: (world) => world.env({ AWS_CONFIG_FILE: world.home }),
    exitCode: 3,
    message: /Cannot read AWS file ~: it is a directory/,
  },
  {
    name: "no terminal and no mfa_process",
    setup: replaceConfig(/^mfa_process = .*$/m, ""),
    exitCode: 1,
    message:
      /Cannot ask for the MFA code of profile "frank@concerts": this process has no terminal to prompt on, and no mfa_process, YubiKey \(ykman\) or GUI dialog is available; .*set mfa_process/,
  },
  {
    name: "an mfa_process that fails",
    setup: replaceConfig(
      /^mfa_process = .*$/m,
      "mfa_process = sh -c 'echo vault locked >&2; exit 4'",
    ),
    exitCode: 1,
    message:
      /The mfa_process \(profile "default" in ~\/\.aws\/config line 4\) exited with code 4: vault locked/,
  },
  {
    name: "an mfa_process that prints no code",
    setup: replaceConfig(/^mfa_process = .*$/m, "mfa_process = echo hello"),
    exitCode: 1,
    message: /The mfa_process \(.*\) printed no 6-digit MFA code on stdout/,
  },
  {
    name: "an mfa_process that does not exist",
    setup: replaceConfig(/^mfa_process = .*$/m, "mfa_process = no-such-authenticator --otp"),
    exitCode: 1,
    message: /command "no-such-authenticator" not found; check the command and your PATH/,
  },
  {
    name: "an unknown flag",
    setup: () => {},
    args: ["assume", "--profile", "frank@concerts", "--bogus"],
    exitCode: 2,
    message:
      /^vegas-credentials: Unknown flag --bogus for assume; run vegas-credentials assume --help$/m,
  },
  {
    name: "a FIFO in place of AWS_CONFIG_FILE",
    setup: async (world) => {
      await Deno.remove(world.configFile);
      await mkfifo(world.configFile);
    },
    exitCode: 3,
    message:
      /Cannot read AWS file .*config: it is not a regular file \(a FIFO or device\); point AWS_CONFIG_FILE at the real file/,
  },
  {
    name: "a FIFO in place of AWS_SHARED_CREDENTIALS_FILE",
    setup: async (world) => {
      await Deno.remove(world.credentialsFile);
      await mkfifo(world.credentialsFile);
    },
    exitCode: 3,
    message: /point AWS_SHARED_CREDENTIALS_FILE at the real file/,
  },
  ...["9999999", "1e309", "0.5", "garbage", "-1"].map((value) => ({
    name: `VEGAS_CREDENTIALS_LOCK_TIMEOUT=${value}`,
    setup: () => {},
    env: (world: World) => world.env({ VEGAS_CREDENTIALS_LOCK_TIMEOUT: value }),
    exitCode: 3,
    message: new RegExp(
      `^vegas-credentials: VEGAS_CREDENTIALS_LOCK_TIMEOUT "${
        value.replace(/[.]/g, "\\.")
      }" is not a number of seconds from 1 to 3600; fix it, or unset it for the default of 120$`,
      "m",
    ),
  })),
  {
    name: "AccessDenied on AssumeRole with a valid MFA session",
    setup: (world) =>
      world.sts.inject({
        action: "AssumeRole",
        code: "AccessDenied",
        message: "User is not authorized to perform: sts:AssumeRole",
        status: 403,
      }),
    exitCode: 1,
    message:
      /AWS denied AssumeRole of .* for profile "frank@concerts": User is not authorized to perform: sts:AssumeRole; check that the role's trust policy allows the identity of source profile "default"$/m,
  },
  {
    name: "an unmapped failure of GetSessionToken",
    setup: (world) =>
      world.sts.inject({
        action: "GetSessionToken",
        code: "UnusualFailure",
        message: "Something no mapping knows",
        status: 400,
      }),
    exitCode: 1,
    message: /^vegas-credentials: GetSessionToken failed for profile "frank@concerts": /m,
  },
  {
    name: "a missing --profile",
    setup: () => {},
    args: ["assume"],
    exitCode: 2,
    message: /assume needs --profile NAME/,
  },
];

for (const testCase of CASES) {
  linuxTest(`assume fails clearly on ${testCase.name}`, async () => {
    const world = await createWorld();
    try {
      await testCase.setup(world);
      const env = testCase.env?.(world) ?? world.env();
      const result = await runCli(testCase.args ?? ["assume", "--profile", "frank@concerts"], env);
      assertEquals(result.stdout, "");
      assertMatch(result.stderr, testCase.message);
      assertEquals(
        result.stderr.trimEnd().split("\n").length,
        1,
        `one line expected:\n${result.stderr}`,
      );
      assertEquals(result.code, testCase.exitCode, result.stderr);
      for (const secret of [FRANK.secretAccessKey, ...(testCase.secrets?.(world) ?? [])]) {
        assertOk(!result.stderr.includes(secret), `stderr leaks ${secret}`);
      }
      assertNotMatch(result.stderr, /^\s+at /m);
    } finally {
      await world.close();
    }
  });
}

linuxTest("throttling is retried with backoff and then succeeds", async () => {
  const world = await createWorld();
  try {
    world.sts.inject({
      action: "AssumeRole",
      code: "Throttling",
      message: "Rate exceeded",
      times: 2,
    });
    const result = await runCli(["assume", "--profile", "frank@concerts"], world.env());
    assertEquals(result.code, 0, result.stderr);
    assertEquals(world.sts.requests.filter((r) => r.action === "AssumeRole").length, 3);
    assertEquals(JSON.parse(result.stdout).Version, 1);
  } finally {
    await world.close();
  }
});

linuxTest("the AWS CLI shows our one-line message when assume fails", async () => {
  const world = await createWorld();
  try {
    await world.writeConfig(
      standardConfig(world)
        .replace(
          "credential_process = vegas-credentials",
          `credential_process = ${await installedCli()}`,
        )
        .replace(/^mfa_process = .*$/m, "mfa_process = echo 000000"),
    );
    const result = await awsWhoAmI(world);
    assertOk(result.code !== 0);
    assertMatch(result.stderr, /AWS rejected the MFA code for profile "frank@concerts"/);
    assertOk(!result.stderr.includes("000000"));
  } finally {
    await world.close();
  }
});

linuxTest(
  "an STS endpoint that accepts the connection and never answers fails in bounded time",
  async () => {
    const world = await createWorld();
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const held: Deno.Conn[] = [];
    (async () => {
      for await (const connection of listener) held.push(connection); // accept, never answer
    })().catch(() => {});
    try {
      const started = Date.now();
      const result = await runCli(
        ["assume", "--profile", "frank@concerts"],
        world.env({
          AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${listener.addr.port}`,
          VEGAS_CREDENTIALS_STS_TIMEOUT: "3",
        }),
      );
      assertEquals(result.code, 1, result.stderr);
      assertMatch(
        result.stderr,
        /^vegas-credentials: Cannot reach AWS STS at http:\/\/127\.0\.0\.1:\d+ \(the endpoint did not answer in time\)/m,
      );
      assertOk(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    } finally {
      listener.close();
      held.forEach((connection) => connection.close());
      await world.close();
    }
  },
);

for (const [signal, code] of [["SIGTERM", 143], ["SIGHUP", 129], ["SIGINT", 130]] as const) {
  linuxTest(
    `${signal} while waiting for mfa_process stops it, prints one line, exits ${code}`,
    async () => {
      const world = await createWorld();
      try {
        const pidFile = `${world.home}/mfa.pid`;
        await world.writeConfig(waitingMfaConfig(world, pidFile));
        const child = await spawnCli(["assume", "--profile", "frank@concerts"], world.env());
        const pid = await waitForPidFile(pidFile);
        assertOk(pid > 0, "the mfa_process started");
        const before = Date.now();
        child.kill(signal);
        const output = await child.output();
        const stderr = new TextDecoder().decode(output.stderr);
        assertEquals(output.code, code, stderr);
        assertEquals(stderr, `vegas-credentials: Stopped by ${signal}\n`);
        assertOk(Date.now() - before < 5_000, "stopped promptly");
        await new Promise((resolve) => setTimeout(resolve, 200));
        assertOk(!processAlive(pid), "the mfa_process was killed with us");
      } finally {
        await world.close();
      }
    },
  );
}

linuxTest(
  "config values reach stderr and the log escaped and cut, never as raw escape sequences",
  async () => {
    const world = await createWorld();
    try {
      for (
        const hostile of ["role/\x1b]0;pwned\x07\x1b[2J\x00x", "role/" + "A".repeat(1_000_000)]
      ) {
        await world.writeConfig(
          standardConfig(world).replace(
            `vegas_role_arn = ${SINGER_ROLE}`,
            () => `vegas_role_arn = arn:aws:iam::222222222222:${hostile}`,
          ),
        );
        const result = await runCli(["assume", "--profile", "frank@concerts"], world.env());
        assertEquals(result.code, 3, result.stderr);
        // deno-lint-ignore no-control-regex
        assertOk(!/[\x00-\x08\x0b-\x1f\x7f]/.test(result.stderr), JSON.stringify(result.stderr));
        assertOk(result.stderr.length < 1000, `${result.stderr.length} characters`);
        assertMatch(result.stderr, /vegas_role_arn "arn:aws:iam::222222222222:role\//);
      }
      const log = await Deno.readTextFile(
        `${world.home}/.local/state/vegas-credentials/vegas-credentials.log`,
      );
      assertOk(log.includes("\\x1b]0;pwned\\x07\\x1b[2J\\x00x"), log);
      // deno-lint-ignore no-control-regex
      assertOk(!/[\x00-\x08\x0b-\x1f\x7f]/.test(log));
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "a profile whose name the AWS tools reject is named as such, not just missing",
  async () => {
    const world = await createWorld();
    try {
      await world.writeConfig(
        standardConfig(world).replace("[profile frank@concerts]", "[profile 🎰-über]"),
      );
      const result = await runCli(["assume", "--profile=🎰-über"], world.env());
      assertEquals(result.code, 3);
      assertEquals(
        result.stderr,
        `vegas-credentials: Profile "🎰-über" not found in ~/.aws/config or ~/.aws/credentials (~/.aws/config line 6, "[profile 🎰-über]", is not a valid section header)\n`,
      );
    } finally {
      await world.close();
    }
  },
);
