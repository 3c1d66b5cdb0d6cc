/**
 * Whether to use colour: not with `--no-color`, `NO_COLOR`, `VEGAS_CREDENTIALS_NO_COLOR` or
 * `TERM=dumb`.
 *
 * @module
 */

import type { Deps } from "../deps.ts";

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** Colour is allowed by the flags and environment (the output must still be a terminal). */
export function colorAllowed(noColorFlag: boolean, deps: Pick<Deps, "env">): boolean {
  if (noColorFlag) return false;
  // no-color.org: NO_COLOR disables colour whenever it is present and not empty.
  const noColor = deps.env("NO_COLOR");
  if (noColor !== undefined && noColor !== "") return false;
  if (isSet(deps.env("VEGAS_CREDENTIALS_NO_COLOR"))) return false;
  return deps.env("TERM") !== "dumb";
}
