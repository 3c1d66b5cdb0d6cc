/**
 * Text ordered as `localeCompare` orders it (Deno's collation, `en-US`), for the names `list`,
 * `config list` and `cache list` sort. Hand-written for speed: creating the first
 * `Intl.Collator` of a process loads ICU's collation data, ~11 ms, half an empty `deno run`,
 * and `list` sorts on every run. Names made of printable ASCII (all but a few) are compared here
 * with the collator's own order of those characters; any other text goes to one
 * `Intl.Collator`, created on first need. tests/text/collation_test.ts holds the two to the
 * same answers.
 *
 * @module
 */

/**
 * Printable ASCII in the collator's order (punctuation, symbols, digits, letters); a letter's
 * two cases are equal but for case, lower first.
 */
export const ASCII_ORDER =
  " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ";

/** Per character code: its weight (0 when it is not printable ASCII), the case apart. */
const PRIMARY = new Uint8Array(128);
/** Per character code: 1 for an upper-case letter, else 0. */
const UPPER = new Uint8Array(128);
{
  let weight = 0;
  for (let i = 0; i < ASCII_ORDER.length; i++) {
    const code = ASCII_ORDER.charCodeAt(i);
    const upper = code >= 65 && code <= 90;
    if (!upper) weight++;
    PRIMARY[code] = weight;
    UPPER[code] = upper ? 1 : 0;
  }
}

let collator: Intl.Collator | undefined;

/** `a` against `b` as the collator orders them, through it only for text beyond ASCII. */
function collated(a: string, b: string): number {
  collator ??= new Intl.Collator();
  return collator.compare(a, b);
}

/** Whether `text` from `start` on is all printable ASCII. */
function asciiFrom(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || PRIMARY[code] === 0) return false;
  }
  return true;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` (`a.localeCompare(b)`). */
export function compareText(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  let caseOrder = 0;
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x >= 128 || y >= 128 || PRIMARY[x] === 0 || PRIMARY[y] === 0) return collated(a, b);
    if (PRIMARY[x] !== PRIMARY[y]) {
      // A later character may be one that the collator ignores, or weighs otherwise.
      return asciiFrom(a, i) && asciiFrom(b, i) ? PRIMARY[x] - PRIMARY[y] : collated(a, b);
    }
    if (caseOrder === 0) caseOrder = UPPER[x] - UPPER[y];
  }
  if (!asciiFrom(a, shorter) || !asciiFrom(b, shorter)) return collated(a, b);
  // Letters first, then case: a name that is another's start sorts first whatever the case.
  return a.length !== b.length ? a.length - b.length : caseOrder;
}
