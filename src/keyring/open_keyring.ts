/**
 * Picks the keyring: `VEGAS_CREDENTIALS_KEYRING` when set, else this system's own (the macOS
 * Keychain, the Windows Credential Manager, the Secret Service on Linux and BSD).
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { ConfigError } from "../errors.ts";
import { openFileStore } from "./file_store.ts";
import { KEYRING_BACKENDS, type KeyringBackend, type KeyStore } from "./key_store.ts";
import { openOsStore } from "./os_store.ts";

/** The backend `VEGAS_CREDENTIALS_KEYRING` asks for, or this system's. */
export function keyringBackend(deps: Pick<Deps, "env" | "os">): KeyringBackend {
  const chosen = deps.env("VEGAS_CREDENTIALS_KEYRING");
  if (chosen) {
    if (!(KEYRING_BACKENDS as readonly string[]).includes(chosen)) {
      throw new ConfigError(
        `Environment variable VEGAS_CREDENTIALS_KEYRING "${chosen.slice(0, 40)}" is not one of ` +
          `${KEYRING_BACKENDS.join(", ")}`,
      );
    }
    return chosen as KeyringBackend;
  }
  return deps.os === "darwin" ? "keychain" : deps.os === "windows" ? "wincred" : "secret-service";
}

/** Opens the keyring; throws one clear line when it cannot be reached here. */
export async function openKeyring(deps: Deps, signal?: AbortSignal): Promise<KeyStore> {
  const backend = keyringBackend(deps);
  return backend === "file" ? openFileStore(deps, signal) : await openOsStore(backend, deps);
}
