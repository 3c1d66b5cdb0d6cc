/**
 * Long-term keys in the keyring, as a user runs it: `add`, then `assume` signed with the stored
 * key (the loopback STS checks the signature), `config show-profile` and `list` saying where the
 * key is, then `remove`; against GNOME Keyring's Secret Service on a private D-Bus, and the
 * encrypted-file keyring without D-Bus. And every error a user can meet.
 */

import { assertEquals, assertMatch, assertOk, assertStringIncludes } from "../support/assert.ts";
import { installedCli, runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { startSecretService } from "../support/secret_service.ts";
import { awsWhoAmI, createWorld, FRANK, standardConfig, type World } from "../support/world.ts";

const ASSUME = ["assume", "--profile=frank@concerts"];
const FRANK_ENV = {
  AWS_ACCESS_KEY_ID: FRANK.accessKeyId,
  AWS_SECRET_ACCESS_KEY: FRANK.secretAccessKey,
};

/** A world whose credentials file holds no keys: they are to come from the keyring. */
async function keylessWorld(): Promise<World> {
  const world = await createWorld();
  await world.writeCredentials("# keys moved to the keyring\n");
  return world;
}

/** Every file under `dir` that contains `secret`. */
async function filesHolding(dir: string, secret: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...await filesHolding(path, secret));
    else if (entry.isFile && (await Deno.readTextFile(path).catch(() => "")).includes(secret)) {
      found.push(path);
    }
  }
  return found;
}

linuxTest(
  "add stores the key in the Secret Service; assume signs with it; remove deletes it",
  async () => {
    const world = await keylessWorld();
    const service = await startSecretService(world.home);
    try {
      const env = (extra: Record<string, string> = {}) => world.env({ ...service.env, ...extra });
      const before = await runCli(ASSUME, env());
      assertEquals(before.code, 1);
      assertMatch(
        before.stderr,
        /^vegas-credentials: Source profile "default" \(used by profile "frank@concerts"\) has no credentials: no access keys in ~\/\.aws\/credentials, no SSO or credential_process in ~\/\.aws\/config, and no item in the Secret Service \(GNOME Keyring, KWallet\); add aws_access_key_id and aws_secret_access_key to \[default\] in ~\/\.aws\/credentials, or run vegas-credentials add --profile default\n$/,
      );

      const added = await runCli(["add", "--profile=default", "--env"], env(FRANK_ENV));
      assertEquals(added.code, 0, added.stderr);
      assertEquals(
        added.stdout.split("\n")[0],
        `Stored access key AKIA…NK01 of ${FRANK.arn} for profile default in the Secret Service (GNOME Keyring, KWallet)`,
      );
      assertEquals(world.sts.successes("GetCallerIdentity"), 1);
      const item = await service.secretTool(["search", "service", "vegas-credentials"]);
      assertStringIncludes(item, "attribute.username = default");
      assertStringIncludes(item, FRANK.secretAccessKey);
      assertEquals(await filesHolding(world.home, FRANK.secretAccessKey), []);

      const assumed = await runCli(ASSUME, env());
      assertEquals(assumed.code, 0, assumed.stderr);
      assertEquals(JSON.parse(assumed.stdout).Version, 1);
      assertEquals(world.sts.successes("GetSessionToken"), 1);
      assertOk(world.sts.requests.some((r) => r.accessKeyId === FRANK.accessKeyId));

      const shown = await runCli(["config", "show-profile", "--profile=frank@concerts"], env());
      assertEquals(
        JSON.parse(shown.stdout).source_credentials,
        "the keyring: the Secret Service (GNOME Keyring, KWallet)",
      );

      const removed = await runCli(["remove", "--profile=default"], env());
      assertEquals(removed.code, 0, removed.stderr);
      assertEquals(
        removed.stdout,
        "Removed the key of profile default from the Secret Service (GNOME Keyring, KWallet), and the sessions cached with it from ~/.cache/vegas-credentials\n",
      );
      assertEquals(
        (await service.secretTool(["search", "service", "vegas-credentials"])).trim(),
        "",
      );
      const after = await runCli(ASSUME, env());
      assertEquals(after.code, 1, "the cached credentials went with the key");
      assertStringIncludes(after.stderr, "run vegas-credentials add --profile default");
      const again = await runCli(["remove", "--profile=default"], env());
      assertEquals(
        again.stdout,
        "No key of profile default in the Secret Service (GNOME Keyring, KWallet)\n",
      );
    } finally {
      await service.close();
      await world.close();
    }
  },
);

linuxTest("the file keyring works without D-Bus: 0600, sealed, passphrase checked", async () => {
  const world = await keylessWorld();
  try {
    const env = (extra: Record<string, string> = {}) =>
      world.env({
        VEGAS_CREDENTIALS_KEYRING: "file",
        VEGAS_CREDENTIALS_FILE_PASSPHRASE: "correct horse battery staple",
        ...extra,
      });
    const added = await runCli(["add", "--profile=default", "--env"], env(FRANK_ENV));
    assertEquals(added.code, 0, added.stderr);
    assertMatch(
      added.stdout,
      /in the file keyring ~\/\.local\/share\/vegas-credentials\/keyring$/m,
    );
    const path = `${world.home}/.local/share/vegas-credentials/keyring`;
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assertEquals(
      (await Deno.stat(`${world.home}/.local/share/vegas-credentials`)).mode! & 0o777,
      0o700,
    );
    assertEquals(await filesHolding(world.home, FRANK.secretAccessKey), []);
    assertEquals(await filesHolding(world.home, FRANK.accessKeyId), []);
    const file = JSON.parse(await Deno.readTextFile(path));
    assertEquals(file.kdf.iterations, 600_000);
    assertEquals(file.cipher.name, "AES-256-GCM");

    const assumed = await runCli(ASSUME, env());
    assertEquals(assumed.code, 0, assumed.stderr);
    const wrong = await runCli(
      ["assume", "--profile=frank@concerts", "--no-gui"],
      env({ VEGAS_CREDENTIALS_FILE_PASSPHRASE: "wrong", XDG_CACHE_HOME: `${world.home}/c2` }),
    );
    assertEquals(wrong.code, 1);
    assertEquals(
      wrong.stderr,
      "vegas-credentials: Wrong passphrase for the file keyring ~/.local/share/vegas-credentials/keyring (or the file was changed)\n",
    );
    const list = await runCli(["list"], env());
    assertMatch(list.stdout, /frank@concerts .*keys in the file keyring/);
    assertMatch(
      list.stdout,
      /\nKeys in the file keyring ~\/\.local\/share\/vegas-credentials\/keyring: default\n$/,
    );
    assertOk(
      !list.stdout.includes(FRANK.secretAccessKey) && !list.stdout.includes(FRANK.accessKeyId),
    );
    const noPassphrase = await runCli(
      ["remove", "--profile=default"],
      env({ VEGAS_CREDENTIALS_FILE_PASSPHRASE: "" }),
    );
    assertEquals(noPassphrase.code, 1);
    assertEquals(
      noPassphrase.stderr,
      "vegas-credentials: the file keyring ~/.local/share/vegas-credentials/keyring needs its passphrase, and there is no terminal to ask; set VEGAS_CREDENTIALS_FILE_PASSPHRASE\n",
    );
  } finally {
    await world.close();
  }
});

linuxTest("keyring errors are one line each, and nothing is stored", async () => {
  const world = await keylessWorld();
  try {
    const noBus = await runCli(["add", "--profile=default", "--env"], world.env(FRANK_ENV));
    assertEquals(noBus.code, 1);
    assertEquals(
      noBus.stderr,
      "vegas-credentials: No Secret Service on this session (DBUS_SESSION_BUS_ADDRESS is unset, as over SSH or in a container); use VEGAS_CREDENTIALS_KEYRING=file for the encrypted-file keyring, or log in to a desktop session\n",
    );
    const file = { VEGAS_CREDENTIALS_KEYRING: "file", VEGAS_CREDENTIALS_FILE_PASSPHRASE: "p" };
    const cases: [Record<string, string>, number, string][] = [
      [
        { VEGAS_CREDENTIALS_KEYRING: "vault" },
        3,
        'Environment variable VEGAS_CREDENTIALS_KEYRING "vault" is not one of keychain, wincred, secret-service, file',
      ],
      [
        { VEGAS_CREDENTIALS_KEYRING: "keychain" },
        1,
        "VEGAS_CREDENTIALS_KEYRING=keychain: the macOS Keychain is not available on linux; use VEGAS_CREDENTIALS_KEYRING=file, or leave it unset for this system's keyring",
      ],
      [
        { ...file, AWS_ACCESS_KEY_ID: "ASIAIOSFODNN7EXAMPLE" },
        2,
        "Not stored for profile default: the access key id starts with ASIA: it is a temporary key, which expires; store a long-term key (AKIA…) of an IAM user",
      ],
      [
        { ...file, AWS_SESSION_TOKEN: "token" },
        2,
        "AWS_SESSION_TOKEN is set: the key in the environment is temporary and would expire; store a long-term key of an IAM user",
      ],
    ];
    for (const [extra, code, message] of cases) {
      const result = await runCli(
        ["add", "--profile=default", "--env"],
        world.env({ ...FRANK_ENV, ...extra }),
      );
      assertEquals([result.code, result.stderr], [code, `vegas-credentials: ${message}\n`]);
    }
    const unknown = await runCli(
      ["add", "--profile=default", "--env"],
      world.env({ ...file, ...FRANK_ENV, AWS_ACCESS_KEY_ID: "AKIAUNKNOWNKEY000001" }),
    );
    assertEquals(unknown.code, 1);
    assertMatch(
      unknown.stderr,
      /^vegas-credentials: AWS did not accept the key for profile default, so nothing was stored: AWS does not recognise the access key/,
    );
    const noEnv = await runCli(["add", "--profile=default", "--env"], world.env(file));
    assertEquals(
      noEnv.stderr,
      "vegas-credentials: add --env takes the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; set both\n",
    );
    const noTerminal = await runCli(["add", "--profile=default"], world.env(file));
    assertEquals(
      noTerminal.stderr,
      "vegas-credentials: add needs a terminal to ask for the key; or run it with --env and the key in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n",
    );
    await world.writeCredentials(
      `[default]\naws_access_key_id = ${FRANK.accessKeyId}\naws_secret_access_key = ${FRANK.secretAccessKey}\n`,
    );
    const hasKeys = await runCli(
      ["add", "--profile=default", "--env"],
      world.env({ ...file, ...FRANK_ENV }),
    );
    assertEquals(hasKeys.code, 2);
    assertEquals(
      hasKeys.stderr,
      "vegas-credentials: Profile default already has keys in ~/.aws/credentials (line 2), which AWS tools would go on using; run vegas-credentials migrate --profile default to move them into the keyring\n",
    );
    assertOk(
      !(await Deno.stat(`${world.home}/.local/share/vegas-credentials/keyring`).catch(() =>
        undefined
      )),
    );
  } finally {
    await world.close();
  }
});

linuxTest(
  "a keyring source's own credential_process hands AWS tools its MFA session, without a loop",
  async () => {
    const world = await keylessWorld();
    try {
      const env = world.env({
        VEGAS_CREDENTIALS_KEYRING: "file",
        VEGAS_CREDENTIALS_FILE_PASSPHRASE: "a passphrase",
      });
      const added = await runCli(["add", "--profile=default", "--env"], { ...env, ...FRANK_ENV });
      assertEquals(added.code, 0, added.stderr);
      assertStringIncludes(
        added.stdout,
        "credential_process = vegas-credentials assume --profile=default",
      );
      const cli = await installedCli();
      await world.writeConfig(
        standardConfig(world)
          .replace(
            "[default]\n",
            `[default]\ncredential_process = ${cli} assume --profile=default\n`,
          )
          .replace("credential_process = vegas-credentials", `credential_process = ${cli}`),
      );
      // The AWS CLI on [default] itself: the MFA session's identity, the IAM user.
      const direct = await awsWhoAmI(world, env, "default");
      assertEquals(direct.code, 0, direct.stderr);
      assertEquals(JSON.parse(direct.stdout).Arn, FRANK.arn);
      assertEquals(world.sts.successes("GetSessionToken"), 1);
      // A role over the same source shares that session: no second code, no loop.
      const role = await awsWhoAmI(world, env);
      assertEquals(role.code, 0, role.stderr);
      assertMatch(JSON.parse(role.stdout).Arn, /assumed-role\/SingerRole\//);
      assertEquals(world.sts.successes("GetSessionToken"), 1);
      // And assume --profile default is served from the cache.
      const before = world.sts.requests.length;
      const again = await runCli(["assume", "--profile=default"], env);
      assertEquals(again.code, 0, again.stderr);
      assertEquals(world.sts.requests.length, before);
    } finally {
      await world.close();
    }
  },
);

linuxTest("a profile name from the command line reaches stdout escaped", async () => {
  const world = await keylessWorld();
  try {
    const env = world.env({
      VEGAS_CREDENTIALS_KEYRING: "file",
      VEGAS_CREDENTIALS_FILE_PASSPHRASE: "p",
    });
    const result = await runCli(["remove", "--profile=evil\x1b]0;owned\x07"], env);
    assertEquals(result.code, 0, result.stderr);
    assertOk(!result.stdout.includes("\x1b") && !result.stdout.includes("\x07"), result.stdout);
    assertMatch(result.stdout, /^No key of profile evil\\x1b\]0;owned\\x07 in the file keyring /);
  } finally {
    await world.close();
  }
});

linuxTest("parallel adds to the file keyring keep every key", async () => {
  const world = await keylessWorld();
  try {
    const env = world.env({
      VEGAS_CREDENTIALS_KEYRING: "file",
      VEGAS_CREDENTIALS_FILE_PASSPHRASE: "correct horse battery staple",
      ...FRANK_ENV,
    });
    const names = ["src1", "src2", "src3", "src4", "src5", "src6"];
    const results = await Promise.all(
      names.map((name) => runCli(["add", `--profile=${name}`, "--env"], env)),
    );
    for (const result of results) assertEquals(result.code, 0, result.stderr);
    const list = await runCli(["list"], env);
    assertEquals(list.code, 0, list.stderr);
    assertMatch(
      list.stdout,
      /\nKeys in the file keyring ~\/\.local\/share\/vegas-credentials\/keyring: src1, src2, src3, src4, src5, src6\n$/,
    );
  } finally {
    await world.close();
  }
});

linuxTest(
  "a keyring file with out-of-bounds KDF fields is refused at once, in one line",
  async () => {
    const world = await keylessWorld();
    try {
      const env = world.env({
        VEGAS_CREDENTIALS_KEYRING: "file",
        VEGAS_CREDENTIALS_FILE_PASSPHRASE: "correct horse battery staple",
      });
      const added = await runCli(["add", "--profile=default", "--env"], { ...env, ...FRANK_ENV });
      assertEquals(added.code, 0, added.stderr);
      const path = `${world.home}/.local/share/vegas-credentials/keyring`;
      const good = JSON.parse(await Deno.readTextFile(path));
      for (
        const kdf of [
          { ...good.kdf, iterations: 2e9 },
          { ...good.kdf, iterations: "many" },
          { ...good.kdf, salt: 42 },
          "PBKDF2",
          null,
        ]
      ) {
        await Deno.writeTextFile(path, JSON.stringify({ ...good, kdf }), { mode: 0o600 });
        const started = Date.now();
        const result = await runCli(ASSUME, env);
        assertEquals(result.code, 1, result.stderr);
        assertEquals(
          result.stderr,
          "vegas-credentials: the file keyring ~/.local/share/vegas-credentials/keyring is damaged or not a keyring file (its format, or its kdf or cipher fields with at most 6000000 iterations); restore it from a backup, or move it away\n",
        );
        assertOk(Date.now() - started < 10_000);
      }
    } finally {
      await world.close();
    }
  },
);
