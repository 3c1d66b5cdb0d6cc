/**
 * Time left, for tables.
 *
 * @module
 */

/** "1h 05m", "12m", "expired". */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return "expired";
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`
    : `${minutes}m`;
}
