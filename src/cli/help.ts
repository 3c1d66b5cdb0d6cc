/**
 * Help texts, generated from the command table and printed to stdout by `--help` and `help`.
 *
 * @module
 */

import { COMMANDS, COMMON_FLAGS, findCommand, type FlagSpec } from "./command_table.ts";

function flagLines(flags: readonly FlagSpec[]): string {
  const rows = flags.map((flag) => [
    [flag.name, ...(flag.aliases ?? [])].join(", ") + (flag.value ? ` ${flag.value}` : ""),
    flag.help + (flag.required ? " (required)" : ""),
  ]);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  // Long help wraps under itself, within the same 98 columns as the descriptions.
  const indent = " ".repeat(width + 3);
  return rows.map(([left, right]) =>
    `  ${left.padEnd(width)} ${wrap(right, 98 - indent.length).replaceAll("\n", `\n${indent}`)}`
  ).join("\n");
}

function wrap(text: string, width = 96): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}

const COMMON = `Flags for every command:\n${flagLines(COMMON_FLAGS)}`;

/** Where the overview's summaries start, after the two-space indent. */
const USAGE_COLUMN = 44;

function overview(): string {
  const rows = COMMANDS.filter((c) => !c.aliasOf).map((c) => [
    `vegas-credentials ${c.name}${c.usage ? " " + c.usage : ""}`,
    c.summary,
  ]);
  // A usage that leaves no space before the summary column puts the summary on a line of its own.
  const indent = " ".repeat(USAGE_COLUMN + 2);
  const lines = rows.map(([left, right]) => {
    const summary = wrap(right, 98 - indent.length).replaceAll("\n", `\n${indent}`);
    return left.length < USAGE_COLUMN
      ? `  ${left.padEnd(USAGE_COLUMN)}${summary}`
      : `  ${left}\n${indent}${summary}`;
  });
  return `vegas-credentials: an AWS credential_process helper that assumes IAM roles with MFA

Usage:
${lines.join("\n")}

Configure it in ~/.aws/config:
  [profile frank@concerts]
  credential_process = vegas-credentials assume --profile=frank@concerts
  vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole
  vegas_source_profile = default

${COMMON}`;
}

/** The help text for a command (or the overview); `undefined` for an unknown command. */
export function helpText(topic?: string): string | undefined {
  if (!topic) return overview();
  const spec = findCommand(topic);
  if (!spec) return undefined;
  const alias = spec.aliasOf ? `   (alias of ${spec.aliasOf})` : "";
  const flags = spec.flags.length ? `${flagLines(spec.flags)}\n\n` : "";
  return `Usage: vegas-credentials ${spec.name}${spec.usage ? " " + spec.usage : ""} [flags]${alias}

${wrap(spec.description)}

${flags}${COMMON}`;
}
