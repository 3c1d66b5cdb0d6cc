/**
 * A source profile's own `credential_process`, run by us rather than by the AWS SDK, so that it
 * is bounded (`VEGAS_CREDENTIALS_SOURCE_TIMEOUT`, default 120 s, then its whole process group is
 * killed), its stderr is never shown raw (only its first line, digit runs masked, in an error),
 * and its output is checked like AWS tools check ours.
 *
 * @module
 */

import { secondsSetting } from "../config/env_settings.ts";
import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { commandArgv, maskedFirstLine } from "../text/command_line.ts";
import type { SigningCredentials } from "../credential_types.ts";

/** How long a source's `credential_process` may run, in milliseconds. */
export function sourceTimeoutMs(deps: Pick<Deps, "env">): number {
  return secondsSetting(deps, "VEGAS_CREDENTIALS_SOURCE_TIMEOUT", {
    min: 1,
    max: 3600,
    fallback: 120,
  }) * 1000;
}

/**
 * Runs `command`, the setting `key` (`credential_process`, `web_identity_token_process`) of
 * `where`, bounded by {@link sourceTimeoutMs}; its stdout. Its stderr is only ever shown as a
 * masked first line.
 */
export async function runSourceCommand(
  key: string,
  command: string,
  where: string,
  deps: Pick<Deps, "runProcess" | "os" | "env">,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const timeoutMs = sourceTimeoutMs(deps);
  const [program, args] = commandArgv(command, deps.os);
  let result;
  try {
    result = await deps.runProcess(program, args, { timeoutMs, signal });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied) {
      throw new VegasError(
        `The ${key} of ${where} cannot run: "${program}" is not found or not ` +
          `executable; check the command and your PATH`,
      );
    }
    throw error;
  }
  if (result.timedOut) {
    throw new VegasError(
      `The ${key} of ${where} did not finish within ${timeoutMs / 1000} s and was ` +
        `stopped; set VEGAS_CREDENTIALS_SOURCE_TIMEOUT to wait longer`,
    );
  }
  if (result.code !== 0) {
    const status = result.code === null ? "was killed" : `exited with code ${result.code}`;
    throw new VegasError(`The ${key} of ${where} ${status}${maskedFirstLine(result.stderr)}`);
  }
  return result.stdout;
}

/** Runs `command` (the `credential_process` of `where`) and returns the credentials it printed. */
export async function credentialsFromProcess(
  command: string,
  where: string,
  deps: Pick<Deps, "runProcess" | "os" | "env" | "now">,
  log: Pick<Logger, "addSecret">,
  signal?: AbortSignal,
): Promise<SigningCredentials> {
  const stdout = await runSourceCommand("credential_process", command, where, deps, signal);
  let output: Record<string, unknown>;
  try {
    output = JSON.parse(new TextDecoder().decode(stdout));
  } catch {
    throw new VegasError(
      `The credential_process of ${where} printed no JSON on stdout (it must print ` +
        `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …})`,
    );
  }
  const text = (key: string) => typeof output?.[key] === "string" ? output[key] as string : "";
  if (typeof output.SecretAccessKey === "string") log.addSecret(output.SecretAccessKey);
  if (typeof output.SessionToken === "string") log.addSecret(output.SessionToken);
  if (output?.Version !== 1 || !text("AccessKeyId") || !text("SecretAccessKey")) {
    throw new VegasError(
      `The credential_process of ${where} printed JSON without Version 1, AccessKeyId and ` +
        `SecretAccessKey`,
    );
  }
  const expiration = text("Expiration") ? new Date(text("Expiration")) : undefined;
  if (expiration && !(expiration.getTime() > deps.now())) {
    throw new VegasError(
      `The credential_process of ${where} printed credentials that ${
        Number.isNaN(expiration.getTime()) ? "have an unreadable Expiration" : "have expired"
      }`,
    );
  }
  return {
    accessKeyId: text("AccessKeyId"),
    secretAccessKey: text("SecretAccessKey"),
    sessionToken: text("SessionToken") || undefined,
    expiration,
  };
}
