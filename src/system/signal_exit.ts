/**
 * The exit code that reports a child's end the way shells do: its own code, or 128 + the
 * number of the signal that ended it.
 *
 * On the cache-hit path (the installed command's hand-off): no imports.
 *
 * @module
 */

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
};

/** The exit code of a child that ended with `status`. */
export function exitCodeOf(status: { code: number; signal: string | null }): number {
  return status.signal ? 128 + (SIGNAL_NUMBERS[status.signal] ?? 0) : status.code;
}
