/**
 * Splits a configured command (such as `mfa_process`) into an argument list with POSIX shell
 * quoting rules, so it can run without a shell. Commands that use shell syntax (pipes, `$VAR`,
 * redirections, globs, `~`) are reported as needing a shell.
 *
 * @module
 */

import type { Deps } from "../deps.ts";

/** The result of splitting: an argv, or a note that only a shell can run the command. */
export type SplitCommand = { argv: string[] } | { needsShell: true };

const SHELL_SYNTAX = new Set([..."|&;<>()$`*?[]{}#~!\n"]);

/** Splits `command` into words honouring '…', "…" and backslash escapes. */
export function splitCommandLine(command: string): SplitCommand {
  const argv: string[] = [];
  let word = "";
  let inWord = false;
  let index = 0;
  while (index < command.length) {
    const char = command[index];
    if (char === " " || char === "\t") {
      if (inWord) argv.push(word);
      word = "";
      inWord = false;
      index++;
      continue;
    }
    inWord = true;
    if (char === "'") {
      const end = command.indexOf("'", index + 1);
      if (end === -1) return { needsShell: true };
      word += command.slice(index + 1, end);
      index = end + 1;
    } else if (char === '"') {
      index++;
      while (index < command.length && command[index] !== '"') {
        const inner = command[index];
        if (inner === "$" || inner === "`") return { needsShell: true };
        if (
          inner === "\\" && index + 1 < command.length && '"\\$`\n'.includes(command[index + 1])
        ) {
          word += command[index + 1];
          index += 2;
        } else {
          word += inner;
          index++;
        }
      }
      if (index >= command.length) return { needsShell: true };
      index++;
    } else if (char === "\\") {
      if (index + 1 >= command.length) return { needsShell: true };
      word += command[index + 1];
      index += 2;
    } else if (SHELL_SYNTAX.has(char)) {
      return { needsShell: true };
    } else {
      word += char;
      index++;
    }
  }
  if (inWord) argv.push(word);
  return argv.length > 0 ? { argv } : { needsShell: true };
}

/** The program and arguments that run `command`: directly when it splits, else through a shell. */
export function commandArgv(command: string, os: Deps["os"]): [string, string[]] {
  const split = splitCommandLine(command);
  if ("argv" in split) return [split.argv[0], split.argv.slice(1)];
  return os === "windows" ? ["cmd.exe", ["/d", "/s", "/c", command]] : ["/bin/sh", ["-c", command]];
}

/** `: ` and the first non-empty line of a child's stderr, digit runs masked (it may echo a code). */
export function maskedFirstLine(stderr: Uint8Array): string {
  const line = new TextDecoder().decode(stderr).split(/\r?\n/).map((l) => l.trim()).find(Boolean);
  if (!line) return "";
  return ": " + line.replace(/\d{4,}/g, "***").slice(0, 200);
}
