import { VERSION } from "../src/version.ts";
import { assertEquals } from "./support/assert.ts";

Deno.test("the program version equals deno.json's", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  assertEquals(VERSION, config.version);
});
