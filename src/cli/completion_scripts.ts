/**
 * Shell completion scripts, generated from the command table: commands and their sub-commands,
 * each command's flags, the values of flags with a fixed list (`--format`), and profile names,
 * which the script asks `vegas-credentials list --names` for each time it completes. That
 * command reads the files as every other command does (a FIFO or a foreign symlink is refused,
 * so completion never hangs) and leaves out names with control characters. Profile names are
 * untrusted text: every script hands them to its shell as literal words, never through
 * `compgen -W`, `eval` or a glob, so `[$(id>pwned)]` or `[*]` complete as themselves.
 *
 * @module
 */

import { COMMANDS, type CommandSpec, type COMPLETION_SHELLS } from "./command_table.ts";

/** The flags every command takes. */
const COMMON_FLAGS = ["--verbose", "--debug", "--no-color", "--hide-arns", "--help"];

/** The command, as the scripts name it: first word, or group and sub-command. */
interface CompletionModel {
  /** Words that may come first: commands and groups. */
  top: string[];
  /** Sub-commands by group (`config` → `list show-profile`). */
  groups: Map<string, string[]>;
  /** Flags by full command name. */
  flags: Map<string, string[]>;
  /** Flags that take a value. */
  valueFlags: string[];
  /** Flags whose value is a profile name. */
  profileFlags: string[];
  /** Flags with a fixed list of values. */
  choiceFlags: Map<string, readonly string[]>;
  /** Commands with a positional word from a list (`completion` → shells). */
  positionals: Map<string, readonly string[]>;
}

function model(commands: readonly CommandSpec[]): CompletionModel {
  const top: string[] = [];
  const groups = new Map<string, string[]>();
  const flags = new Map<string, string[]>();
  const valueFlags = new Set<string>();
  const profileFlags = new Set<string>();
  const choiceFlags = new Map<string, readonly string[]>();
  const positionals = new Map<string, readonly string[]>();
  for (const command of commands) {
    const [first, second] = command.name.split(" ");
    if (!top.includes(first)) top.push(first);
    if (second) groups.set(first, [...(groups.get(first) ?? []), second]);
    const names: string[] = [];
    for (const flag of command.flags) {
      for (const name of [flag.name, ...(flag.aliases ?? [])]) {
        names.push(name);
        if (flag.value) valueFlags.add(name);
        if (flag.completes === "profile") profileFlags.add(name);
        if (flag.choices) choiceFlags.set(name, flag.choices);
      }
    }
    flags.set(command.name, [...names, ...COMMON_FLAGS]);
    if (command.positional) positionals.set(command.name, command.positional.choices);
  }
  if (!top.includes("help")) top.push("help");
  return {
    top,
    groups,
    flags,
    valueFlags: [...valueFlags],
    profileFlags: [...profileFlags],
    choiceFlags,
    positionals,
  };
}

/** The bash script (also used by zsh through bashcompinit). */
function bash(m: CompletionModel): string {
  const lines = [
    "# vegas-credentials completion for bash (vegas-credentials completion bash)",
    "# Profile names are literal words: compared with the typed prefix as plain text and quoted",
    "# with printf %q, never expanded (no compgen -W, no glob).",
    "__vegas_credentials_profiles() {",
    "  local name",
    "  COMPREPLY=()",
    "  while IFS= read -r name; do",
    '    [[ $name == "$1"* ]] && COMPREPLY+=("$(printf \'%q\' "$name")")',
    "  done < <(command vegas-credentials list --names 2>/dev/null)",
    "}",
    "_vegas_credentials() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  local flag="" command="" positional="" i word',
    '  if [[ $cur == "=" ]]; then flag=$prev; cur=""',
    '  elif [[ $prev == "=" ]]; then flag="${COMP_WORDS[COMP_CWORD-2]}"',
    `  else case $prev in ${m.valueFlags.join("|")}) flag=$prev ;; esac`,
    "  fi",
    "  for ((i = 1; i < COMP_CWORD; i++)); do",
    '    word="${COMP_WORDS[i]}"',
    "    case $word in",
    `      ${m.valueFlags.join("|")}) [[ "\${COMP_WORDS[i+1]}" == "=" ]] && ((i++)); ((i++)) ;;`,
    "      -*|=) ;;",
    "      *)",
    "        if [[ -z $command ]]; then command=$word",
    `        elif [[ ${
      [...m.groups.keys()].map((group) => `$command == ${group}`).join(" || ")
    } ]]; then command="$command $word"`,
    "        else positional=$word",
    "        fi ;;",
    "    esac",
    "  done",
    "  case $flag in",
    `    ${m.profileFlags.join("|")}) __vegas_credentials_profiles "$cur"; return ;;`,
    ...[...m.choiceFlags].map(([flag, values]) =>
      `    ${flag}) COMPREPLY=($(compgen -W "${values.join(" ")}" -- "$cur")); return ;;`
    ),
    `    ?*) COMPREPLY=(); return ;;`,
    "  esac",
    '  local words=""',
    "  case $command in",
    `    "") words="${m.top.join(" ")}" ;;`,
    ...[...m.groups].map(([group, subs]) => `    ${group}) words="${subs.join(" ")}" ;;`),
    ...[...m.flags].map(([name, flags]) => {
      const choices = m.positionals.get(name);
      const pick = choices
        ? `if [[ -z $positional && $cur != -* ]]; then words="${choices.join(" ")}"; else words="${
          flags.join(" ")
        }"; fi`
        : `words="${flags.join(" ")}"`;
      return `    "${name}") ${pick} ;;`;
    }),
    "  esac",
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    "}",
    "complete -F _vegas_credentials vegas-credentials",
  ];
  return lines.join("\n") + "\n";
}

function zsh(m: CompletionModel): string {
  return [
    "#compdef vegas-credentials",
    "# vegas-credentials completion for zsh (vegas-credentials completion zsh): the bash",
    "# completion, through zsh's bashcompinit.",
    "autoload -U +X compinit && compinit",
    "autoload -U +X bashcompinit && bashcompinit",
    bash(m).split("\n").slice(1).join("\n"),
  ].join("\n");
}

function fishQuote(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function fish(m: CompletionModel, commands: readonly CommandSpec[]): string {
  const lines = [
    "# vegas-credentials completion for fish (vegas-credentials completion fish)",
    "# A command substitution's lines are candidates as they are: fish expands nothing in them.",
    "function __vegas_credentials_profiles",
    "    command vegas-credentials list --names 2>/dev/null",
    "end",
    "function __vegas_credentials_command",
    "    set -l tokens (commandline -opc)",
    "    set -e tokens[1]",
    "    set -l command",
    "    set -l skip 0",
    "    for token in $tokens",
    "        if test $skip = 1",
    "            set skip 0",
    "            continue",
    "        end",
    "        switch $token",
    `            case ${m.valueFlags.join(" ")}`,
    "                set skip 1",
    "            case '-*'",
    "            case '*'",
    '                if test -z "$command"',
    "                    set command $token",
    `                else if contains -- $command ${[...m.groups.keys()].join(" ")}`,
    '                    set command "$command $token"',
    "                else",
    "                    break",
    "                end",
    "        end",
    "    end",
    '    echo "$command"',
    "end",
    "complete -c vegas-credentials -f",
    `complete -c vegas-credentials -n 'test -z (__vegas_credentials_command)' -a ${
      fishQuote(m.top.join(" "))
    }`,
  ];
  for (const [group, subs] of m.groups) {
    lines.push(
      `complete -c vegas-credentials -n 'test (__vegas_credentials_command) = ${group}' -a ${
        fishQuote(subs.join(" "))
      }`,
    );
  }
  for (const command of commands) {
    const when = `-n ${fishQuote(`test (__vegas_credentials_command) = '${command.name}'`)}`;
    if (command.positional) {
      lines.push(
        `complete -c vegas-credentials ${when} -a ${
          fishQuote(command.positional.choices.join(" "))
        }`,
      );
    }
    for (const flag of command.flags) {
      for (const name of [flag.name, ...(flag.aliases ?? [])]) {
        const values = flag.completes === "profile"
          ? " -x -a '(__vegas_credentials_profiles)'"
          : flag.choices
          ? ` -x -a ${fishQuote(flag.choices.join(" "))}`
          : flag.value
          ? " -x"
          : "";
        lines.push(
          `complete -c vegas-credentials ${when} -l ${name.slice(2)}${values} -d ${
            fishQuote(flag.help)
          }`,
        );
      }
    }
  }
  for (const flag of COMMON_FLAGS) lines.push(`complete -c vegas-credentials -l ${flag.slice(2)}`);
  return lines.join("\n") + "\n";
}

function psQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function powershell(m: CompletionModel): string {
  const list = (words: readonly string[]) => `@(${words.map(psQuote).join(", ")})`;
  return [
    "# vegas-credentials completion for PowerShell (vegas-credentials completion powershell)",
    "Register-ArgumentCompleter -Native -CommandName vegas-credentials -ScriptBlock {",
    "    param($wordToComplete, $commandAst, $cursorPosition)",
    `    $top = ${list(m.top)}`,
    "    $groups = @{",
    ...[...m.groups].map(([group, subs]) => `        ${psQuote(group)} = ${list(subs)}`),
    "    }",
    "    $flags = @{",
    ...[...m.flags].map(([name, flags]) => `        ${psQuote(name)} = ${list(flags)}`),
    "    }",
    `    $valueFlags = ${list(m.valueFlags)}`,
    `    $profileFlags = ${list(m.profileFlags)}`,
    "    $choices = @{",
    ...[...m.choiceFlags].map(([flag, values]) => `        ${psQuote(flag)} = ${list(values)}`),
    "    }",
    "    $positionals = @{",
    ...[...m.positionals].map(([name, values]) => `        ${psQuote(name)} = ${list(values)}`),
    "    }",
    "    $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })",
    "    if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = @($words | Select-Object -SkipLast 1) }",
    "    $command = ''; $positional = ''; $previous = ''",
    "    for ($i = 0; $i -lt $words.Count; $i++) {",
    "        $word = $words[$i]",
    "        if ($valueFlags -contains $word) { $i++; continue }",
    "        if ($word.StartsWith('-')) { continue }",
    "        if ($command -eq '') { $command = $word }",
    '        elseif ($groups.ContainsKey($command)) { $command = "$command $word" }',
    "        else { $positional = $word }",
    "    }",
    "    if ($words.Count -gt 0) { $previous = $words[-1] }",
    "    $candidates = @()",
    "    if ($profileFlags -contains $previous) {",
    "        $candidates = @(& vegas-credentials list --names 2>$null)",
    "    } elseif ($choices.ContainsKey($previous)) { $candidates = $choices[$previous] }",
    "    elseif ($valueFlags -contains $previous) { $candidates = @() }",
    "    elseif ($command -eq '') { $candidates = $top }",
    "    elseif ($groups.ContainsKey($command)) { $candidates = $groups[$command] }",
    "    elseif ($positionals.ContainsKey($command) -and $positional -eq '' -and -not $wordToComplete.StartsWith('-')) { $candidates = $positionals[$command] }",
    "    elseif ($flags.ContainsKey($command)) { $candidates = $flags[$command] }",
    "    # -like would read [ ] * ? in a name as a pattern: compare the prefix as plain text, and",
    "    # insert each candidate single-quoted, so that $( ) ; & in a name stay text.",
    "    $candidates | Where-Object { $_.StartsWith($wordToComplete, [StringComparison]::Ordinal) } | ForEach-Object {",
    '        $text = if ($_ -match \'^[A-Za-z0-9@._/:+=,-]+$\') { $_ } else { "\'" + ($_ -replace "\'", "\'\'") + "\'" }',
    "        [System.Management.Automation.CompletionResult]::new($text, $_, 'ParameterValue', $_)",
    "    }",
    "}",
  ].join("\n") + "\n";
}

/** The completion script for `shell`, from `commands` (the command table). */
export function completionScript(
  shell: (typeof COMPLETION_SHELLS)[number],
  commands: readonly CommandSpec[] = COMMANDS,
): string {
  const m = model(commands);
  switch (shell) {
    case "bash":
      return bash(m);
    case "zsh":
      return zsh(m);
    case "fish":
      return fish(m, commands);
    case "powershell":
      return powershell(m);
  }
}
