/**
 * `migrate --profile NAME`: moves the profile's long-term key from `~/.aws/credentials` into the
 * keyring. In order: check the key (form, then STS GetCallerIdentity), write a 0600 backup of the
 * file, store the key, make sure the file did not change meanwhile, then replace the file with
 * the same bytes less the two key lines. A failure at any step leaves the key in the file, and
 * says so.
 *
 * @module
 */

import { credentialsFilePath, displayPath } from "../../config/paths.ts";
import { loadSharedConfig } from "../../config/shared_config.ts";
import { VegasError } from "../../errors.ts";
import { removeKeyLines } from "../../keyring/credentials_edit.ts";
import { maskKeyId } from "../../keyring/key_store.ts";
import { openKeyring } from "../../keyring/open_keyring.ts";
import { checkRegion, verifyKey } from "../../keyring/verify_key.ts";
import { utcTimestamp } from "../../output/utc_timestamp.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";

/** Runs `migrate`. */
export async function run({ args, deps, log, signal }: CommandContext): Promise<void> {
  const name = args.values.get("--profile")!;
  const path = credentialsFilePath(deps);
  const file = displayPath(deps, path);
  const info = await deps.lstat(path);
  if (!info) throw new VegasError(`There is no ${file} to migrate keys from`);
  if (info.isSymlink) {
    throw new VegasError(
      `${file} is a symbolic link; migrate edits only a regular file: point ` +
        `AWS_SHARED_CREDENTIALS_FILE at the real file, or migrate by hand`,
    );
  }
  const config = await loadSharedConfig(deps);
  const original = config.texts.credentials;
  const edit = removeKeyLines(original, name);
  if (typeof edit === "string") {
    throw new VegasError(`Cannot migrate profile ${name} from ${file}: ${edit}`);
  }
  log.addSecret(edit.secretAccessKey);
  const inConfig = config.profiles.get(name)?.get("aws_access_key_id");
  if (inConfig && inConfig.file === config.configFile) {
    throw new VegasError(
      `Profile ${name} also has aws_access_key_id in ${inConfig.file} line ${inConfig.line}, which ` +
        `AWS tools would use once the credentials file has none; remove it first`,
    );
  }
  const key = { accessKeyId: edit.accessKeyId, secretAccessKey: edit.secretAccessKey };
  const store = await openKeyring(deps, signal);
  const arn = await verifyKey(key, name, checkRegion(config, name, deps), deps);

  const stamp = utcTimestamp(deps.now()).replace(/[-:]/g, "");
  const backup = `${path}.vegas-backup-${stamp}`;
  if (!(await deps.createFileExclusive(backup, new TextEncoder().encode(original)))) {
    throw new VegasError(`A backup ${displayPath(deps, backup)} already exists; try again`);
  }
  const kept = `the key stays in ${file}; backup ${displayPath(deps, backup)}`;
  try {
    await store.set(name, key);
  } catch (error) {
    throw new VegasError(`${(error as Error).message}; nothing was moved: ${kept}`);
  }
  const now = await deps.readTextFile(path).catch(() => undefined);
  if (now !== original) {
    throw new VegasError(
      `${file} changed while migrating, so it was not edited: the key is now in ${store.where} ` +
        `and still in the file; run migrate again, or remove its lines by hand (backup ` +
        `${displayPath(deps, backup)})`,
    );
  }
  await deps.writeFileAtomic(path, edit.text);
  await deps.writeStdout(
    `Moved access key ${maskKeyId(key.accessKeyId)} of ${shown(log.redact(arn), 200)} (profile ${
      shown(name, 100)
    }, ` +
      `${file} lines ${edit.lines.join(", ")}) into ${store.where}.\n` +
      `The backup ${displayPath(deps, backup)} still holds the key in plain text: delete it ` +
      `once AWS tools work.\n`,
  );
}
