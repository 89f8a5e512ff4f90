/**
 * An output file that cannot be written or made (exit 1, as a file that cannot be read); its
 * message is in the user's language.
 */
export class OutputError extends Error {}
