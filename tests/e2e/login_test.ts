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
        /^vegas-credentials: No browser to open the console with \(set BROWSER, or install xdg-open\); run vegas-credentials login --profile frank@concerts --stdout to print the URL instead\n$/,
      );
      const both = await runCli([...LOGIN, "--service=s3", "--path=/x"], federationEnv(world));
      assertEquals(both.code, 2);
      assertMatch(both.stderr, /give --service or --path, not both/);
    } finally {
      await world.close();
    }
  },
);
