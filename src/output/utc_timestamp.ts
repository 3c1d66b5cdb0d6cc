/**
 * Epoch milliseconds as `YYYY-MM-DDTHH:MM:SSZ`, the form every SDK parses.
 *
 * Written by hand for speed: `Date#toISOString` loads the time zone data on first use (~0.2 ms
 * of a cache hit, which prints one such time). Civil-from-days after Howard Hinnant's
 * public-domain algorithm. tests/output/utc_timestamp_test.ts checks it against `toISOString`.
 *
 * @module
 */

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** `ms` (years 0 to 9999) in UTC, to whole seconds, with a `Z`. */
export function utcTimestamp(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86400);
  const daySeconds = seconds - days * 86400;
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra -
    (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(Math.floor(daySeconds / 3600))}:` +
    `${pad(Math.floor(daySeconds / 60) % 60)}:${pad(daySeconds % 60)}Z`;
}
