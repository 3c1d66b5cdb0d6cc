/**
 * Loads `~/.aws/config` and `~/.aws/credentials` and merges them as the SDKs do: the config
 * file's profiles, then the credentials file's sections on top, key by key. Every value keeps
 * the file and line it came from, so errors can point at it.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { ConfigError } from "../errors.ts";
import { configFileSections, type IniFile, IniSyntaxError, parseIni } from "./ini.ts";
import { configFilePath, credentialsFilePath, displayPath } from "./paths.ts";

/** A setting with where it came from. */
export interface ConfigValue {
  value: string;
  /** The profile (section) that set it. */
  profile: string;
  /** The file, for messages (home shown as `~`). */
  file: string;
  line: number;
}

/** The settings of one profile, by key. */
export type ProfileSettings = Map<string, ConfigValue>;

/** A header line the SDKs ignore, kept to explain a profile that seems to be missing. */
export interface IgnoredHeaderLine {
  file: string;
  line: number;
  text: string;
}

/** Both shared files, merged. */
export interface SharedConfig {
  /** The config file path, for messages. */
  configFile: string;
  /** The credentials file path, for messages. */
  credentialsFile: string;
  /** Profiles by name (config file `[profile x]`/`[default]`, credentials file `[x]`). */
  profiles: Map<string, ProfileSettings>;
  ignoredHeaders: IgnoredHeaderLine[];
  /** The two files' text exactly as parsed ("" when missing), for the hit memo's key. */
  texts: { config: string; credentials: string };
}

async function readIni(
  deps: Deps,
  path: string,
  shown: string,
  configFile: boolean,
): Promise<IniFile & { text: string }> {
  let text: string | undefined;
  try {
    text = await deps.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Error && error.name === "UnsafeFileError"
      ? `${error.message.replace(/^\S+ /, "it ")}; point ${
        path === configFilePath(deps) ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE"
      } at the real file`
      : error instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : error instanceof Deno.errors.IsADirectory
      ? "it is a directory"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new ConfigError(`Cannot read AWS file ${shown}: ${reason}`, { cause: error });
  }
  try {
    return { ...parseIni(text ?? "", { configFile }), text: text ?? "" };
  } catch (error) {
    if (error instanceof IniSyntaxError) {
      throw new ConfigError(
        `Malformed AWS file ${shown} line ${error.line}: ${error.message}; rename that section`,
      );
    }
    throw error;
  }
}

/** Reads and merges the shared config and credentials files named by the environment. */
export async function loadSharedConfig(deps: Deps): Promise<SharedConfig> {
  const configPath = configFilePath(deps);
  const credentialsPath = credentialsFilePath(deps);
  const configFile = displayPath(deps, configPath);
  const credentialsFile = displayPath(deps, credentialsPath);
  const [config, credentials] = await Promise.all([
    readIni(deps, configPath, configFile, true),
    readIni(deps, credentialsPath, credentialsFile, false),
  ]);
  const profiles = new Map<string, ProfileSettings>();
  const layers: [IniFile["sections"], string][] = [
    [configFileSections(config.sections), configFile],
    [credentials.sections, credentialsFile],
  ];
  for (const [sections, file] of layers) {
    for (const [name, entries] of sections) {
      let merged = profiles.get(name);
      if (!merged) profiles.set(name, merged = new Map());
      for (const [key, { value, line }] of entries) {
        merged.set(key, { value, profile: name, file, line });
      }
    }
  }
  return {
    configFile,
    credentialsFile,
    profiles,
    ignoredHeaders: [
      ...config.ignoredHeaders.map((header) => ({ ...header, file: configFile })),
      ...credentials.ignoredHeaders.map((header) => ({ ...header, file: credentialsFile })),
    ],
    texts: { config: config.text, credentials: credentials.text },
  };
}
