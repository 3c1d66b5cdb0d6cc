/**
 * The encrypted-file keyring, for machines without an OS keyring (headless Linux, containers):
 * one file, 0600 in a 0700 directory of ours, holding every profile's key sealed with AES-256-GCM
 * under a key derived from a passphrase with PBKDF2-HMAC-SHA-256 (600 000 iterations, OWASP's
 * figure for it) and a random salt. The passphrase comes from `VEGAS_CREDENTIALS_FILE_PASSPHRASE`,
 * else from the terminal. Every write uses a fresh IV and replaces the file atomically.
 *
 * @module
 */

import { dataDir, displayPath } from "../config/paths.ts";
import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import { distrustedDir } from "../system/private_dir.ts";
import { decodeKey, encodeKey, type KeyStore, type StoredKey } from "./key_store.ts";
import { askSecrets } from "./secret_input.ts";

/** The passphrase variable. */
export const PASSPHRASE_VARIABLE = "VEGAS_CREDENTIALS_FILE_PASSPHRASE";
/** PBKDF2 iterations for new files. */
export const PBKDF2_ITERATIONS = 600_000;
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
  "env" | "os" | "readFile" | "writeFileAtomic" | "lstat" | "uid" | "openTerminal"
>;

/** Opens the file keyring (nothing is read until used). */
export function openFileStore(deps: FileDeps, signal?: AbortSignal): KeyStore {
  const dir = dataDir(deps);
  const path = `${dir}/keyring`;
  const where = `the file keyring ${displayPath(deps, path)}`;
  let unlocked: { key: CryptoKey; salt: Uint8Array<ArrayBuffer>; iterations: number } | undefined;

  const passphrase = async (creating: boolean): Promise<string> => {
    const fromEnv = deps.env(PASSPHRASE_VARIABLE);
    if (fromEnv) return fromEnv;
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
  };

  const load = async (): Promise<Map<string, StoredKey> | undefined> => {
    const reason = await distrustedDir(dir, deps);
    if (reason) {
      throw new VegasError(
        `${where} is not used: its directory ${displayPath(deps, dir)} ${
          reason.replace(/^it /, "")
        }; make it yours alone (chmod 700), or set XDG_DATA_HOME`,
      );
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await deps.readFile(path);
    } catch (error) {
      throw new VegasError(`Cannot read ${where}: ${(error as Error).message}`);
    }
    if (bytes === undefined) return undefined;
    let file: KeyringFile;
    try {
      file = JSON.parse(new TextDecoder().decode(bytes));
      if (file.format !== FORMAT || file.version !== 1) throw new Error("unknown format");
    } catch {
      throw new VegasError(
        `${where} is damaged or not a keyring file; restore it from a backup, or move it away`,
      );
    }
    const salt = unb64(file.kdf.salt);
    const key = unlocked?.key ??
      await deriveKey(await passphrase(false), salt, file.kdf.iterations);
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: unb64(file.cipher.iv), additionalData: AAD },
        key,
        unb64(file.data),
      );
    } catch {
      throw new VegasError(`Wrong passphrase for ${where} (or the file was changed)`);
    }
    unlocked = { key, salt, iterations: file.kdf.iterations };
    const items = new Map<string, StoredKey>();
    for (const [name, text] of Object.entries(JSON.parse(new TextDecoder().decode(plain)))) {
      const stored = decodeKey(text as string);
      if (stored) items.set(name, stored);
    }
    return items;
  };

  const save = async (items: Map<string, StoredKey>): Promise<void> => {
    if (!unlocked) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      unlocked = {
        key: await deriveKey(await passphrase(true), salt, PBKDF2_ITERATIONS),
        salt,
        iterations: PBKDF2_ITERATIONS,
      };
    }
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(
      JSON.stringify(Object.fromEntries([...items].map(([name, key]) => [name, encodeKey(key)]))),
    );
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: AAD },
        unlocked.key,
        plain,
      ),
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
    await deps.writeFileAtomic(path, JSON.stringify(file) + "\n");
  };

  return {
    backend: "file",
    where,
    async get(profile) {
      return (await load())?.get(profile);
    },
    async set(profile, key) {
      const items = (await load()) ?? new Map();
      items.set(profile, key);
      await save(items);
    },
    async remove(profile) {
      const items = await load();
      if (!items?.delete(profile)) return false;
      await save(items);
      return true;
    },
    async list() {
      return [...((await load())?.keys() ?? [])].sort();
    },
  };
}
