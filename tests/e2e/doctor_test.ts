/**
 * `doctor` as a user runs it: every check with a planted fault gives its ✗ or ⚠ line with the
 * fix, and a sound setup passes, with --profile proving the source and measuring the clock.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { installFakeYkman } from "../support/fake_tools.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, FRANK, STANDARD_CREDENTIALS, standardConfig } from "../support/world.ts";

function lines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => /^[✓⚠✗] /.test(line));
}

function line(stdout: string, pattern: RegExp): string {
  const found = lines(stdout).find((l) => pattern.test(l));
  assertOk(found, `no line matches ${pattern} in:\n${stdout}`);
  return found!;
}

linuxTest("doctor names every planted fault with its fix, and exits 1", async () => {
  const world = await createWorld();
  try {
    const ykman = await installFakeYkman(world.home, {
      devices: [{
        serial: 12345678,
        accounts: [{ name: "someone-else", secretFile: world.secretFile }],
      }],
    });
    // A source whose name a shell would split (the credentials file allows any name).
    await world.writeCredentials(`${STANDARD_CREDENTIALS}\n[ops(eu)]\nregion = eu-west-1\n`);
    await world.writeConfig(standardConfig(
      world,
      `vegas_yubikey_label = frank-oath

[profile 🎰-über]
region = eu-west-1

[profile shadowed]
credential_process = vegas-credentials assume --profile=shadowed
role_arn = arn:aws:iam::222222222222:role/SingerRole
source_profile = default

[profile wrongname]
credential_process = vegas-credentials assume --profile=frank@concerts
vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole
vegas_source_profile = default

[profile slow]
credential_process = vegas-credentials assume --profile=slow
vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole
vegas_source_profile = default
vegas_mfa_timeout = 90

[profile orphan]
credential_process = vegas-credentials assume --profile=orphan
vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole
vegas_source_profile = nokeys

[profile nokeys]
region = eu-west-1

[profile stray]
credential_process = vegas-credentials assume --profile=stray
vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole
vegas_source_profile = ops(eu)

[profile broken]
credential_process = vegas-credentials assume --profile=broken
vegas_role_arn = not-an-arn
vegas_source_profile = default
`,
    ));
    // One entry, then damaged; then the cache directory opened to the group.
    const env = world.env({ ...ykman.env, PATH: `${ykman.binDir}:${Deno.env.get("PATH")}` });
    assertEquals((await runCli(["assume", "--profile=frank@concerts"], env)).code, 0);
    const dir = `${world.home}/.cache/vegas-credentials`;
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.endsWith(".entry")) {
        await Deno.writeFile(`${dir}/${entry.name}`, new Uint8Array(80));
      }
    }
    const before = world.sts.requests.length;
    const damaged = await runCli(["doctor"], env);
    assertMatch(
      line(damaged.stdout, /unreadable/),
      /^⚠ 0 cached entries readable here, \d+ unreadable .* → .*cache clean/,
    );
    await Deno.chmod(dir, 0o770);

    const result = await runCli(["doctor"], env);
    const out = result.stdout;
    assertEquals(result.code, 1, out + result.stderr);
    assertMatch(
      result.stderr,
      /^vegas-credentials: doctor found \d+ problems; the lines marked ✗ say how to fix each\n$/,
    );
    assertMatch(
      line(out, /ignore the section/),
      /^⚠ ~\/\.aws\/config line \d+: the AWS tools ignore the section \[profile 🎰-über\] → use \[profile NAME\]/,
    );
    assertMatch(
      line(out, /profile shadowed/),
      /^✗ profile shadowed .* has credential_process and role_arn, source_profile: the AWS CLI uses role_arn and ignores credential_process → remove role_arn, source_profile/,
    );
    assertMatch(
      line(out, /profile wrongname \(/),
      /^✗ .*asks for profile frank@concerts, so AWS tools get frank@concerts's credentials → set credential_process = vegas-credentials assume --profile=wrongname$/,
    );
    assertMatch(
      line(out, /vegas_mfa_timeout/),
      /^⚠ profile slow: vegas_mfa_timeout is 90 s, .*kills a credential_process after 60 s → set vegas_mfa_timeout = 60/,
    );
    assertMatch(
      line(out, /^✗ profile orphan:/),
      /^✗ profile orphan: role .*, source nokeys: source profile nokeys has no credentials in the files, and the keyring cannot be read: No Secret Service .* → run vegas-credentials add --profile nokeys/,
    );
    // A name a shell would split is quoted in the command to run.
    assertMatch(
      line(out, /^✗ profile stray:/),
      / → run vegas-credentials add --profile 'ops\(eu\)' \(or put its keys in \[ops\(eu\)\]/,
    );
    assertMatch(line(out, /^✗ profile broken:/), /vegas_role_arn/);
    assertMatch(
      line(out, /profile frank@concerts: role/),
      /^✓ .*source default: keys in ~\/\.aws\/credentials$/,
    );
    assertMatch(line(out, /^✓ ykman/), /^✓ ykman 4\.0\.9, YubiKey 12345678$/);
    assertMatch(
      line(out, /frank-oath/),
      /^✗ profile frank@concerts: no OATH account matching frank-oath on YubiKey 12345678 → set vegas_yubikey_label/,
    );
    assertMatch(
      line(out, /cache directory/),
      /^✗ the cache directory ~\/\.cache\/vegas-credentials is not used: others may write to it \(mode 770\) → remove it/,
    );
    assertMatch(out, /\n\d+ checks: \d+ failed, \d+ warned, \d+ passed\n$/);
    // Without --profile, no network.
    assertEquals(world.sts.requests.length, before);
    assertOk(!out.includes(FRANK.secretAccessKey));
  } finally {
    await world.close();
  }
});

linuxTest(
  "doctor --profile proves the source keys and measures the clock against AWS",
  async () => {
    const world = await createWorld();
    try {
      const sound = await runCli(["doctor", "--profile=frank@concerts"], world.env());
      assertEquals(sound.code, 0, sound.stdout + sound.stderr);
      assertEquals(sound.stderr, "");
      assertOk(lines(sound.stdout).every((l) => l.startsWith("✓ ")), sound.stdout);
      assertMatch(
        line(sound.stdout, /works/),
        /^✓ source profile default works: it is arn:aws:iam::111111111111:user\/FrankSinatra$/,
      );
      assertMatch(line(sound.stdout, /clock/), /^✓ this clock is [01] s (ahead of|behind) AWS/);
      assertEquals(world.sts.successes("GetCallerIdentity"), 1);
      assertEquals(world.sts.successes("AssumeRole"), 0);

      world.sts.clockOffsetMs = -90_000;
      const skewed = await runCli(["doctor", "--profile=frank@concerts"], world.env());
      assertEquals(skewed.code, 0);
      assertMatch(
        line(skewed.stdout, /clock/),
        /^⚠ this clock is (89|90|91) s ahead of AWS .*: MFA codes fail beyond about 30 s → set the system clock right/,
      );
      world.sts.clockOffsetMs = 6 * 60_000;
      const far = await runCli(["doctor", "--profile=frank@concerts"], world.env());
      assertEquals(far.code, 1);
      assertMatch(
        line(far.stdout, /clock/),
        /^✗ this clock is (359|360|361) s behind AWS .*more than 5 minutes off/,
      );

      await world.writeCredentials(
        `[default]\naws_access_key_id = AKIAUNKNOWNKEY000001\naws_secret_access_key = nope\n`,
      );
      world.sts.clockOffsetMs = 0;
      const badKey = await runCli(["doctor", "--profile=frank@concerts"], world.env());
      assertEquals(badKey.code, 1);
      assertMatch(
        line(badKey.stdout, /GetCallerIdentity/),
        /^✗ source profile default: GetCallerIdentity failed: AWS does not recognise the access key/,
      );
      const missing = await runCli(["doctor", "--profile=nobody"], world.env());
      assertEquals(missing.code, 1);
      assertMatch(line(missing.stdout, /nobody/), /^✗ profile nobody is not in/);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "doctor finds a source's keys in the keyring, and says when they are not there",
  async () => {
    const world = await createWorld();
    try {
      await world.writeCredentials("");
      const env = world.env({
        VEGAS_CREDENTIALS_KEYRING: "file",
        VEGAS_CREDENTIALS_FILE_PASSPHRASE: "a passphrase",
      });
      const missing = await runCli(["doctor"], env);
      assertEquals(missing.code, 1);
      assertMatch(
        line(missing.stdout, /frank@concerts: role/),
        /^✗ .*source profile default holds no credentials \(no access keys, SSO or credential_process, and no item in the file keyring .*\) → run vegas-credentials add --profile default/,
      );
      const added = await runCli(["add", "--profile=default", "--env"], {
        ...env,
        AWS_ACCESS_KEY_ID: FRANK.accessKeyId,
        AWS_SECRET_ACCESS_KEY: FRANK.secretAccessKey,
      });
      assertEquals(added.code, 0, added.stderr);
      const found = await runCli(["doctor", "--profile=frank@concerts"], env);
      assertEquals(found.code, 0, found.stdout);
      assertMatch(
        line(found.stdout, /frank@concerts: role/),
        /source default: keys in the file keyring ~\/\.local\/share\/vegas-credentials\/keyring$/,
      );
      assertMatch(line(found.stdout, /works/), /^✓ source profile default works: it is /);
    } finally {
      await world.close();
    }
  },
);
