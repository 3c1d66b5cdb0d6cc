/**
 * Where long-term access keys are kept instead of `~/.aws/credentials`: one item per profile,
 * service `vegas-credentials`, account the profile name, holding the key id and secret.
 *
 * @module
 */

/** The keyring service name of every item. */
export const KEYRING_SERVICE = "vegas-credentials";

/** The backends, as `VEGAS_CREDENTIALS_KEYRING` names them. */
export const KEYRING_BACKENDS = ["keychain", "wincred", "secret-service", "file"] as const;

/** One of {@link KEYRING_BACKENDS}. */
export type KeyringBackend = (typeof KEYRING_BACKENDS)[number];

/** A long-term access key. */
export interface StoredKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A keyring. Every method may throw a {@link VegasError} that says what failed. */
export interface KeyStore {
  backend: KeyringBackend;
  /** Where the items are, for messages: `the Secret Service`, `~/.local/share/…/keyring`. */
  where: string;
  get(profile: string): Promise<StoredKey | undefined>;
  set(profile: string, key: StoredKey): Promise<void>;
  /** Whether there was an item to remove. */
  remove(profile: string): Promise<boolean>;
  /** The profiles that have an item. */
  list(): Promise<string[]>;
}

/** The item's secret text. */
export function encodeKey(key: StoredKey): string {
  return JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey });
}

/** The key in an item's secret text, or `undefined` when it is not one of ours. */
export function decodeKey(text: string | null | undefined): StoredKey | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text);
    if (typeof value?.AccessKeyId === "string" && typeof value?.SecretAccessKey === "string") {
      return { accessKeyId: value.AccessKeyId, secretAccessKey: value.SecretAccessKey };
    }
  } catch {
    // Not ours.
  }
  return undefined;
}

/** `AKIA…WXYZ`: enough to recognise a key, never enough to use it. */
export function maskKeyId(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : "…";
}
