/**
 * AWS accepts each TOTP code once. This remembers, per MFA device, the 30-second step in which a
 * code was last accepted, so the next request waits for a fresh code instead of sending one AWS
 * will refuse. The state file holds step numbers under hashed device names: nothing secret.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { sha256Hex } from "../text/sha256_hex.ts";

/** The length of a TOTP step. */
export const STEP_MS = 30_000;

const KEEP_STEPS = 2 * 60 * 24; // forget devices not used for a day

/** The TOTP step that contains `timeMs`. */
export function totpStep(timeMs: number): number {
  return Math.floor(timeMs / STEP_MS);
}

/** Milliseconds until a code from a later step than `lastStep` is showing; 0 when it already is. */
export function msUntilFreshCode(lastStep: number | undefined, nowMs: number): number {
  if (lastStep === undefined || totpStep(nowMs) > lastStep) return 0;
  return (lastStep + 1) * STEP_MS - nowMs;
}

/** A short hash naming an MFA device in our state files (no serial in plain text). */
export async function deviceKey(serial: string): Promise<string> {
  return (await sha256Hex(serial)).slice(0, 32);
}

async function readSteps(
  deps: Pick<Deps, "readTextFile">,
  file: string,
): Promise<Record<string, number>> {
  try {
    const parsed = JSON.parse((await deps.readTextFile(file)) ?? "{}");
    return typeof parsed === "object" && parsed && typeof parsed.steps === "object"
      ? parsed.steps
      : {};
  } catch {
    return {}; // A damaged file only costs a possible wait.
  }
}

/** The step in which a code of `serial` was last accepted by AWS, if known. */
export async function lastUsedStep(
  deps: Pick<Deps, "readTextFile">,
  file: string,
  serial: string,
): Promise<number | undefined> {
  const step = (await readSteps(deps, file))[await deviceKey(serial)];
  return typeof step === "number" ? step : undefined;
}

/** Records that AWS accepted a code of `serial` obtained in `step`. Never throws. */
export async function recordUsedStep(
  deps: Pick<Deps, "readTextFile" | "writeFileAtomic">,
  file: string,
  serial: string,
  step: number,
): Promise<void> {
  try {
    const steps = await readSteps(deps, file);
    const key = await deviceKey(serial);
    steps[key] = Math.max(step, steps[key] ?? 0);
    for (const [key, value] of Object.entries(steps)) {
      if (typeof value !== "number" || value < step - KEEP_STEPS) delete steps[key];
    }
    await deps.writeFileAtomic(file, JSON.stringify({ version: 1, steps }) + "\n");
  } catch {
    // Losing this record only means a possible wait or retry next time.
  }
}
