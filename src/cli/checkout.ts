/**
 * Where the checkout is, for the installed command's startup bundle: it finds the project's
 * `deno.json` and the full program there. In source this module sits two levels below the
 * checkout's root. The bundle is built outside the checkout (into the install root, so that a
 * test or bench install never touches the user's), and scripts/bundle.ts writes the checkout's
 * URL in place of the expression below (tests/scripts/bundle_test.ts holds it to that).
 *
 * On the cache-hit path: a constant, nothing else.
 *
 * @module
 */

/** The checkout's root directory as a `file:` URL ending in `/`. */
export const CHECKOUT_URL: string = new URL("../../", import.meta.url).href;
