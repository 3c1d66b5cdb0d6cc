/**
 * Rotating a stored long-term key without ever losing it: create the new key, wait until STS
 * accepts it (IAM is eventually consistent), store it, and only then delete the old one. At every
 * failure the message says which key is stored and active, and what to do.
 *
 * The IAM and STS calls and the keyring are passed in, so each failure is tested on its own.
 *
 * @module
 */

import { VegasError } from "../errors.ts";
import { maskKeyId, type StoredKey } from "./key_store.ts";

/** What rotation needs from the outside world. */
export interface RotationPorts {
  /** The IAM user's access key ids. */
  listKeys(): Promise<string[]>;
  createKey(): Promise<StoredKey>;
  deleteKey(accessKeyId: string): Promise<void>;
  /** Whether STS accepts `key` yet. */
  works(key: StoredKey): Promise<boolean>;
  /** Replaces the stored key. */
  store(key: StoredKey): Promise<void>;
  /** The key stored now, read back after {@link store} before the old key is deleted. */
  stored(): Promise<StoredKey | undefined>;
  /** Waits between tries; rejects when the run is stopped. */
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** How rotation reports and waits. */
export interface RotationOptions {
  profile: string;
  /** Where the key is stored, for messages. */
  where: string;
  /** How long to wait for the new key to work (default 60 s). */
  waitMs?: number;
  /** Between tries (default 2 s). */
  stepMs?: number;
}

const reason = (error: unknown) => (error as Error).message.replace(/\.$/, "");

/** Rotates `old`; resolves to the new key, stored, with the old one deleted. */
export async function rotateKey(
  old: StoredKey,
  ports: RotationPorts,
  options: RotationOptions,
): Promise<StoredKey> {
  const oldShown = maskKeyId(old.accessKeyId);
  const unchanged = `nothing changed: the old key ${oldShown} stays stored and active`;
  let keys: string[];
  try {
    keys = await ports.listKeys();
  } catch (error) {
    throw new VegasError(
      `Cannot list the access keys of profile ${options.profile}: ${reason(error)}; ${unchanged}`,
    );
  }
  if (keys.length >= 2) {
    const other = keys.find((id) => id !== old.accessKeyId) ?? keys[0];
    throw new VegasError(
      `The IAM user of profile ${options.profile} already has two access keys, the most AWS ` +
        `allows; delete the one not in use (${maskKeyId(other)}) first, e.g. aws iam ` +
        `delete-access-key --access-key-id ${other}; ${unchanged}`,
    );
  }
  let fresh: StoredKey;
  try {
    fresh = await ports.createKey();
  } catch (error) {
    throw new VegasError(
      `CreateAccessKey failed for profile ${options.profile}: ${reason(error)}; ${unchanged}`,
    );
  }
  const freshShown = maskKeyId(fresh.accessKeyId);
  const undo = async (why: string): Promise<never> => {
    try {
      await ports.deleteKey(fresh.accessKeyId);
      throw new VegasError(`${why}; the new key ${freshShown} was deleted again; ${unchanged}`);
    } catch (error) {
      if (error instanceof VegasError) throw error;
      throw new VegasError(
        `${why}; the new key could not be deleted (${reason(error)}): delete it with aws iam ` +
          `delete-access-key --access-key-id ${fresh.accessKeyId}; the old key ${oldShown} stays ` +
          `stored and active`,
      );
    }
  };
  const deadline = ports.now() + (options.waitMs ?? 60_000);
  while (!(await ports.works(fresh).catch(() => false))) {
    if (ports.now() >= deadline) {
      return undo(
        `The new key ${freshShown} of profile ${options.profile} did not work within ` +
          `${Math.round((options.waitMs ?? 60_000) / 1000)} s`,
      );
    }
    try {
      await ports.sleep(options.stepMs ?? 2_000);
    } catch (error) {
      // Stopped (Ctrl-C, SIGTERM): there is no time to delete the new key, so say which it is.
      throw new VegasError(
        `Stopped while waiting for the new key ${freshShown} of profile ${options.profile} to ` +
          `work: it exists in IAM but is not stored; delete it with aws iam delete-access-key ` +
          `--access-key-id ${fresh.accessKeyId}; the old key ${oldShown} stays stored and active`,
        undefined,
        { cause: error },
      );
    }
  }
  try {
    await ports.store(fresh);
  } catch (error) {
    return undo(`Cannot store the new key in ${options.where}: ${reason(error)}`);
  }
  // The old key is deleted only once the keyring is seen to hold the new one: a write lost to
  // another process would otherwise leave only a deleted key stored.
  const kept = await ports.stored().catch(() => undefined);
  if (
    kept?.accessKeyId !== fresh.accessKeyId || kept.secretAccessKey !== fresh.secretAccessKey
  ) {
    const held = kept ? `it holds ${maskKeyId(kept.accessKeyId)}` : "it holds no key for it";
    // Nothing stored at all: put the old key back. Another key someone stored meanwhile stays.
    if (!kept) await ports.store(old).catch(() => {});
    return undo(
      `The new key of profile ${options.profile} was not kept by ${options.where} (${held})`,
    );
  }
  try {
    await ports.deleteKey(old.accessKeyId);
  } catch (error) {
    throw new VegasError(
      `The new key ${freshShown} is stored in ${options.where} and works, but deleting the old ` +
        `key failed (${reason(error)}): it is still active; delete it with aws iam ` +
        `delete-access-key --access-key-id ${old.accessKeyId}`,
    );
  }
  return fresh;
}
