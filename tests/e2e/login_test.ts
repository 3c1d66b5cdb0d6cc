/**
 * `login` as a user runs it, against the loopback STS's federation endpoint: the URL on stdout
 * or handed to BROWSER, each partition's hosts, --service and --path, and the errors.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { partitionHosts } from "../../src/console/signin_url.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, FRANK, standardConfig, type World } from "../support/world.ts";

const LOGIN = ["login", "--profile=frank@concerts"];

function federationEnv(world: World, extra: Record<string, string> = {}) {
  return world.env({
    VEGAS_CREDENTIALS_FEDERATION_URL: `${world.sts.endpoint}/federation`,
    ...extra,
  });
}

linuxTest(
  "login --stdout prints a sign-in URL with a token the federation endpoint issued",
  async () => {
    const world = await createWorld();
    try {
      const result = await runCli([...LOGIN, "--stdout"], federationEnv(world));
      assertEquals(result.code, 0, result.stderr);
      const url = new URL(result.stdout.trim());
      assertEquals(url.searchParams.get("Action"), "login");
      assertEquals(url.searchParams.get("SigninToken"), world.sts.signinTokens[0]);
      assertEquals(
        url.searchParams.get("Destination"),
        "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
      );
      assertEquals(result.stderr, "");
      // The same MFA session and cache: a second login needs no new AssumeRole.
      const again = await runCli([...LOGIN, "--stdout", "--service", "s3"], federationEnv(world));
      assertEquals(again.code, 0, again.stderr);
      assertEquals(
        new URL(again.stdout.trim()).searchParams.get("Destination"),
        "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
      );
      assertEquals(world.sts.successes("AssumeRole"), 1);
      const log = await Deno.readTextFile(
        `${world.home}/.local/state/vegas-credentials/vegas-credentials.log`,
      );
      for (const token of world.sts.signinTokens) {
        assertOk(
          !log.includes(token),
          "no token in the log",
        );
      }
    } finally {
      await world.close();
    }
  },
);

linuxTest("login hands the URL to BROWSER, and --path and --region choose the page", async () => {
  const world = await createWorld();
  try {
    const recorder = `${world.home}/browser`;
    const recorded = `${world.home}/browser-args`;
    await Deno.writeTextFile(recorder, `#!/bin/sh\nprintf '%s' "$1" > '${recorded}'\n`, {
      mode: 0o700,
    });
    const result = await runCli(
      [...LOGIN, "--path", "/cloudwatch/home", "--region", "us-west-2"],
      federationEnv(world, { BROWSER: recorder }),
    );
    assertEquals(result.code, 0, result.stderr);
    assertEquals(result.stdout, "");
    const url = new URL(await Deno.readTextFile(recorded));
    assertEquals(
      url.searchParams.get("Destination"),
      "https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2",
    );
    assertEquals(url.searchParams.get("SigninToken"), world.sts.signinTokens[0]);
  } finally {
    await world.close();
  }
});

for (
  const [partition, federation, console] of [
    [
      "aws-us-gov",
      "https://signin.amazonaws-us-gov.com/federation",
      "https://console.amazonaws-us-gov.com/",
    ],
    ["aws-cn", "https://signin.amazonaws.cn/federation", "https://console.amazonaws.cn/"],
  ]
) {
  linuxTest(
    `login picks the ${partition} sign-in and console hosts from the role ARN`,
    async () => {
      const role = `arn:${partition}:iam::222222222222:role/SingerRole`;
      const world = await createWorld({
        roles: [{ arn: role, trusted: [FRANK.arn], requireMfa: true }],
      });
      try {
        await world.writeConfig(
          standardConfig(world).replaceAll("arn:aws:iam::222222222222:role/SingerRole", role),
        );
        // The test's endpoint stands in for the partition's federation host; the URL's own host
        // is the endpoint given, and the destination uses the partition's console.
        const result = await runCli([...LOGIN, "--stdout"], federationEnv(world));
        assertEquals(result.code, 0, result.stderr);
        assertOk(
          new URL(result.stdout.trim()).searchParams.get("Destination")!.startsWith(console),
        );
        assertEquals(partitionHosts(role).federation, federation);
      } finally {
        await world.close();
      }
    },
  );
}

linuxTest(
  "login fails with one clear line when federation refuses, or there is no browser",
  async () => {
    const world = await createWorld();
    try {
      world.sts.inject({ action: "getSigninToken", code: "", message: "Invalid credentials" });
      const refused = await runCli([...LOGIN, "--stdout"], federationEnv(world));
      assertEquals(refused.code, 1);
      assertEquals(
        refused.stderr,
        `vegas-credentials: The AWS federation endpoint refused a sign-in token for profile "frank@concerts" (HTTP 400: Invalid credentials)\n`,
      );
      assertEquals(refused.stdout, "");
      // A PATH with nothing but setsid (which the test harness runs through): no xdg-open.
      const bare = `${world.home}/bare-path`;
      await Deno.mkdir(bare);
      await Deno.symlink("/usr/bin/setsid", `${bare}/setsid`);
      const noBrowser = await runCli(LOGIN, federationEnv(world, { PATH: bare }));
      assertEquals(noBrowser.code, 1, noBrowser.stderr);
      assertMatch(
        noBrowser.stderr,
        /^vegas-credentials: Cannot open the console: no browser to open it with \(set BROWSER, or install xdg-open\); run vegas-credentials login --profile frank@concerts --stdout to print the URL instead\n$/,
      );
      const both = await runCli([...LOGIN, "--service=s3", "--path=/x"], federationEnv(world));
      assertEquals(both.code, 2);
      assertMatch(both.stderr, /give --service or --path, not both/);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "a chained role asks for no console session length; --duration asks for longer credentials",
  async () => {
    const world = await createWorld();
    try {
      // Through the MFA session the role is chained: AWS refuses a SessionDuration for it (the
      // loopback federation too), so none is sent.
      const plain = await runCli([...LOGIN, "--stdout"], federationEnv(world));
      assertEquals(plain.code, 0, plain.stderr);
      assertEquals(world.sts.signinDurations, [undefined]);
      assertEquals(world.sts.successes("GetSessionToken"), 1);
      // Two hours: assumed directly with the long-term key and a code of its own.
      const long = await runCli([...LOGIN, "--stdout", "--duration", "2h"], federationEnv(world));
      assertEquals(long.code, 0, long.stderr);
      assertEquals(long.stderr, "");
      const second = world.sts.signinDurations[1]!;
      assertOk(second > 7100 && second <= 7200, `session of ${second} s`);
      assertEquals(world.sts.successes("GetSessionToken"), 1);
      assertEquals(world.sts.successes("AssumeRole"), 2);
      // 45 minutes fits the MFA session: no new code, and chained again, so no SessionDuration.
      const short = await runCli([...LOGIN, "--stdout", "--duration=45m"], federationEnv(world));
      assertEquals(short.code, 0, short.stderr);
      assertEquals(world.sts.signinDurations[2], undefined);
      assertEquals(world.sts.signinTokens.length, 3);
      // A second 2 h login reuses the cached 2 h credentials.
      const again = await runCli(
        [...LOGIN, "--stdout", "--duration", "7200"],
        federationEnv(world),
      );
      assertEquals(again.code, 0, again.stderr);
      assertEquals(world.sts.successes("AssumeRole"), 3);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "login --duration refuses a length out of range, and more than chaining allows",
  async () => {
    const world = await createWorld();
    try {
      for (const bad of ["5m", "13h", "2 days"]) {
        const result = await runCli(
          [...LOGIN, "--stdout", `--duration=${bad}`],
          federationEnv(world),
        );
        assertEquals(result.code, 2, result.stderr);
        assertEquals(
          result.stderr,
          `vegas-credentials: login: --duration "${bad}" is not a length from 15m to 12h (e.g. 2h, 90m or 3600)\n`,
        );
      }
      await world.writeConfig(standardConfig(
        world,
        `
[profile encore]
credential_process = vegas-credentials assume --profile=encore
vegas_role_arn = arn:aws:iam::222222222222:role/EncoreRole
vegas_source_profile = frank@concerts
`,
      ));
      const chained = await runCli(
        ["login", "--profile=encore", "--stdout", "--duration=2h"],
        federationEnv(world),
      );
      assertEquals(chained.code, 2, chained.stderr);
      assertEquals(
        chained.stderr,
        `vegas-credentials: A role session of 7200 s is more than the 3600 s AWS allows profile "encore", whose role is assumed with profile "frank@concerts"'s role credentials (role chaining); ask for 1h or less\n`,
      );
      assertEquals(world.sts.requests.length, 0);
    } finally {
      await world.close();
    }
  },
);

linuxTest("login --duration says so when the cached credentials end sooner", async () => {
  const world = await createWorld();
  try {
    // Credentials that end 40 minutes after they are issued stand for a partly used cache entry.
    world.sts.roleLifetimeMs = 40 * 60_000;
    const result = await runCli([...LOGIN, "--stdout", "--duration=2h"], federationEnv(world));
    assertEquals(result.code, 0, result.stderr);
    assertMatch(
      result.stderr,
      /^vegas-credentials: The cached role credentials of profile "frank@concerts" end in (39|40)m, so the console session ends then, before the --duration asked for; run vegas-credentials cache clean --profile frank@concerts first for a full-length session\n$/,
    );
    assertOk(world.sts.signinDurations[0]! <= 2400);
  } finally {
    await world.close();
  }
});

linuxTest(
  "a role assumed directly with the long-term key gets a console session as long as it lasts",
  async () => {
    const world = await createWorld();
    try {
      await world.writeConfig(
        standardConfig(world).replace(
          "vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole",
          "vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole\nvegas_mfa_session = false",
        ),
      );
      const result = await runCli([...LOGIN, "--stdout"], federationEnv(world));
      assertEquals(result.code, 0, result.stderr);
      assertEquals(world.sts.successes("GetSessionToken"), 0);
      const seconds = world.sts.signinDurations[0]!;
      assertOk(seconds > 3500 && seconds <= 3600, `session of ${seconds} s`);
    } finally {
      await world.close();
    }
  },
);

linuxTest("the loopback federation refuses SessionDuration for a chained role", async () => {
  const world = await createWorld();
  try {
    // The emulator holds the rule that login keeps: a chained role session with SessionDuration
    // gets no sign-in token.
    const creds = await runCli(["assume", "--profile=frank@concerts"], world.env());
    assertEquals(creds.code, 0, creds.stderr);
    const json = JSON.parse(creds.stdout);
    const url = new URL(`${world.sts.endpoint}/federation`);
    url.searchParams.set("Action", "getSigninToken");
    url.searchParams.set("SessionDuration", "900");
    url.searchParams.set(
      "Session",
      JSON.stringify({
        sessionId: json.AccessKeyId,
        sessionKey: json.SecretAccessKey,
        sessionToken: json.SessionToken,
      }),
    );
    const answer = await fetch(url);
    assertEquals(answer.status, 400);
    assertMatch(await answer.text(), /cannot be used with role chaining/);
  } finally {
    await world.close();
  }
});
