/**
 * `include_profile` (as in aws-vault): a profile's settings are its own, on top of those of the
 * profile it includes, recursively. The AWS CLI ignores the key; only vegas-credentials reads it.
 *
 * @module
 */

import { ConfigError } from "../errors.ts";
import type { ProfileSettings, SharedConfig } from "./shared_config.ts";

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
        `${[...chain, include.value].join(" → ")}; remove one of the include_profile keys`,
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
