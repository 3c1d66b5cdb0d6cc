import { parseSessionTags, parseTransitiveTagKeys } from "../../src/config/session_tags.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("session tags parse from key=value lists, trimmed", () => {
  assertEquals(parseSessionTags("a=1, b = two words ,c="), [
    { key: "a", value: "1" },
    { key: "b", value: "two words" },
    { key: "c", value: "" },
  ]);
  assertEquals(parseTransitiveTagKeys("a, b"), ["a", "b"]);
});

Deno.test("malformed session tags say what is wrong", () => {
  assertEquals(parseSessionTags("a"), '"a" is not key=value');
  assertEquals(parseSessionTags("=1"), '"=1" is not key=value');
  assertEquals(parseSessionTags("a=1,A=2"), 'tag key "A" appears twice');
  assertEquals(
    parseSessionTags("a=1;2"),
    'tag value "1;2" must be up to 256 letters, digits, spaces or _.:/=+-@',
  );
  assertEquals(
    parseTransitiveTagKeys("a,,b"),
    'tag key "" must be 1 to 128 letters, digits, spaces or _.:/=+-@',
  );
});
