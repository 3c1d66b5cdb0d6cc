/**
 * One line of `doctor`'s report: a check that passed, warns or failed, and for every warning and
 * failure, the fix.
 *
 * @module
 */

import { escapeControls } from "../text/terminal_text.ts";

/** How a check came out. */
export type Status = "ok" | "warn" | "fail";

/** The outcome of one check. */
export interface Finding {
  status: Status;
  /** What was checked and what was found. */
  text: string;
  /** What to do about it (warnings and failures). */
  fix?: string;
}

const MARKS: Record<Status, string> = { ok: "✓", warn: "⚠", fail: "✗" };
const COLORS: Record<Status, string> = { ok: "\x1b[32m", warn: "\x1b[33m", fail: "\x1b[31m" };

/** A finding that passed. */
export const ok = (text: string): Finding => ({ status: "ok", text });
/** A finding that warns, with its fix. */
export const warn = (text: string, fix: string): Finding => ({ status: "warn", text, fix });
/** A finding that failed, with its fix. */
export const fail = (text: string, fix: string): Finding => ({ status: "fail", text, fix });

/** The finding as one terminal-safe line. */
export function findingLine(finding: Finding, color: boolean): string {
  const mark = color
    ? `${COLORS[finding.status]}${MARKS[finding.status]}\x1b[0m`
    : MARKS[finding.status];
  const fix = finding.fix ? ` → ${finding.fix}` : "";
  return `${mark} ${escapeControls(finding.text + fix)}`;
}
