/**
 * Web identity as a source, as users run it: a token file or a token process, STS
 * AssumeRoleWithWebIdentity (unsigned) on the loopback STS, and the role's credentials cached.
 */

import { assertEquals, assertMatch, assertNotMatch, assertOk } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";
import { runCli } from "../support/installed_cli.ts";
import { createWorld, FRANK, type World } from "../support/world.ts";

const CI_ROLE = "arn:aws:iam::333333333333:role/CiRole";
const CHAINED_ROLE = "arn:aws:iam::444444444444:role/Release";

function config(home: string): string {
  return `[default]
region = eu-west-1

[profile ci]
role_arn = ${CI_ROLE}
web_identity_token_file = ~/token.jwt
role_session_name = ci-run

[profile ci@vegas]
credential_process = vegas-credentials assume --profile=ci@vegas
vegas_source_profile = ci

[profile release@vegas]
credential_process = vegas-credentials assume --profile=release@vegas
vegas_role_arn = ${CHAINED_ROLE}
vegas_source_profile = ci

[profile ci-process]
role_arn = ${CI_ROLE}
web_identity_token_process = sh -c 'echo "  $(cat ${home}/token.jwt)  "; echo noise 123456 >&2'

[profile process@vegas]
credential_process = vegas-credentials assume --profile=process@vegas
vegas_source_profile = ci-process
`;
}

async function withWebIdentity(fn: (world: World) => Promise<void>): Promise<void> {
  const world = await createWorld({
    users: [{ ...FRANK }],
    roles: [
      { arn: CI_ROLE, trusted: [], requireMfa: false, webIdentity: true },
      {
        arn: CHAINED_ROLE,
        trusted: ["arn:aws:sts::333333333333:assumed-role/CiRole/"],
        requireMfa: false,
      },
    ],
    config: "empty",
  });
  world.sts.webIdentityTokens.push("eyJ.first.token", "eyJ.second.token");
  world.sts.expiredWebIdentityTokens.push("eyJ.expired.token");
  await world.writeConfig(config(world.home));
  await world.writeCredentials("");
  await Deno.writeTextFile(`${world.home}/token.jwt`, "eyJ.first.token\n");
  try {
    await fn(world);
  } finally {
    await world.close();
  }
}

function webIdentityCalls(world: World) {
  return world.sts.requests.filter((r) => r.action === "AssumeRoleWithWebIdentity");
}

linuxTest(
  "a web identity token file is exchanged unsigned for the role's credentials, cached and re-read on the next fetch",
  async () => {
    await withWebIdentity(async (world) => {
      const first = await runCli(["assume", "--profile", "ci@vegas"], world.env());
      assertEquals(first.code, 0, first.stderr);
      const calls = webIdentityCalls(world);
      assertEquals(calls.length, 1);
      assertEquals(calls[0].params.WebIdentityToken, "eyJ.first.token");
      assertEquals(calls[0].params.RoleArn, CI_ROLE);
      assertEquals(calls[0].params.RoleSessionName, "ci-run");
      assertEquals(calls[0].accessKeyId, undefined, "unsigned");
      assertOk(!first.stderr.includes("eyJ.first.token"));
      // Cached: no second call.
      const again = await runCli(["assume", "--profile", "ci@vegas"], world.env());
      assertEquals(JSON.parse(again.stdout).AccessKeyId, JSON.parse(first.stdout).AccessKeyId);
      assertEquals(webIdentityCalls(world).length, 1);
      // The issuer writes a new token: the next fetch reads it.
      await Deno.writeTextFile(`${world.home}/token.jwt`, "eyJ.second.token");
      assertEquals((await runCli(["cache", "clean"], world.env())).code, 0);
      const renewed = await runCli(["assume", "--profile", "ci@vegas"], world.env());
      assertEquals(renewed.code, 0, renewed.stderr);
      assertEquals(webIdentityCalls(world).at(-1)!.params.WebIdentityToken, "eyJ.second.token");
    });
  },
);

linuxTest(
  "a role chained on a web identity role, and a token from web_identity_token_process",
  async () => {
    await withWebIdentity(async (world) => {
      const release = await runCli(["assume", "--profile", "release@vegas"], world.env());
      assertEquals(release.code, 0, release.stderr);
      const assumed = world.sts.requests.filter((r) => r.action === "AssumeRole" && !r.error);
      assertEquals(assumed.map((r) => r.params.RoleArn), [CHAINED_ROLE]);
      const process = await runCli(["assume", "--profile", "process@vegas"], world.env());
      assertEquals(process.code, 0, process.stderr);
      assertEquals(webIdentityCalls(world).at(-1)!.params.WebIdentityToken, "eyJ.first.token");
      assertNotMatch(process.stderr, /noise/);
    });
  },
);

linuxTest(
  "a refused, expired or missing web identity token is one line naming the profile",
  async () => {
    await withWebIdentity(async (world) => {
      await Deno.writeTextFile(`${world.home}/token.jwt`, "eyJ.forged.token");
      const refused = await runCli(["assume", "--profile", "ci@vegas"], world.env());
      assertEquals(refused.code, 1);
      assertMatch(
        refused.stderr,
        /^vegas-credentials: AWS refused AssumeRoleWithWebIdentity of arn:aws:iam::333333333333:role\/CiRole for source profile "ci": InvalidIdentityToken(Exception)?: .*; the token was refused: check its issuer and audience against the role's trust policy\n$/,
      );
      assertOk(!refused.stderr.includes("eyJ.forged.token"));
      await Deno.writeTextFile(`${world.home}/token.jwt`, "eyJ.expired.token");
      const expired = await runCli(["assume", "--profile", "ci@vegas"], world.env());
      assertEquals(expired.code, 1);
      assertMatch(expired.stderr, /ExpiredTokenException: .*; the token has expired/);
      await Deno.remove(`${world.home}/token.jwt`);
      const missing = await runCli(["assume", "--profile", "ci@vegas"], world.env());
      assertEquals(missing.code, 1);
      assertMatch(
        missing.stderr,
        /^vegas-credentials: ~\/\.aws\/config line 6: profile "ci": web_identity_token_file ~\/token\.jwt does not exist; check the path \(its issuer writes it\)\n$/,
      );
      // A FIFO where the token belongs is never opened (reading it would hang).
      await new Deno.Command("mkfifo", { args: [`${world.home}/token.jwt`] }).output();
      const fifo = await runCli(["assume", "--profile", "ci@vegas"], world.env());
      assertEquals(fifo.code, 1);
      assertMatch(fifo.stderr, /not a regular file/);
    });
  },
);
