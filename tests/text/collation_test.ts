/** The hand-written collation against `Intl.Collator`, which it stands in for. */

import { ASCII_ORDER, compareText } from "../../src/text/collation.ts";
import { assertEquals } from "../support/assert.ts";

const collator = new Intl.Collator();

Deno.test("printable ASCII is in the collator's order", () => {
  const chars = [...ASCII_ORDER];
  assertEquals(chars.length, 95);
  assertEquals([...chars].sort((a, b) => collator.compare(a, b)), chars);
});

/** A random string over `alphabet`, up to `max` characters. */
function randomText(alphabet: string, max: number): string {
  let text = "";
  const length = Math.floor(Math.random() * (max + 1));
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(Math.random() * alphabet.length)];
  return text;
}

Deno.test("random names order as the collator orders them, ASCII or not", () => {
  const alphabets = [
    ASCII_ORDER,
    "aAbB-_@.1",
    "aAbB-é\u00e9\u0301 \t\u00a0ß漢🎰",
  ];
  for (const alphabet of alphabets) {
    for (let i = 0; i < 20_000; i++) {
      const a = randomText(alphabet, 6);
      const b = Math.random() < 0.3
        ? a.slice(0, 3) + randomText(alphabet, 3)
        : randomText(alphabet, 6);
      assertEquals(Math.sign(compareText(a, b)), Math.sign(collator.compare(a, b)), `${a} | ${b}`);
    }
  }
  for (
    const [a, b] of [
      ["frank@concerts", "Frank@concerts"],
      ["ab", "Abc"],
      ["dev", "dev-admin"],
      ["prod/admin", "prod-admin"],
      ["a", "a"],
      ["", "a"],
    ]
  ) {
    assertEquals(Math.sign(compareText(a, b)), Math.sign(collator.compare(a, b)), `${a} | ${b}`);
  }
});
