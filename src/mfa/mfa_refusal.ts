/**
 * A short memory of an MFA prompt that timed out or was cancelled. The AWS SDK for JavaScript's
 * default chain runs a failing `credential_process` twice in a row (`fromIni`, then
 * `fromProcess`, reporting only "Could not load credentials from any providers"); without this, the
 * user who just pressed Ctrl-C, or walked away, would be asked a second time. A run within a few
 * seconds of such a refusal, for the same MFA device, fails at once and says why.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { deviceKey } from "./code_reuse_guard.ts";

/** How long a refusal is remembered. */
export const REFUSAL_MEMORY_MS = 5_000;

/** A remembered refusal. */
export interface Refusal {
  /** What happened, as the failing run said it. */
  reason: string;
  at: number;
}

/** The refusal for `serial` still remembered at `now`, if any. */
export async function recentRefusal(
  deps: Pick<Deps, "readTextFile" | "now">,
  file: string,
  serial: string,
): Promise<Refusal | undefined> {
  try {
    const saved = JSON.parse((await deps.readTextFile(file)) ?? "null");
    const age = deps.now() - Number(saved?.at);
    if (saved?.device !== await deviceKey(serial) || !(age >= 0 && age < REFUSAL_MEMORY_MS)) {
      return undefined;
    }
    return typeof saved.reason === "string" ? { reason: saved.reason, at: saved.at } : undefined;
  } catch {
    return undefined; // A damaged file only means being asked again.
  }
}

/** Remembers that the prompt for `serial` just ended with `reason`. Never throws. */
export async function recordRefusal(
  deps: Pick<Deps, "writeFileAtomic" | "now">,
  file: string,
  serial: string,
  reason: string,
): Promise<void> {
  try {
    const saved = { device: await deviceKey(serial), reason, at: deps.now() };
    await deps.writeFileAtomic(file, JSON.stringify(saved) + "\n");
  } catch {
    // Losing this only means being asked again.
  }
}

/** Forgets any refusal (a code was given). Never throws. */
export async function clearRefusal(deps: Pick<Deps, "removeFile">, file: string): Promise<void> {
  await deps.removeFile(file).catch(() => {});
}
