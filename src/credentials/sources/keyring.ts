/**
 * Source kind: a long-term key in the keyring (`vegas-credentials add`), for a source profile
 * with no credentials in the shared files. Claims every profile no other kind claims.
 *
 * @module
 */

import { shellWord } from "../../output/shell_formats.ts";
import { fail, ok } from "../../doctor/finding.ts";
import { VegasError } from "../../errors.ts";
import type { CredentialSource } from "./source.ts";

/** The keyring. */
export const keyringSource: CredentialSource = {
  kind: "keyring",
  temporary: false,
  claims: () => true,
  async credentials({ sourceProfile, profileName, config, deps, log }) {
    const { openKeyring } = await import("../../keyring/open_keyring.ts");
    const missing = (keyring: string) =>
      new VegasError(
        `Source profile "${sourceProfile}" (used by profile "${profileName}") has no ` +
          `credentials: no access keys in ${config.credentialsFile}, no SSO or ` +
          `credential_process in ${config.configFile}, and ${keyring}; add aws_access_key_id ` +
          `and aws_secret_access_key to [${sourceProfile}] in ${config.credentialsFile}, or ` +
          `run vegas-credentials add --profile ${shellWord(sourceProfile)}`,
      );
    let store;
    try {
      store = await openKeyring(deps);
    } catch (error) {
      // A keyring the user chose says itself what is wrong with it.
      if (deps.env("VEGAS_CREDENTIALS_KEYRING")) throw error;
      throw missing(`no keyring to look in (${(error as Error).message.replace(/;.*$/, "")})`);
    }
    const key = await store.get(sourceProfile);
    if (!key) throw missing(`no item in ${store.where}`);
    log.addSecret(key.secretAccessKey);
    log.info(`Source key of profile ${sourceProfile} from ${store.where}`);
    return key;
  },
  async describe({ sourceProfile, keyringItems }) {
    const fix =
      `run vegas-credentials add --profile ${shellWord(sourceProfile)} (or put its keys in ` +
      `[${sourceProfile}] of the credentials file)`;
    try {
      const keyring = await keyringItems();
      if (keyring.items.includes(sourceProfile)) {
        const text = `keys in ${keyring.where}`;
        return { findings: [ok(text)], text: `the keyring: ${keyring.where}`, state: text };
      }
      return {
        findings: [fail(
          `source profile ${sourceProfile} holds no credentials (no access keys, SSO or ` +
            `credential_process, and no item in ${keyring.where})`,
          fix,
        )],
        text: `none: no keys in the shared files and no item in ${keyring.where} (run ` +
          `vegas-credentials add --profile ${shellWord(sourceProfile)})`,
        state: `no keys for ${sourceProfile} (vegas-credentials add --profile ${
          shellWord(sourceProfile)
        })`,
      };
    } catch (error) {
      const reason = (error as Error).message;
      return {
        findings: [fail(
          `source profile ${sourceProfile} has no credentials in the files, and the keyring ` +
            `cannot be read: ${reason}`,
          fix,
        )],
        text: `none in the shared files; the keyring cannot be read: ${reason}`,
        state: `keyring unreadable: ${reason}`,
      };
    }
  },
};
