/**
 * `include_profile` (as in aws-vault): a profile's settings are its own, on top of those of the
 * profile it includes, recursively. The AWS CLI ignores the key; only vegas-credentials reads it.
 *
 * @module
 */

import { ConfigError } from "../errors.ts";
import type { ProfileSettings, SharedConfig } from "./shared_config.ts";

/**
 * The deepest `include_profile` nesting followed: far beyond any real config, and short enough
 * that a planted 3 000-deep chain is one clear line instead of a stack overflow.
 */
export const MAX_INCLUDE_DEPTH = 32;

/** `a → b → … → y → z`: a long chain of names, cut in the middle for a message. */
export function chainText(names: readonly string[]): string {
  const shown = names.length > 8 ? [...names.slice(0, 4), "…", ...names.slice(-3)] : names;
  return shown.join(" → ");
}

/** The settings of `name` with everything it includes mixed in (its own win); loops are errors. */
export function effectiveSettings(
  config: SharedConfig,
  name: string,
  seen: string[] = [],
): ProfileSettings | undefined {
  const own = config.profiles.get(name);
  if (!own) return undefined;
  const include = own.get("include_profile");
  if (!include) return own;
  const chain = [...seen, name];
  if (chain.includes(include.value)) {
    throw new ConfigError(
      `${include.file} line ${include.line}: profile "${name}": include_profile loops: ` +
        `${chainText([...chain, include.value])}; remove one of the include_profile keys`,
    );
  }
  if (chain.length >= MAX_INCLUDE_DEPTH) {
    throw new ConfigError(
      `${include.file} line ${include.line}: profile "${name}": include_profile nests more than ` +
        `${MAX_INCLUDE_DEPTH} profiles deep (${chainText([...chain, include.value])}); include ` +
        `the shared settings from fewer levels`,
    );
  }
  const included = effectiveSettings(config, include.value, chain);
  if (!included) {
    throw new ConfigError(
      `${include.file} line ${include.line}: profile "${name}": include_profile "${include.value}" ` +
        `names no profile in ${config.configFile} or ${config.credentialsFile}`,
    );
  }
  const merged: ProfileSettings = new Map(included);
  for (const [key, value] of own) merged.set(key, value);
  merged.delete("include_profile");
  return merged;
}
