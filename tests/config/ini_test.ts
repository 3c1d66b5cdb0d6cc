import { configFileSections, IniSyntaxError, parseIni } from "../../src/config/ini.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

Deno.test("ini values keep the line they came from", () => {
  const { sections } = parseIni("# c\n[profile a]\n\nregion = x\nregion = y\n");
  assertEquals(sections.get("profile.a")?.get("region"), { value: "y", line: 5 });
});

Deno.test("ini headers the SDKs ignore are reported, valid ones are not", () => {
  const { ignoredHeaders } = parseIni("[profile ok]\n[profile broken\n[weird name]\n[plain]\n");
  assertEquals(ignoredHeaders, [
    { text: "[profile broken", line: 2 },
    { text: "[weird name]", line: 3 },
  ]);
});

Deno.test("ini section named __proto__ is refused with its line, as the SDKs refuse it", () => {
  const error = assertThrows(() => parseIni("[default]\n[profile __proto__]\n"), IniSyntaxError);
  assertEquals((error as IniSyntaxError).line, 2);
});

Deno.test("config file sections drop unprefixed names other than default", () => {
  const sections = configFileSections(
    parseIni("[default]\na=1\n[plain]\nb=2\n[profile p]\nc=3\n[sso-session s]\nd=4\n").sections,
  );
  assertEquals([...sections.keys()].sort(), ["default", "p", "sso-session.s"]);
});

Deno.test("a config-file profile name with characters the SDKs reject is reported", () => {
  const text = "[profile 🎰-über]\nregion = x\n[profile two words]\n[profile ok@x]\n";
  assertEquals(parseIni(text, { configFile: true }).ignoredHeaders, [
    { text: "[profile 🎰-über]", line: 1 },
    { text: "[profile two words]", line: 3 },
  ]);
  // The SDK still keeps such sections under their whole name, which no lookup finds.
  assertEquals(configFileSections(parseIni(text).sections).has("🎰-über"), false);
  // In the credentials file such a name is a profile like any other.
  assertEquals(parseIni(text).ignoredHeaders, []);
});
