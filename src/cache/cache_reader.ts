/**
 * Reading the encrypted credentials cache: the salt, the keys derived from it and the
 * environment fingerprint, and the entries they open. `CredentialCache` (credential_cache.ts)
 * adds writing, locks, housekeeping and the boxes of version 1 (legacy_box.ts). The cache hit
 * takes the same steps written flat (src/cli/cache_hit.ts), and is tested against this.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { distrustedDir } from "../system/private_dir.ts";
import { type CacheEntry, decodeEntry } from "./entry_codec.ts";
import { fingerprints } from "./fingerprint.ts";
import { deriveBoxKey, open } from "./sealed_box.ts";

/** What reading the cache uses of the outside world. */
export type CacheReaderDeps = Pick<
  Deps,
  "readFile" | "readTextFile" | "lstat" | "hostname" | "uid" | "osUptime" | "now" | "os" | "env"
>;

/** The suffix of entry files. */
export const ENTRY_SUFFIX = ".entry";
/** The name of the salt file in the cache directory. */
export const SALT_FILE = "salt";
/** The length of the salt. */
export const SALT_BYTES = 32;

/** What the keys of a cache are derived from. */
export interface KeyMaterial {
  salt: Uint8Array;
  /** The fingerprints of the boot time candidates, most likely first. */
  prints: string[];
}

/** Reads the cache in `dir`; nothing is read until used. */
export class CacheReader {
  #material?: Promise<KeyMaterial | undefined>;
  #keys?: Promise<CryptoKey[] | undefined>;
  #distrust?: Promise<string | undefined>;

  /** Creates a reader of `dir`. */
  constructor(readonly dir: string, protected readonly deps: CacheReaderDeps) {}

  /** The path of file `name` in the cache directory. */
  protected path(name: string): string {
    return `${this.dir}/${name}`;
  }

  /**
   * Why the cache directory cannot be trusted, if it cannot: another user's directory, one that
   * others may write, or a symlink would let someone plant entries or a salt of their choosing.
   */
  distrust(): Promise<string | undefined> {
    this.#distrust ??= distrustedDir(this.dir, this.deps);
    return this.#distrust;
  }

  /**
   * The salt, or `undefined` while there is none. A reader never makes one;
   * {@link CredentialCache} does when `create` is set.
   */
  protected async salt(_create: boolean): Promise<Uint8Array | undefined> {
    const existing = await this.deps.readFile(this.path(SALT_FILE));
    return existing?.length === SALT_BYTES ? existing : undefined;
  }

  /** The salt and the fingerprints; `undefined` while there is no salt. */
  protected keyMaterial(create: boolean): Promise<KeyMaterial | undefined> {
    // Only found material is remembered: while there is no salt, every call looks again,
    // because a parallel process may create it at any moment.
    const known = this.#material;
    this.#material = known
      ? known.catch(() => undefined).then((found) => found ?? this.#readMaterial(create))
      : this.#readMaterial(create);
    return this.#material;
  }

  async #readMaterial(create: boolean): Promise<KeyMaterial | undefined> {
    const salt = await this.salt(create);
    return salt && { salt, prints: await fingerprints(this.deps) };
  }

  /** The keys of current boxes, one per boot time candidate; `undefined` without a salt. */
  protected boxKeys(create: boolean): Promise<CryptoKey[] | undefined> {
    const known = this.#keys;
    this.#keys = known
      ? known.catch(() => undefined).then((found) => found ?? this.#deriveKeys(create))
      : this.#deriveKeys(create);
    return this.#keys;
  }

  async #deriveKeys(create: boolean): Promise<CryptoKey[] | undefined> {
    const material = await this.keyMaterial(create);
    return material &&
      Promise.all(material.prints.map((print) => deriveBoxKey(print, material.salt)));
  }

  /** The entry in `box`, stored under `key`; `undefined` when it does not open here. */
  protected async decrypt(key: string, box: Uint8Array): Promise<CacheEntry | undefined> {
    for (const candidate of await this.boxKeys(false) ?? []) {
      const plain = await open(candidate, key, box);
      if (plain) return decodeEntry(plain);
    }
    return undefined;
  }

  /**
   * Starts deriving the keys (salt, boot time, HKDF) in the background, so that the work
   * overlaps whatever the caller does before reading: Web Crypto runs on other threads.
   */
  prepare(): void {
    this.boxKeys(false).catch(() => {});
  }

  /** Reads an entry without ever removing it: `undefined` when missing or unreadable. */
  async peek(key: string): Promise<CacheEntry | undefined> {
    this.boxKeys(false).catch(() => {});
    if (await this.distrust()) return undefined;
    const box = await this.deps.readFile(this.path(key + ENTRY_SUFFIX)).catch(() => undefined);
    return box === undefined ? undefined : this.decrypt(key, box);
  }
}
