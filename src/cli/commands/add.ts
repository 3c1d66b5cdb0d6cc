/**
 * `add --profile NAME [--env]`: stores an IAM user's long-term access key in the keyring, after
 * STS GetCallerIdentity proved that it works. The key is typed at the terminal (nothing echoed),
 * or taken from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with `--env`.
 *
 * @module
 */

import { shellWord } from "../../output/shell_formats.ts";
import { loadSharedConfig } from "../../config/shared_config.ts";
import { sourceKind } from "../../credentials/sources/registry.ts";
import { UsageError, VegasError } from "../../errors.ts";
import { maskKeyId, type StoredKey } from "../../keyring/key_store.ts";
import { openKeyring } from "../../keyring/open_keyring.ts";
import { askSecrets } from "../../keyring/secret_input.ts";
import { checkRegion, verifyKey } from "../../keyring/verify_key.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";

/** Runs `add`. */
export async function run({ args, deps, log, signal }: CommandContext): Promise<void> {
  const name = args.values.get("--profile")!;
  const config = await loadSharedConfig(deps);
  const settings = config.profiles.get(name);
  if (sourceKind(settings, name) === "keys") {
    const where = settings!.get("aws_access_key_id") ?? settings!.get("aws_secret_access_key")!;
    throw new UsageError(
      `Profile ${name} already has keys in ${where.file} (line ${where.line}), which AWS tools ` +
        `would go on using; run vegas-credentials migrate --profile ${
          shellWord(name)
        } to move them into ` +
        `the keyring`,
    );
  }
  if (sourceKind(settings, name) !== "keyring") {
    throw new UsageError(
      `Profile ${name} gets its credentials elsewhere (${
        [...settings!.keys()].find((k) =>
          /^(sso_session|sso_start_url|credential_process|role_arn|web_identity_token_(file|process))$/
            .test(
              k,
            )
        )
      }); a keyring key would not be used for it`,
    );
  }
  let key: StoredKey;
  if (args.switches.has("--env")) {
    const accessKeyId = deps.env("AWS_ACCESS_KEY_ID");
    const secretAccessKey = deps.env("AWS_SECRET_ACCESS_KEY");
    if (!accessKeyId || !secretAccessKey) {
      throw new UsageError(
        "add --env takes the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; set both",
      );
    }
    if (deps.env("AWS_SESSION_TOKEN")) {
      throw new UsageError(
        "AWS_SESSION_TOKEN is set: the key in the environment is temporary and would expire; " +
          "store a long-term key of an IAM user",
      );
    }
    key = { accessKeyId, secretAccessKey };
  } else {
    const answers = await askSecrets(
      [`Access key id for profile ${name} (not shown): `, "Secret access key (not shown): "],
      deps,
      signal,
    );
    if (!answers) {
      throw new VegasError(
        "add needs a terminal to ask for the key; or run it with --env and the key in " +
          "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
      );
    }
    key = { accessKeyId: answers[0].trim(), secretAccessKey: answers[1].trim() };
  }
  log.addSecret(key.secretAccessKey);
  const store = await openKeyring(deps, signal);
  const arn = await verifyKey(key, name, checkRegion(config, name, deps), deps);
  await store.set(name, key);
  await deps.writeStdout(
    `Stored access key ${maskKeyId(key.accessKeyId)} of ${
      shown(log.redact(arn), 200)
    } for profile ${shown(name, 100)} ` +
      `in ${store.where}\n`,
  );
  if (!settings?.has("credential_process")) {
    // Tools that use the profile itself no longer find a key in the files: offer them ours.
    await deps.writeStdout(
      `For AWS tools that use profile ${shown(name, 100)} itself, add to its section in ` +
        `${config.configFile}:\n  credential_process = vegas-credentials assume --profile=${
          shown(name, 100)
        }\n` +
        `(they then get its MFA session, one code shared with every role of it).\n`,
    );
  }
  if (!settings) {
    await deps.writeStdout(
      `Add a [profile ${
        shown(name, 100)
      }] section (with its region and mfa_serial) to ${config.configFile}, ` +
        `and use it as vegas_source_profile\n`,
    );
  }
}
