/**
 * IAM Identity Center as a source, as users run it: the installed command against the loopback
 * OIDC and portal, a fake browser (curl) that approves, and the AWS CLI's own token cache.
 */

import { assertEquals, assertMatch, assertNotMatch, assertOk } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";
import { runCli, runProgram } from "../support/installed_cli.ts";
import { createSsoWorld, DEPLOY_ROLE, ssoConfig, type SsoWorld } from "../support/sso_world.ts";

const ASSUMED_SSO =
  /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]+\/frank$/;

async function withSso(fn: (world: SsoWorld) => Promise<void>): Promise<void> {
  const world = await createSsoWorld();
  try {
    await fn(world);
  } finally {
    await world.close();
  }
}

/** Sets the cached token's expiry (and keeps everything else), as time passing would. */
async function ageToken(world: SsoWorld, expiresAt: string): Promise<void> {
  const token = JSON.parse(await Deno.readTextFile(world.tokenFile));
  token.expiresAt = expiresAt;
  await Deno.writeTextFile(world.tokenFile, JSON.stringify(token), { mode: 0o600 });
}

function secretsOf(world: SsoWorld, token: Record<string, string>): string[] {
  return [token.accessToken, token.refreshToken, token.clientSecret, ...world.sts.sso.accessTokens]
    .filter(Boolean);
}

linuxTest(
  "assume signs in once in the browser, writes the AWS CLI's token, and prints the SSO role's credentials",
  async () => {
    await withSso(async (world) => {
      const result = await runCli(["assume", "--profile", "admin@corp"], world.ssoEnv());
      assertEquals(result.code, 0, result.stderr);
      const output = JSON.parse(result.stdout);
      assertEquals(output.Version, 1);
      assertMatch(output.AccessKeyId, /^ASIA/);
      assertEquals(world.sts.sso.handedOut, [output.AccessKeyId]);
      assertEquals(await world.browserRuns(), 1);
      assertEquals(world.sts.sso.calls["CreateToken:authorization_code"], 1);
      // The token file: the AWS CLI's name, fields, formats and mode.
      const info = await Deno.lstat(world.tokenFile);
      assertEquals(info.mode! & 0o777, 0o600);
      const token = JSON.parse(await Deno.readTextFile(world.tokenFile));
      assertEquals(Object.keys(token), [
        "startUrl",
        "region",
        "accessToken",
        "expiresAt",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
        "refreshToken",
      ]);
      assertEquals(token.startUrl, "https://corp.awsapps.com/start");
      assertEquals(token.region, "eu-west-1");
      assertMatch(token.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assertMatch(token.registrationExpiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // --verbose, so that the log holds every step of the sign-in.
      const verbose = await runCli(
        ["sso", "login", "--sso-session", "corp", "--verbose"],
        world.ssoEnv(),
      );
      assertEquals(verbose.code, 0, verbose.stderr);
      const log = await Deno.readTextFile(
        `${world.home}/.local/state/vegas-credentials/vegas-credentials.log`,
      );
      const latest = JSON.parse(await Deno.readTextFile(world.tokenFile));
      for (
        const secret of [
          ...secretsOf(world, token),
          ...secretsOf(world, latest),
          output.SecretAccessKey,
        ]
      ) {
        assertOk(!result.stderr.includes(secret), "a secret reached stderr");
        assertOk(!verbose.stderr.includes(secret), "a secret reached stderr");
        assertOk(!log.includes(secret), "a secret reached the log");
      }
      // The authorization URL (its state) is for the browser only.
      assertNotMatch(result.stderr + verbose.stderr, /state=/);
      // Nothing of ours in the AWS CLI's credential cache.
      assertEquals(
        await Deno.stat(`${world.home}/.aws/cli/cache`).catch(() => undefined),
        undefined,
      );
      // The next run is served from our cache: no portal call, no browser.
      const again = await runCli(["assume", "--profile", "admin@corp"], world.ssoEnv());
      assertEquals(again.code, 0, again.stderr);
      assertEquals(JSON.parse(again.stdout).AccessKeyId, output.AccessKeyId);
      assertEquals(world.sts.sso.calls.GetRoleCredentials, 1);
      assertEquals(await world.browserRuns(), 2, "assume's sign-in, then sso login's");
    });
  },
);

linuxTest(
  "a role over the SSO source is assumed with the SSO role's credentials, which both profiles share",
  async () => {
    await withSso(async (world) => {
      const admin = await runCli(["assume", "--profile", "admin@corp"], world.ssoEnv());
      assertEquals(admin.code, 0, admin.stderr);
      const deploy = await runCli(["assume", "--profile", "deploy@prod"], world.ssoEnv());
      assertEquals(deploy.code, 0, deploy.stderr);
      const assumed = world.sts.requests.filter((r) => r.action === "AssumeRole" && !r.error);
      assertEquals(assumed.length, 1);
      assertEquals(assumed[0].params.RoleArn, DEPLOY_ROLE);
      // Signed with the SSO role's credentials, fetched once for both profiles.
      assertEquals(assumed[0].accessKeyId, JSON.parse(admin.stdout).AccessKeyId);
      assertEquals(world.sts.sso.calls.GetRoleCredentials, 1);
      assertEquals(await world.browserRuns(), 1);
    });
  },
);

linuxTest(
  "8 parallel callers with no token open one browser and make one GetRoleCredentials",
  async () => {
    await withSso(async (world) => {
      const runs = await Promise.all(
        Array.from(
          { length: 8 },
          () => runCli(["assume", "--profile", "admin@corp"], world.ssoEnv()),
        ),
      );
      for (const run of runs) {
        assertEquals(run.code, 0, run.stderr);
      }
      assertEquals(new Set(runs.map((run) => JSON.parse(run.stdout).AccessKeyId)).size, 1);
      assertEquals(await world.browserRuns(), 1);
      assertEquals(world.sts.sso.calls.Authorize, 1);
      assertEquals(world.sts.sso.calls.GetRoleCredentials, 1);
    });
  },
);

linuxTest(
  "8 parallel callers with an expired token cause one refresh, no browser, and the token is written back",
  async () => {
    await withSso(async (world) => {
      const login = await runCli(["sso", "login", "--sso-session", "corp"], world.ssoEnv());
      assertEquals(login.code, 0, login.stderr);
      const before = JSON.parse(await Deno.readTextFile(world.tokenFile));
      await ageToken(world, "2020-01-01T00:00:00Z");
      const runs = await Promise.all(
        Array.from(
          { length: 8 },
          () => runCli(["assume", "--profile", "admin@corp"], world.ssoEnv()),
        ),
      );
      for (const run of runs) assertEquals(run.code, 0, run.stderr);
      assertEquals(world.sts.sso.calls["CreateToken:refresh_token"], 1);
      assertEquals(world.sts.sso.calls.GetRoleCredentials, 1);
      assertEquals(await world.browserRuns(), 1, "only sso login opened the browser");
      const after = JSON.parse(await Deno.readTextFile(world.tokenFile));
      assertOk(after.accessToken !== before.accessToken);
      assertOk(after.refreshToken !== before.refreshToken, "the rotated refresh token is kept");
      assertOk(Date.parse(after.expiresAt) > Date.now() + 3600_000);
    });
  },
);

linuxTest(
  "a refused refresh signs in again; a revoked token (401) is dropped and signed in once",
  async () => {
    await withSso(async (world) => {
      assertEquals(
        (await runCli(["sso", "login", "--profile", "admin@corp"], world.ssoEnv())).code,
        0,
      );
      await ageToken(world, "2020-01-01T00:00:00Z");
      world.sts.sso.refuseRefresh = true;
      const refused = await runCli(["assume", "--profile", "admin@corp"], world.ssoEnv());
      assertEquals(refused.code, 0, refused.stderr);
      assertEquals(await world.browserRuns(), 2);
      world.sts.sso.revokeAll();
      assertEquals((await runCli(["cache", "clean"], world.ssoEnv())).code, 0);
      const revoked = await runCli(["assume", "--profile", "deploy@prod"], world.ssoEnv());
      assertEquals(revoked.code, 0, revoked.stderr);
      assertEquals(await world.browserRuns(), 3);
    });
  },
);

linuxTest(
  "sso login --use-device-code --no-browser prints the URL and the user code, and keeps polling through slow_down",
  async () => {
    await withSso(async (world) => {
      world.sts.sso.slowDowns = 1;
      const started = Date.now();
      const child = new Deno.Command("setsid", {
        args: [
          "--wait",
          await (await import("../support/installed_cli.ts")).installedCli(),
          "sso",
          "login",
          "--sso-session",
          "corp",
          "--use-device-code",
          "--no-browser",
        ],
        env: world.ssoEnv(),
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const reader = child.stderr.getReader();
      let said = "";
      while (!/code (\S+) at .*: (\S+)\n/.test(said)) {
        const { value, done } = await reader.read();
        if (done) break;
        said += new TextDecoder().decode(value);
      }
      const [, userCode, url] = said.match(/code (\S+) at .*: (\S+)\n/)!;
      assertMatch(userCode, /^[A-Z0-9_-]{4}-[A-Z0-9_-]{4}$/i);
      assertEquals(await world.browserRuns(), 0, "--no-browser opens none");
      // The user approves on another device.
      assertEquals((await fetch(url)).status, 200);
      const rest = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return said;
          said += new TextDecoder().decode(value);
        }
      })();
      const status = await child.status;
      await rest;
      await child.stdout.cancel();
      assertEquals(status.code, 0, said);
      assertMatch(said, /Signed in to https:\/\/corp\.awsapps\.com\/start .*and refreshes\n$/);
      // slow_down once: the next poll came 5 s later, and brought the token.
      assertEquals(world.sts.sso.calls["CreateToken:device_code"], 2);
      assertOk(Date.now() - started >= 6_000);
      const token = JSON.parse(await Deno.readTextFile(world.tokenFile));
      assertOk(!said.includes(token.accessToken));
    });
  },
);

linuxTest("boto3 uses the token our login wrote, and the one our refresh wrote back", async () => {
  await withSso(async (world) => {
    const { pythonWithBoto3 } = await import("../support/tools.ts");
    assertEquals((await runCli(["sso", "login", "--sso-session", "corp"], world.ssoEnv())).code, 0);
    const script = `
import boto3, json, sys
session = boto3.Session(profile_name="corp-admin")
identity = session.client("sts", endpoint_url=sys.argv[1]).get_caller_identity()
print(json.dumps({"Arn": identity["Arn"]}))
`;
    const boto = () =>
      pythonWithBoto3().then((python) =>
        runProgram(python, ["-c", script, world.sts.endpoint], world.ssoEnv())
      );
    const first = await boto();
    assertEquals(first.code, 0, first.stderr);
    assertMatch(JSON.parse(first.stdout).Arn, ASSUMED_SSO);
    // Our refresh writes the token back; boto3 (which would refresh within 15 min itself, and
    // cannot here: its own refresh needs the old, now spent, refresh token) uses ours.
    await ageToken(world, "2020-01-01T00:00:00Z");
    const ours = await runCli(["assume", "--profile", "admin@corp"], world.ssoEnv());
    assertEquals(ours.code, 0, ours.stderr);
    assertEquals(world.sts.sso.calls["CreateToken:refresh_token"], 1);
    const second = await boto();
    assertEquals(second.code, 0, second.stderr);
    assertMatch(JSON.parse(second.stdout).Arn, ASSUMED_SSO);
    assertEquals(world.sts.sso.calls["CreateToken:refresh_token"], 1);
  });
});

linuxTest("the AWS CLI and the JS SDK use an SSO profile through us", async () => {
  await withSso(async (world) => {
    const { installedCli } = await import("../support/installed_cli.ts");
    const { awsCli } = await import("../support/tools.ts");
    const { nodeSdkDir } = await import("../support/node_sdk.ts");
    await world.writeConfig(
      ssoConfig().replaceAll(
        "credential_process = vegas-credentials",
        `credential_process = ${await installedCli()}`,
      ),
    );
    const cli = await runProgram(await awsCli(), [
      "sts",
      "get-caller-identity",
      "--profile",
      "deploy@prod",
      "--endpoint-url",
      world.sts.endpoint,
      "--output",
      "json",
    ], world.ssoEnv());
    assertEquals(cli.code, 0, cli.stderr);
    assertMatch(JSON.parse(cli.stdout).Arn, /^arn:aws:sts::222222222222:assumed-role\/Deploy\//);
    const node = await runProgram("node", [
      `${await nodeSdkDir()}/whoami.mjs`,
      "fromIni",
      "admin@corp",
    ], world.ssoEnv());
    assertEquals(node.code, 0, node.stderr);
    assertMatch(JSON.parse(node.stdout).Arn, ASSUMED_SSO);
    assertEquals(await world.browserRuns(), 1);
    assertEquals(world.sts.sso.calls.GetRoleCredentials, 1);
  });
});

linuxTest("sso logout ends the session, deletes the token and our cached credentials", async () => {
  await withSso(async (world) => {
    assertEquals((await runCli(["assume", "--profile", "deploy@prod"], world.ssoEnv())).code, 0);
    const logout = await runCli(["sso", "logout", "--profile", "deploy@prod"], world.ssoEnv());
    assertEquals(logout.code, 0, logout.stderr);
    assertMatch(
      logout.stderr,
      /^Signed out of https:\/\/corp\.awsapps\.com\/start \(--sso-session corp\): the portal ended the session; token deleted, 2 cached credentials removed\n$/,
    );
    assertEquals(world.sts.sso.calls.Logout, 1);
    assertEquals(await Deno.stat(world.tokenFile).catch(() => undefined), undefined);
    // No token and no cached credentials: the next assume signs in again.
    const again = await runCli(["assume", "--profile", "admin@corp"], world.ssoEnv());
    assertEquals(again.code, 0, again.stderr);
    assertEquals(await world.browserRuns(), 2);
    assertEquals(world.sts.sso.calls.GetRoleCredentials, 2);
  });
});

linuxTest(
  "sso populate adds one profile per account and role, keeps the file byte for byte, and adds nothing twice",
  async () => {
    await withSso(async (world) => {
      world.sts.sso.pageSize = 1;
      const original = await Deno.readTextFile(world.configFile);
      const dry = await runCli(
        ["sso", "populate", "--sso-session", "corp", "--dry-run"],
        world.ssoEnv(),
      );
      assertEquals(dry.code, 0, dry.stderr);
      assertEquals(await Deno.readTextFile(world.configFile), original);
      assertMatch(
        dry.stdout,
        /^\[profile Corp-Main\/ReadOnly\]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n\n\[profile Prod\/ReadOnly\]\n/,
      );
      assertMatch(dry.stderr, /^Would add 2 profiles to ~\/\.aws\/config/m);
      const run = await runCli(["sso", "populate", "--sso-session", "corp"], world.ssoEnv());
      assertEquals(run.code, 0, run.stderr);
      const text = await Deno.readTextFile(world.configFile);
      assertOk(text.startsWith(original), "the config file's text is kept");
      assertEquals(text.slice(original.length), dry.stdout.replace(/^/, "\n"));
      assertOk(world.sts.sso.calls.ListAccounts >= 2, "every page of accounts");
      const twice = await runCli(["sso", "populate", "--sso-session", "corp"], world.ssoEnv());
      assertEquals(twice.code, 0, twice.stderr);
      assertEquals(await Deno.readTextFile(world.configFile), text);
      assertMatch(twice.stderr, /already has a profile/);
      // The new profiles work with the AWS tools as they are.
      const assume = await runCli(["assume", "--profile", "admin@corp"], world.ssoEnv());
      assertEquals(assume.code, 0, assume.stderr);
      assertEquals(await world.browserRuns(), 1);
      // A config file that is a symbolic link (a dotfiles checkout) is not replaced by a file.
      const real = `${world.home}/dotfiles-config`;
      await Deno.writeTextFile(real, original);
      await Deno.remove(world.configFile);
      await Deno.symlink(real, world.configFile);
      const linked = await runCli(["sso", "populate", "--sso-session", "corp"], world.ssoEnv());
      assertEquals(linked.code, 1);
      assertEquals(
        linked.stderr,
        "vegas-credentials: ~/.aws/config is a symbolic link, which sso populate would replace " +
          "with a file: point AWS_CONFIG_FILE at the real file, or add the profiles --dry-run " +
          "prints by hand\n",
      );
      assertOk(Deno.lstatSync(world.configFile).isSymlink);
      assertEquals(await Deno.readTextFile(real), original);
    });
  },
);

linuxTest("SSO faults are one line each, in bounded time, with no secret", async () => {
  await withSso(async (world) => {
    await world.writeConfig(ssoConfig(`
[profile nobody]
sso_session = corp
sso_account_id = 999999999999
sso_role_name = Nope

[profile nobody@corp]
credential_process = vegas-credentials assume --profile=nobody@corp
vegas_source_profile = nobody

[profile lost]
sso_session = elsewhere
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile lost@corp]
credential_process = vegas-credentials assume --profile=lost@corp
vegas_source_profile = lost
`));
    const forbidden = await runCli(["assume", "--profile", "nobody@corp"], world.ssoEnv());
    assertEquals(forbidden.code, 1);
    assertMatch(
      forbidden.stderr,
      /vegas-credentials: IAM Identity Center does not assign you the SSO role Nope in account 999999999999 \(profile "nobody"\); check sso_account_id and sso_role_name/,
    );
    assertEquals(
      forbidden.stderr.trim().split("\n").filter((l) => l.startsWith("vegas-credentials:")).length,
      1,
    );

    const unknown = await runCli(["assume", "--profile", "lost@corp"], world.ssoEnv());
    assertEquals(unknown.code, 3);
    assertEquals(
      unknown.stderr,
      `vegas-credentials: ~/.aws/config line ${
        (await Deno.readTextFile(world.configFile)).split("\n").indexOf("sso_session = elsewhere") +
        1
      }: profile "lost": sso_session "elsewhere" names no [sso-session elsewhere] section in ~/.aws/config; add one with sso_start_url and sso_region (aws configure sso-session writes it)\n`,
    );

    await Deno.remove(world.tokenFile).catch(() => {});
    world.sts.sso.userAnswer = "deny";
    const denied = await runCli(["assume", "--profile", "admin@corp"], world.ssoEnv());
    assertEquals(denied.code, 1);
    assertMatch(
      denied.stderr,
      /vegas-credentials: SSO sign-in for --sso-session corp was refused in the browser \(access_denied\)/,
    );

    // A browser that never comes back: bounded by VEGAS_CREDENTIALS_SSO_TIMEOUT.
    const started = Date.now();
    const stalled = await runCli(
      ["assume", "--profile", "admin@corp"],
      world.ssoEnv({ BROWSER: "true", VEGAS_CREDENTIALS_SSO_TIMEOUT: "2" }),
    );
    assertOk(Date.now() - started < 15_000);
    assertEquals(stalled.code, 1);
    assertMatch(
      stalled.stderr,
      /vegas-credentials: SSO sign-in for --sso-session corp was not completed within 2 s \(VEGAS_CREDENTIALS_SSO_TIMEOUT\); run vegas-credentials sso login --sso-session corp\n$/,
    );

    // A portal that stalls: bounded by VEGAS_CREDENTIALS_STS_TIMEOUT.

    world.sts.sso.userAnswer = "approve";

    world.sts.sso.delays.GetRoleCredentials = 6_000;

    const stallStart = Date.now();

    const slow = await runCli(
      ["assume", "--profile", "admin@corp"],
      world.ssoEnv({ VEGAS_CREDENTIALS_STS_TIMEOUT: "2" }),
    );

    assertOk(Date.now() - stallStart < 5_500, "bounded");

    assertEquals(slow.code, 1);

    assertMatch(
      slow.stderr,
      /vegas-credentials: Cannot reach the SSO portal at http:\/\/127\.0\.0\.1:\d+ for the SSO role AdministratorAccess in account 111111111111 \(profile "corp-admin"\) \(the endpoint did not answer in time\)/,
    );

    world.sts.sso.delays.GetRoleCredentials = 0;

    // An OIDC endpoint that refuses connections.
    const refused = await runCli(
      ["sso", "login", "--sso-session", "corp"],
      world.ssoEnv({ AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9" }),
    );
    assertEquals(refused.code, 1);
    assertMatch(
      refused.stderr,
      /SSO sign-in for --sso-session corp failed while registering with IAM Identity Center: RegisterClient at http:\/\/127\.0\.0\.1:9: connection refused/,
    );
  });
});

linuxTest(
  "a token cache directory others can write, or a symlink, is neither read nor written",
  async () => {
    await withSso(async (world) => {
      assertEquals(
        (await runCli(["sso", "login", "--sso-session", "corp"], world.ssoEnv())).code,
        0,
      );
      const dir = `${world.home}/.aws/sso/cache`;
      await Deno.chmod(dir, 0o777);
      const result = await runCli(
        ["assume", "--profile", "admin@corp"],
        world.ssoEnv({ BROWSER: "false", VEGAS_CREDENTIALS_SSO_TIMEOUT: "1" }),
      );
      assertMatch(
        result.stderr,
        /The SSO token cache .*\/\.aws\/sso\/cache is not used: others may write to it \(mode 777\)/,
      );
      assertEquals(
        world.sts.sso.calls.GetRoleCredentials ?? 0,
        0,
        "the planted-able token was never sent",
      );
      await Deno.chmod(dir, 0o700);
      const token = await Deno.readTextFile(world.tokenFile);
      await Deno.remove(world.tokenFile);
      await Deno.writeTextFile(`${world.home}/elsewhere.json`, token);
      await Deno.symlink(`${world.home}/elsewhere.json`, world.tokenFile);
      const linked = await runCli(
        ["assume", "--profile", "admin@corp"],
        world.ssoEnv({ BROWSER: "false", VEGAS_CREDENTIALS_SSO_TIMEOUT: "1" }),
      );
      assertNotMatch(linked.stdout, /AccessKeyId/);
      assertMatch(linked.stderr, /symbolic link/);
    });
  },
);

linuxTest("list, config show-profile and doctor know the SSO session and its token", async () => {
  await withSso(async (world) => {
    const before = await runCli(["doctor", "--profile", "admin@corp"], world.ssoEnv());
    assertMatch(
      before.stdout,
      /⚠ profile admin@corp: the credentials of source corp-admin: not signed in to --sso-session corp → run vegas-credentials sso login --sso-session corp/,
    );
    assertEquals((await runCli(["sso", "login", "--sso-session", "corp"], world.ssoEnv())).code, 0);
    const list = await runCli(["list"], world.ssoEnv());
    assertEquals(list.code, 0, list.stderr);
    assertMatch(list.stdout, /admin@corp .*SSO token (7h|8h) \d+m( left)?, refreshes/);
    assertMatch(list.stdout, /deploy@prod .*arn:aws:iam::222222222222:role\/Deploy/);
    // A table with an SSO token's state is not kept as the list memo: signed out, list says so.
    assertEquals((await runCli(["list"], world.ssoEnv())).stdout, list.stdout);
    const logout = await runCli(["sso", "logout", "--sso-session", "corp"], world.ssoEnv());
    assertEquals(logout.code, 0, logout.stderr);
    const signedOut = await runCli(["list"], world.ssoEnv());
    assertMatch(signedOut.stdout, /admin@corp .*not signed in/);
    assertEquals((await runCli(["sso", "login", "--sso-session", "corp"], world.ssoEnv())).code, 0);
    const show = await runCli(
      ["config", "show-profile", "--profile", "admin@corp"],
      world.ssoEnv(),
    );
    assertEquals(show.code, 0, show.stderr);
    assertMatch(
      show.stdout,
      /AWS SSO \(IAM Identity Center\): session corp at https:\/\/corp\.awsapps\.com\/start, role AdministratorAccess in 111111111111/,
    );
    await world.writeConfig(
      ssoConfig().replace("sso_registration_scopes = sso:account:access\n", ""),
    );
    const doctor = await runCli(["doctor"], world.ssoEnv());
    assertMatch(
      doctor.stdout,
      /⚠ .*\[sso-session corp\] has no sso_registration_scopes = sso:account:access: a token without it lasts 8 h and cannot refresh/,
    );
  });
});

linuxTest(
  "the device flow: a sign-in denied in the browser, and a code that expires unapproved, are one line each",
  async () => {
    await withSso(async (world) => {
      world.sts.sso.userAnswer = "deny";
      const denied = await runCli(
        ["sso", "login", "--sso-session", "corp", "--use-device-code"],
        world.ssoEnv(),
      );
      assertEquals(denied.code, 1);
      assertMatch(
        denied.stderr,
        /\nvegas-credentials: SSO sign-in for --sso-session corp was denied in the browser; run vegas-credentials sso login --sso-session corp to try again\n$/,
      );
      world.sts.sso.deviceCodeSeconds = 1;
      world.sts.sso.intervalSeconds = 2;
      const expired = await runCli(
        ["sso", "login", "--sso-session", "corp", "--use-device-code", "--no-browser"],
        world.ssoEnv(),
      );
      assertEquals(expired.code, 1);
      assertMatch(
        expired.stderr,
        /\nvegas-credentials: The device code for --sso-session corp expired before it was approved; run vegas-credentials sso login --sso-session corp to get a new one\n$/,
      );
      assertEquals(await Deno.stat(world.tokenFile).catch(() => undefined), undefined);
    });
  },
);
