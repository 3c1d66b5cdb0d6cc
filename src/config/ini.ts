/**
 * A parser for the AWS shared config and credentials files with exactly the semantics of the
 * AWS SDKs' `@smithy/shared-ini-file-loader` (`parseIni.ts`: lines split on `\r?\n` and trimmed,
 * `#`/`;` comments at line start or after whitespace, `key = value` split at the first `=`, the
 * last duplicate winning, an empty value opening an indented sub-section), plus the line number
 * of every value.
 *
 * Hand-written for two reasons: every command but a cache hit reads the config, and importing
 * the library costs ~37 ms, twice an empty Deno start; and messages name the line of each value,
 * which the library does not keep. `tests/config/ini_differential_test.ts` checks it against the
 * library on a corpus of tricky files and generated ones.
 *
 * @module
 */

/** A value read from an ini file, with the 1-based line it came from. */
export interface IniValue {
  value: string;
  line: number;
}

/** Sections by their SDK name (`default`, `profile.NAME`, `sso-session.NAME`, …), keys by name. */
export type IniSections = Map<string, Map<string, IniValue>>;

/** A line that looked like a section header but is one the SDKs do not understand. */
export interface IgnoredHeader {
  text: string;
  line: number;
}

/** The parse of one file. */
export interface IniFile {
  sections: IniSections;
  /** Lines starting with `[` that the SDKs ignore: used to explain a missing profile. */
  ignoredHeaders: IgnoredHeader[];
}

/** The section prefixes the SDKs know (`IniSectionType`). */
export const SECTION_TYPES = ["profile", "sso-session", "services"] as const;

/** Joins a section prefix and name, and a sub-section and key (`CONFIG_PREFIX_SEPARATOR`). */
export const SEPARATOR = ".";

const PREFIXED_NAME = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/;
const COMMENT = /(^|\s)[;#]/;
const FORBIDDEN_SECTIONS = ["__proto__", "profile __proto__"];

/** Thrown for a section name the SDKs refuse (they throw too). */
export class IniSyntaxError extends Error {
  /** The 1-based line of the offending section. */
  readonly line: number;

  /** Creates the error for a line. */
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/** Parses ini text into sections, as the SDKs' `parseIni` does. */
export function parseIni(text: string, options: { configFile?: boolean } = {}): IniFile {
  const sections: IniSections = new Map();
  const ignoredHeaders: IgnoredHeader[] = [];
  let section: string | undefined;
  let subSection: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const rawLine = lines[index];
    const line = rawLine.split(COMMENT)[0].trim();
    if (line[0] === "[" && line[line.length - 1] === "]") {
      section = undefined;
      subSection = undefined;
      const name = line.substring(1, line.length - 1);
      const match = PREFIXED_NAME.exec(name);
      if (match) {
        if ((SECTION_TYPES as readonly string[]).includes(match[1])) {
          section = match[1] + SEPARATOR + match[3];
        } else {
          ignoredHeaders.push({ text: line, line: index + 1 });
        }
      } else {
        section = name;
        // `[profile my🎰name]`: the SDKs keep the section under its whole name, which the config
        // file's profile lookup never finds, so the profile is silently missing.
        if (options.configFile && /^(profile|sso-session|services)\s/.test(name)) {
          ignoredHeaders.push({ text: line, line: index + 1 });
        }
      }
      if (FORBIDDEN_SECTIONS.includes(name)) {
        throw new IniSyntaxError(`invalid section name "${name}"`, index + 1);
      }
      continue;
    }
    if (line[0] === "[") ignoredHeaders.push({ text: line, line: index + 1 });
    if (section === undefined) continue;
    const equals = line.indexOf("=");
    if (equals <= 0) continue;
    const key = line.substring(0, equals).trim();
    const value = line.substring(equals + 1).trim();
    if (value === "") {
      subSection = key;
      continue;
    }
    if (subSection !== undefined && rawLine.trimStart() === rawLine) subSection = undefined;
    // The SDKs store keys in plain objects, where assigning `__proto__` a string does nothing.
    if (key === "__proto__") continue;
    let entries = sections.get(section);
    if (!entries) sections.set(section, entries = new Map());
    const fullKey = subSection === undefined ? key : subSection + SEPARATOR + key;
    entries.set(fullKey, { value, line: index + 1 });
  }
  return { sections, ignoredHeaders };
}

/**
 * Keeps the sections of a config file that the SDKs use, as their `getConfigData` does:
 * `[default]`, `[profile NAME]` (named `NAME`; `[profile default]` replaces `[default]`),
 * `[sso-session NAME]` and `[services NAME]` (named with their prefix).
 */
export function configFileSections(sections: IniSections): IniSections {
  const result: IniSections = new Map();
  const plainDefault = sections.get("default");
  if (plainDefault) result.set("default", plainDefault);
  for (const [name, entries] of sections) {
    const separator = name.indexOf(SEPARATOR);
    if (separator === -1) continue;
    const prefix = name.substring(0, separator);
    if (!(SECTION_TYPES as readonly string[]).includes(prefix)) continue;
    result.set(prefix === "profile" ? name.substring(separator + 1) : name, entries);
  }
  return result;
}
