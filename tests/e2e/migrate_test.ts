/**
 * `migrate` as a user runs it: the key moves from ~/.aws/credentials into the keyring, the file
 * keeps every other byte, a 0600 backup is written first, and a symlinked or changing file is
 * refused with the key left where it was.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { runCli, spawnCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, FRANK } from "../support/world.ts";

const FILE_KEYRING = {
  VEGAS_CREDENTIALS_KEYRING: "file",
  VEGAS_CREDENTIALS_FILE_PASSPHRASE: "a passphrase",
};

const BEFORE = "# work laptop\r\n[ci]\r\naws_access_key_id = AKIAIOSFODNN7CIUSER1\r\n" +
  "aws_secret_access_key = ci-secret-ci-secret-ci-secret-ci-secret1\r\n\r\n" +
  `[default] ; frank\r\naws_access_key_id = ${FRANK.accessKeyId}\r\n` +
  `aws_secret_access_key = ${FRANK.secretAccessKey}\r\nregion = eu-west-1\r\n\r\n# end\r\n`;
const AFTER = "# work laptop\r\n[ci]\r\naws_access_key_id = AKIAIOSFODNN7CIUSER1\r\n" +
  "aws_secret_access_key = ci-secret-ci-secret-ci-secret-ci-secret1\r\n\r\n" +
  "[default] ; frank\r\nregion = eu-west-1\r\n\r\n# end\r\n";

linuxTest(
  "migrate moves the key byte for byte, after a 0600 backup; assume then uses the keyring",
  async () => {
    const world = await createWorld();
    try {
      await world.writeCredentials(BEFORE);
      const result = await runCli(["migrate", "--profile=default"], world.env(FILE_KEYRING));
      assertEquals(result.code, 0, result.stderr);
      assertMatch(
        result.stdout,
        new RegExp(
          `^Moved access key AKIA…NK01 of ${FRANK.arn} \\(profile default, ~/\\.aws/credentials lines 7, 8\\) into the file keyring ~/\\.local/share/vegas-credentials/keyring\\.\\nThe backup ~/\\.aws/credentials\\.vegas-backup-\\d{8}T\\d{6}Z still holds the key in plain text: delete it once AWS tools work\\.\\n$`,
        ),
      );
      assertEquals(await Deno.readTextFile(world.credentialsFile), AFTER);
      const backups = [...Deno.readDirSync(`${world.home}/.aws`)].filter((e) =>
        e.name.startsWith("credentials.vegas-backup-")
      );
      assertEquals(backups.length, 1);
      const backup = `${world.home}/.aws/${backups[0].name}`;
      assertEquals(await Deno.readTextFile(backup), BEFORE);
      assertEquals((await Deno.stat(backup)).mode! & 0o777, 0o600);

      const assumed = await runCli(["assume", "--profile=frank@concerts"], world.env(FILE_KEYRING));
      assertEquals(assumed.code, 0, assumed.stderr);
      assertOk(
        world.sts.requests.some((r) =>
          r.action === "GetSessionToken" && r.accessKeyId === FRANK.accessKeyId
        ),
      );

      const again = await runCli(["migrate", "--profile=default"], world.env(FILE_KEYRING));
      assertEquals(
        again.stderr,
        "vegas-credentials: Cannot migrate profile default from ~/.aws/credentials: it has no aws_access_key_id or aws_secret_access_key lines\n",
      );
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "migrate refuses a symlinked file, and a file that changes meanwhile, losing nothing",
  async () => {
    const world = await createWorld();
    try {
      const real = `${world.home}/real-credentials`;
      await Deno.writeTextFile(real, BEFORE);
      await Deno.remove(world.credentialsFile);
      await Deno.symlink(real, world.credentialsFile);
      const linked = await runCli(["migrate", "--profile=default"], world.env(FILE_KEYRING));
      assertEquals(linked.code, 1);
      assertEquals(
        linked.stderr,
        "vegas-credentials: ~/.aws/credentials is a symbolic link; migrate edits only a regular file: point AWS_SHARED_CREDENTIALS_FILE at the real file, or migrate by hand\n",
      );
      assertEquals(await Deno.readTextFile(real), BEFORE);

      await Deno.remove(world.credentialsFile);
      await world.writeCredentials(BEFORE);
      // The file is edited by hand while migrate waits for STS.
      world.sts.delays.GetCallerIdentity = 1500;
      const child = await spawnCli(["migrate", "--profile=default"], world.env(FILE_KEYRING));
      await new Promise((resolve) => setTimeout(resolve, 700));
      await Deno.writeTextFile(world.credentialsFile, "\n[new]\nregion = x\n", { append: true });
      const output = await child.output();
      assertEquals(output.code, 1);
      assertMatch(
        new TextDecoder().decode(output.stderr),
        /^vegas-credentials: ~\/\.aws\/credentials changed while migrating, so it was not edited: the key is now in the file keyring .* and still in the file; run migrate again, or remove its lines by hand \(backup ~\/\.aws\/credentials\.vegas-backup-\d{8}T\d{6}Z\)\n$/,
      );
      assertEquals(
        await Deno.readTextFile(world.credentialsFile),
        BEFORE + "\n[new]\nregion = x\n",
      );
    } finally {
      await world.close();
    }
  },
);
