/**
 * The encrypted credentials cache: one file per entry, named by its key (a hash), sealed with
 * keys derived from the environment fingerprint and a random salt kept in the cache directory.
 * The cache stores an opaque `data` value with its expiry; it never looks inside.
 *
 * Reading (the salt, the keys derived from it and the fingerprint, the entries they open,
 * version 1 boxes too), the salt's creation, writes, discarding, locks, listing and clearing. The
 * cache hit takes the reading steps written flat (src/cli/cache_hit.ts), and is tested against
 * {@link CredentialCache.peek} state by state (tests/cli/cache_hit_test.ts).
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { lockWithin } from "../system/lock_within.ts";
import { distrustedDir } from "../system/private_dir.ts";
import { ENTRY_SUFFIX, SALT_BYTES, SALT_FILE } from "./cache_layout.ts";
import { type CacheEntry, decodeEntry, encodeEntry } from "./entry_codec.ts";
import { fingerprints } from "./fingerprint.ts";
import {
  deriveLegacyBoxKeys,
  LEGACY_BOX_VERSION,
  type LegacyBoxKeys,
  openLegacy,
} from "./legacy_box.ts";
import { deriveBoxKey, open, seal } from "./sealed_box.ts";

export type { CacheEntry } from "./entry_codec.ts";

/** A cache entry file as found on disk. */
export interface ListedEntry {
  key: string;
  /** `undefined` when the entry cannot be read here (corrupt, or from another boot/host). */
  entry?: CacheEntry;
}

/** What the cache uses of the outside world. */
type CacheDeps = Pick<
  Deps,
  | "readFile"
  | "readTextFile"
  | "lstat"
  | "hostname"
  | "uid"
  | "osUptime"
  | "now"
  | "os"
  | "env"
  | "writeFileAtomic"
  | "createFileExclusive"
  | "removeFile"
  | "listDir"
  | "lockFile"
  | "sleep"
>;

/** What the keys of a cache are derived from. */
interface KeyMaterial {
  salt: Uint8Array;
  /** The fingerprints of the boot time candidates, most likely first. */
  prints: string[];
}

/** The cache directory is not ours alone; nothing in it is read or written. */
export class UntrustedCacheError extends Error {
  /** Names the error across module copies. */
  override readonly name = "UntrustedCacheError";
}

/** Thrown when a lock is not obtained in time. */
export class LockTimeoutError extends Error {
  /** Names the error so that {@link isLockTimeout} holds across copies of this module. */
  override readonly name = "LockTimeoutError";
}

/** Whether `error` is a {@link LockTimeoutError}, from this copy of the module or another. */
export function isLockTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "LockTimeoutError";
}

/** The cache in `dir`. `onDiscard` hears why an unreadable entry was dropped. */
export class CredentialCache {
  #material?: Promise<KeyMaterial | undefined>;
  #keys?: Promise<CryptoKey[] | undefined>;
  #distrust?: Promise<string | undefined>;
  #legacyKeys?: Promise<LegacyBoxKeys[] | undefined>;

  /** Creates a cache over `dir`; nothing is read until used. */
  constructor(
    readonly dir: string,
    private readonly deps: CacheDeps,
    private readonly onDiscard: (message: string) => void = () => {},
  ) {}

  /** The path of file `name` in the cache directory. */
  private path(name: string): string {
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

  async #requireTrusted(): Promise<void> {
    const reason = await this.distrust();
    if (reason) {
      throw new UntrustedCacheError(
        `${reason}; remove it, or set XDG_CACHE_HOME to a directory of your own`,
      );
    }
  }

  /** The salt; with `create`, one is made (0600) when there is none or it is damaged. */
  private async salt(create: boolean): Promise<Uint8Array | undefined> {
    const path = this.path(SALT_FILE);
    const existing = await this.deps.readFile(path);
    if (existing?.length === SALT_BYTES) return existing;
    if (!create) return undefined;
    const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    if (existing !== undefined) {
      // A damaged salt makes every entry unreadable anyway: replace it.
      await this.deps.writeFileAtomic(path, salt);
      return salt;
    }
    if (await this.deps.createFileExclusive(path, salt)) return salt;
    // Another process created it first: use theirs.
    return this.salt(false);
  }

  /** The salt and the fingerprints; `undefined` while there is no salt. */
  private keyMaterial(create: boolean): Promise<KeyMaterial | undefined> {
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
  private boxKeys(create: boolean): Promise<CryptoKey[] | undefined> {
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

  /** The keys of version 1 boxes, derived only when one is met. */
  #legacyBoxKeys(): Promise<LegacyBoxKeys[] | undefined> {
    const known = this.#legacyKeys;
    this.#legacyKeys = (async () => {
      const found = await known?.catch(() => undefined);
      if (found) return found;
      const material = await this.keyMaterial(false);
      return material &&
        Promise.all(material.prints.map((print) => deriveLegacyBoxKeys(print, material.salt)));
    })();
    return this.#legacyKeys;
  }

  /** The entry in a current box, stored under `key`; `undefined` when it does not open here. */
  async #openCurrent(key: string, box: Uint8Array): Promise<CacheEntry | undefined> {
    for (const candidate of await this.boxKeys(false) ?? []) {
      const plain = await open(candidate, key, box);
      if (plain) return decodeEntry(plain);
    }
    return undefined;
  }

  /** The entry in `box`, a current or a version 1 box; `undefined` when it does not open here. */
  private async decrypt(key: string, box: Uint8Array): Promise<CacheEntry | undefined> {
    if (box[0] !== LEGACY_BOX_VERSION) return this.#openCurrent(key, box);
    for (const candidate of await this.#legacyBoxKeys() ?? []) {
      const plain = await openLegacy(candidate, key, box);
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

  /** Reads an entry; a missing one is `undefined`, an unreadable one is discarded and `undefined`. */
  async read(key: string): Promise<CacheEntry | undefined> {
    const path = this.path(key + ENTRY_SUFFIX);
    await this.#requireTrusted();
    // Derive the keys (salt, boot time, HKDF) while the entry is read.
    this.boxKeys(false).catch(() => {});
    let box: Uint8Array | undefined;
    let unsafe = false;
    try {
      box = await this.deps.readFile(path);
    } catch (error) {
      if (!(error instanceof Error && error.name === "UnsafeFileError")) throw error;
      // A FIFO, symlink or oversized file where an entry belongs: never read, removed.
      unsafe = true;
    }
    if (box === undefined && !unsafe) return undefined;
    const entry = box && await this.decrypt(key, box);
    if (!entry) {
      this.onDiscard(
        "Discarded a cache entry that cannot be read here (damaged, or written before a reboot or on another host or user)",
      );
      await this.deps.removeFile(path).catch(() => {});
    }
    return entry;
  }

  /**
   * Writes an entry atomically; `memo` for a shortcut (a hit or list memo), which is not synced
   * to disk: a crash may lose it, costing the next run its shortcut, but never tear it.
   */
  async write(key: string, entry: CacheEntry, memo = false): Promise<void> {
    await this.#requireTrusted();
    const keys = await this.boxKeys(true);
    const box = await seal(keys![0], key, encodeEntry(entry));
    await this.deps.writeFileAtomic(this.path(key + ENTRY_SUFFIX), box, { durable: !memo });
  }

  /**
   * Writes an entry atomically, but only into a cache that is trusted and has its salt already:
   * for what a reading command keeps (the list memo), which must not create a cache. Resolves
   * to whether it wrote.
   */
  async writeIfKeyed(key: string, entry: CacheEntry): Promise<boolean> {
    if (await this.distrust()) return false;
    const keys = await this.boxKeys(false);
    if (!keys) return false;
    const box = await seal(keys[0], key, encodeEntry(entry));
    // Not synced, as a memo written by `write`.
    await this.deps.writeFileAtomic(this.path(key + ENTRY_SUFFIX), box, { durable: false });
    return true;
  }

  /** The path of the file that holds the entry stored under `key`. */
  entryPath(key: string): string {
    return this.path(key + ENTRY_SUFFIX);
  }

  /** Removes an entry. */
  remove(key: string): Promise<void> {
    return this.deps.removeFile(this.path(key + ENTRY_SUFFIX));
  }

  /** Every entry file, decrypted where possible. */
  async list(): Promise<ListedEntry[]> {
    await this.#requireTrusted();
    const names = (await this.deps.listDir(this.dir)).filter((name) => name.endsWith(ENTRY_SUFFIX));
    return Promise.all(names.map(async (name) => {
      const key = name.slice(0, -ENTRY_SUFFIX.length);
      // An unsafe file (FIFO, symlink, oversized) counts as unreadable.
      const box = await this.deps.readFile(this.path(name)).catch((error) => {
        if (error instanceof Error && error.name === "UnsafeFileError") return undefined;
        throw error;
      });
      return { key, entry: box ? await this.decrypt(key, box) : undefined };
    }));
  }

  /** Removes every entry and lock file, keeping the salt. Returns how many entries went. */
  async clear(): Promise<number> {
    const names = await this.deps.listDir(this.dir);
    await Promise.all(
      names.filter((name) =>
        name.endsWith(ENTRY_SUFFIX) || name.endsWith(".lock") || name.endsWith(".tmp")
      )
        .map((name) => this.deps.removeFile(this.path(name))),
    );
    return names.filter((name) => name.endsWith(ENTRY_SUFFIX)).length;
  }

  /**
   * Takes the lock of `key`, waiting for another process that holds it for at most `timeoutMs`.
   * Resolves to the release function.
   */
  async lock(key: string, timeoutMs: number): Promise<() => void> {
    await this.#requireTrusted();
    return lockWithin(
      this.deps,
      this.path(key + ".lock"),
      timeoutMs,
      () => new LockTimeoutError(`lock not obtained within ${Math.round(timeoutMs / 1000)} s`),
    );
  }
}
