/**
 * The error of a file that is not read because of what it is (a symlink where none may be, a
 * FIFO, a directory, an oversized file). In a module of its own so that the cache-hit path
 * need not load the program's other errors; errors.ts re-exports it.
 *
 * @module
 */

/** A file is not what belongs there: a FIFO, device, directory, symlink, or far too large. */
export class UnsafeFileError extends Error {
  /** Names the error so that it is recognised across module copies. */
  override readonly name = "UnsafeFileError";
}
