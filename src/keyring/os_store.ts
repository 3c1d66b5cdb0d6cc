/**
 * The operating system's keyring through `@napi-rs/keyring` (keyring-rs): the macOS Keychain,
 * the Windows Credential Manager, the Linux Secret Service (GNOME Keyring, KWallet). Loaded only
 * when a command needs it, never on a cache hit.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import {
  decodeKey,
  encodeKey,
  KEYRING_SERVICE,
  type KeyringBackend,
  type KeyStore,
} from "./key_store.ts";

/** A keyring that does not answer in this long is reported (it may wait for an unlock dialog). */
const KEYRING_TIMEOUT_MS = 30_000;

const NAMES: Record<Exclude<KeyringBackend, "file">, string> = {
  "keychain": "the macOS Keychain",
  "wincred": "the Windows Credential Manager",
  "secret-service": "the Secret Service (GNOME Keyring, KWallet)",
};

/** Opens the OS keyring `backend`; throws at once when this session cannot reach it. */
export async function openOsStore(
  backend: Exclude<KeyringBackend, "file">,
  deps: Pick<Deps, "env" | "os">,
): Promise<KeyStore> {
  const where = NAMES[backend];
  const wanted = { keychain: "darwin", wincred: "windows", "secret-service": "linux" }[backend];
  if (deps.os !== wanted) {
    throw new VegasError(
      `VEGAS_CREDENTIALS_KEYRING=${backend}: ${where} is not available on ${deps.os}; use ` +
        `VEGAS_CREDENTIALS_KEYRING=file, or leave it unset for this system's keyring`,
    );
  }
  if (backend === "secret-service" && !deps.env("DBUS_SESSION_BUS_ADDRESS")) {
    throw new VegasError(
      "No Secret Service on this session (DBUS_SESSION_BUS_ADDRESS is unset, as over SSH or in " +
        "a container); use VEGAS_CREDENTIALS_KEYRING=file for the encrypted-file keyring, or " +
        "log in to a desktop session",
    );
  }
  const keyring = await import("@napi-rs/keyring");
  const bounded = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        work(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new VegasError(
                  `${where} did not answer in ${KEYRING_TIMEOUT_MS / 1000} s while ${what} ` +
                    `(is it locked, waiting for a password dialog?); unlock it and try again`,
                ),
              ),
            KEYRING_TIMEOUT_MS,
          );
          Deno.unrefTimer(timer);
        }),
      ]);
    } catch (error) {
      if (error instanceof VegasError) throw error;
      throw new VegasError(
        `Cannot use ${where} while ${what}: ${(error as Error).message}` +
          (backend === "secret-service"
            ? "; check that a keyring daemon runs and is unlocked, or use " +
              "VEGAS_CREDENTIALS_KEYRING=file"
            : ""),
      );
    } finally {
      clearTimeout(timer);
    }
  };
  const entry = (profile: string) => new keyring.AsyncEntry(KEYRING_SERVICE, profile);
  return {
    backend,
    where,
    get: (profile) =>
      bounded(
        `reading the key of profile ${profile}`,
        async () => decodeKey(await entry(profile).getPassword()),
      ),
    set: (profile, key) =>
      bounded(`storing the key of profile ${profile}`, async () => {
        await entry(profile).setPassword(encodeKey(key));
      }),
    remove: (profile) =>
      bounded(`removing the key of profile ${profile}`, async () => {
        if ((await entry(profile).getPassword()) == null) return false;
        return Boolean(await entry(profile).deletePassword());
      }),
    list: () =>
      bounded("listing its items", async () => {
        const found = await keyring.findCredentialsAsync(KEYRING_SERVICE);
        return found.map((item: { account: string }) => item.account).sort();
      }),
  };
}
