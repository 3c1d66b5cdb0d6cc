/**
 * The encrypted-file keyring, for machines without an OS keyring (headless Linux, containers):
 * one file, 0600 in a 0700 directory of ours, holding every profile's key sealed with AES-256-GCM
 * under a key derived from a passphrase with PBKDF2-HMAC-SHA-256 (600 000 iterations, OWASP's
 * figure for it) and a random salt. The passphrase comes from `VEGAS_CREDENTIALS_FILE_PASSPHRASE`,
 * else from the terminal. Every write uses a fresh IV and replaces the file atomically, and every
 * read-modify-write happens under one lock file beside it (bounded by
 * `VEGAS_CREDENTIALS_LOCK_TIMEOUT`; the kernel lets go of a dead holder's lock), re-reading the
 * file under the lock, so that parallel `add`s and a `rotate` never lose each other's keys. The
 * passphrase is asked before the lock is taken, never while holding it.
 *
 * @module
 */

import { lockTimeoutMs } from "../config/env_settings.ts";
import { dataDir, displayPath } from "../config/paths.ts";
import type { Deps } from "../deps.ts";
import { isVegasError, VegasError } from "../errors.ts";
import { lockWithin } from "../system/lock_within.ts";
import { distrustedDir } from "../system/private_dir.ts";
import { decodeKey, encodeKey, type KeyStore, type StoredKey } from "./key_store.ts";
import { askSecrets } from "./secret_input.ts";

/** The passphrase variable. */
export const PASSPHRASE_VARIABLE = "VEGAS_CREDENTIALS_FILE_PASSPHRASE";
/** PBKDF2 iterations for new files. */
export const PBKDF2_ITERATIONS = 600_000;
/**
 * The most PBKDF2 iterations a file may ask for (about ten seconds here): a damaged or planted
 * `iterations` field must not hang every read.
 */
export const MAX_PBKDF2_ITERATIONS = 10 * PBKDF2_ITERATIONS;
const FORMAT = "vegas-credentials keyring";
const AAD = new TextEncoder().encode(`${FORMAT} 1`);

/** The file as stored. */
interface KeyringFile {
  format: string;
  version: 1;
  kdf: { name: "PBKDF2"; hash: "SHA-256"; iterations: number; salt: string };
  cipher: { name: "AES-256-GCM"; iv: string };
  data: string;
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const base = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(passphrase),
    "PBKDF2",
    false,
    ["deriveKey"],
  );
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

type FileDeps = Pick<
  Deps,
  | "env"
  | "os"
  | "readFile"
  | "writeFileAtomic"
  | "lstat"
  | "uid"
  | "openTerminal"
  | "lockFile"
  | "sleep"
>;

/** Whether `file` has the shape this version writes, with KDF parameters within bounds. */
function wellFormed(file: KeyringFile): boolean {
  const base64 = (text: unknown) => typeof text === "string" && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
  return file.format === FORMAT && file.version === 1 && file.kdf?.name === "PBKDF2" &&
    file.kdf.hash === "SHA-256" && Number.isInteger(file.kdf.iterations) &&
    file.kdf.iterations >= 1 && file.kdf.iterations <= MAX_PBKDF2_ITERATIONS &&
    base64(file.kdf.salt) && file.cipher?.name === "AES-256-GCM" && base64(file.cipher.iv) &&
    base64(file.data);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/** The derived key of one keyring file, with what it was derived from. */
interface Unlocked {
  key: CryptoKey;
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
}

/** Asks for the passphrase on the terminal (twice when `creating`); fails without one. */
async function askPassphrase(
  where: string,
  creating: boolean,
  deps: FileDeps,
  signal?: AbortSignal,
): Promise<string> {
  const labels = creating
    ? ["New passphrase for the file keyring (not shown): ", "The same passphrase again: "]
    : ["Passphrase of the file keyring (not shown): "];
  const answers = await askSecrets(labels, deps, signal);
  if (!answers) {
    throw new VegasError(
      `${where} needs its passphrase, and there is no terminal to ask; set ${PASSPHRASE_VARIABLE}`,
    );
  }
  if (answers[0] === "") throw new VegasError("An empty passphrase is not accepted");
  if (creating && answers[0] !== answers[1]) {
    throw new VegasError("The two passphrases differ; nothing was stored");
  }
  return answers[0];
}

/** The keyring file in `bytes`, checked; one line naming `where` when it is not one. */
function parseKeyringFile(bytes: Uint8Array, where: string): KeyringFile {
  try {
    const file = JSON.parse(new TextDecoder().decode(bytes));
    if (wellFormed(file)) return file;
  } catch {
    // Said below.
  }
  throw new VegasError(
    `${where} is damaged or not a keyring file (its format, or its kdf or cipher fields ` +
      `with at most ${MAX_PBKDF2_ITERATIONS} iterations); restore it from a backup, or move ` +
      `it away`,
  );
}

/** The items sealed in `file` with `key`; `undefined` when the key does not open it. */
async function openItems(
  file: KeyringFile,
  key: CryptoKey,
): Promise<Map<string, StoredKey> | undefined> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: unb64(file.cipher.iv), additionalData: AAD },
      key,
      unb64(file.data),
    );
  } catch {
    return undefined;
  }
  const items = new Map<string, StoredKey>();
  for (const [name, text] of Object.entries(JSON.parse(new TextDecoder().decode(plain)))) {
    const stored = decodeKey(text as string);
    if (stored) items.set(name, stored);
  }
  return items;
}

/** The file that seals `items` with `unlocked`, under a fresh IV. */
async function sealItems(items: Map<string, StoredKey>, unlocked: Unlocked): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(
    JSON.stringify(Object.fromEntries([...items].map(([name, key]) => [name, encodeKey(key)]))),
  );
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: AAD }, unlocked.key, plain),
  );
  plain.fill(0);
  const file: KeyringFile = {
    format: FORMAT,
    version: 1,
    kdf: {
      name: "PBKDF2",
      hash: "SHA-256",
      iterations: unlocked.iterations,
      salt: b64(unlocked.salt),
    },
    cipher: { name: "AES-256-GCM", iv: b64(iv) },
    data: b64(sealed),
  };
  return JSON.stringify(file) + "\n";
}

/** Runs `change` holding the keyring's lock (`lockPath`), within the lock timeout. */
async function underLock<T>(
  lockPath: string,
  where: string,
  deps: FileDeps,
  change: () => Promise<T>,
): Promise<T> {
  const timeoutMs = lockTimeoutMs(deps);
  const release = await lockWithin(deps, lockPath, timeoutMs, () =>
    new VegasError(
      `${where} is being changed by another vegas-credentials process, which did not finish ` +
        `within ${Math.round(timeoutMs / 1000)} s; try again, or raise ` +
        `VEGAS_CREDENTIALS_LOCK_TIMEOUT`,
    )).catch((error) => {
      if (isVegasError(error)) throw error;
      throw new VegasError(`Cannot lock ${where}: ${(error as Error).message}`);
    });
  try {
    return await change();
  } finally {
    release();
  }
}

/** Opens the file keyring (nothing is read until used). */
export function openFileStore(deps: FileDeps, signal?: AbortSignal): KeyStore {
  const dir = dataDir(deps);
  const path = `${dir}/keyring`;
  const where = `the file keyring ${displayPath(deps, path)}`;
  let unlocked: Unlocked | undefined;
  /** The passphrase once given, so that a file another process rewrote can be opened again. */
  let given: string | undefined;
  const passphrase = async (creating: boolean) =>
    deps.env(PASSPHRASE_VARIABLE) || (given ??= await askPassphrase(where, creating, deps, signal));

  const locked = <T>(change: () => Promise<T>) => underLock(`${path}.lock`, where, deps, change);

  const load = async (): Promise<Map<string, StoredKey> | undefined> => {
    const reason = await distrustedDir(dir, deps);
    if (reason) {
      throw new VegasError(
        `${where} is not used: its directory ${displayPath(deps, dir)} ${
          reason.replace(/^it /, "")
        }; make it yours alone (chmod 700), or set XDG_DATA_HOME`,
      );
    }
    const bytes = await deps.readFile(path).catch((error) => {
      throw new VegasError(`Cannot read ${where}: ${(error as Error).message}`);
    });
    if (bytes === undefined) return undefined;
    const file = parseKeyringFile(bytes, where);
    const salt = unb64(file.kdf.salt);
    // The key derived before serves while the file keeps its salt and iterations; another
    // process may have created the file anew since.
    const key = unlocked && sameBytes(unlocked.salt, salt) &&
        unlocked.iterations === file.kdf.iterations
      ? unlocked.key
      : await deriveKey(await passphrase(false), salt, file.kdf.iterations);
    const items = await openItems(file, key);
    if (!items) throw new VegasError(`Wrong passphrase for ${where} (or the file was changed)`);
    unlocked = { key, salt, iterations: file.kdf.iterations };
    return items;
  };

  const save = async (items: Map<string, StoredKey>): Promise<void> => {
    if (!unlocked) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const key = await deriveKey(await passphrase(true), salt, PBKDF2_ITERATIONS);
      unlocked = { key, salt, iterations: PBKDF2_ITERATIONS };
    }
    await deps.writeFileAtomic(path, await sealItems(items, unlocked));
  };

  /**
   * Changes the items under the lock, re-read under it; the passphrase is asked before. `edit`
   * says whether it changed anything; without a file, only an edit that `creates` makes one.
   */
  const change = async (
    edit: (items: Map<string, StoredKey>) => boolean,
    creates: boolean,
  ): Promise<boolean> => {
    if ((await load()) === undefined) {
      if (!creates) return false;
      if (!unlocked) await passphrase(true);
    }
    return locked(async () => {
      const items = await load();
      if (!items && !creates) return false;
      const edited = items ?? new Map();
      if (!edit(edited)) return false;
      await save(edited);
      return true;
    });
  };

  return {
    backend: "file",
    where,
    async get(profile) {
      return (await load())?.get(profile);
    },
    async set(profile, key) {
      await change((items) => Boolean(items.set(profile, key)), true);
    },
    remove: (profile) => change((items) => items.delete(profile), false),
    async list() {
      return [...((await load())?.keys() ?? [])].sort();
    },
  };
}
