import { asciiJson, decodeEntry, decodeText, encodeEntry } from "../../src/cache/entry_codec.ts";
import { assertEquals, assertOk } from "../support/assert.ts";

const samples = [
  "",
  'plain ascii {"a":1}',
  "Ünïcödé profile über-prod",
  "🎰 slots and \u2028 separators",
  "lone surrogate \ud800 here",
  "\u007f delete and \u0000 nul",
  "x".repeat(20_000) + "é",
];

Deno.test("asciiJson is JSON.stringify in ASCII: the same value parses back", () => {
  for (const sample of samples) {
    const value = { profile: sample, nested: [sample, 1, null] };
    const text = asciiJson(value);
    assertOk([...text].every((character) => character.charCodeAt(0) < 0x7f), text.slice(0, 80));
    assertEquals(JSON.parse(text), JSON.parse(JSON.stringify(value)));
  }
});

Deno.test("decodeText agrees with TextDecoder on ASCII and on everything else", () => {
  const encoder = new TextEncoder();
  const random = crypto.getRandomValues(new Uint8Array(30_000));
  const inputs = [
    ...samples.map((sample) => encoder.encode(sample)),
    random,
    random.map((byte) => byte & 0x7f),
    new Uint8Array([0xff, 0xfe, 0x41]),
  ];
  for (const bytes of inputs) assertEquals(decodeText(bytes), new TextDecoder().decode(bytes));
});

Deno.test("an entry round-trips; what is not an entry decodes to undefined", () => {
  const entry = { profile: "zoë@prod", expiresAt: 2, createdAt: 1, data: { token: "🎰" } };
  const plain = encodeEntry(entry);
  assertOk(plain.every((byte) => byte < 0x80));
  assertEquals(decodeEntry(plain), entry);
  const encoder = new TextEncoder();
  for (const text of ["", "{", "null", '{"profile":"p"}', '{"expiresAt":"1","profile":"p"}']) {
    assertEquals(decodeEntry(encoder.encode(text)), undefined, text);
  }
  // Entries written before the ASCII form (raw UTF-8) still decode.
  assertEquals(decodeEntry(encoder.encode(JSON.stringify(entry))), entry);
});
