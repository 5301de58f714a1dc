/**
 * What text Ops Health takes from people (titles, notes, reasons,
 * post-mortems): no control characters but tab and line breaks (a NUL,
 * which PostgreSQL does not store, a terminal's escape codes, a bidi
 * override), and, where text is required, at least one character a reader
 * sees.
 */

/**
 * C0 controls other than tab, LF and CR; DEL; C1 controls; and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which make text show in another order than it reads
 * ("Trojan Source"): a title that looks like another.
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/**
 * The first control character of the text as `U+0007`, or undefined when
 * it has none (tab and line breaks are text).
 *
 * @internal
 */
export function controlCharacterIn(text: string): string | undefined {
  const found = CONTROL.exec(text)?.[0];
  return found === undefined
    ? undefined
    : `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Whether the value is text with a character a reader sees: a letter,
 * digit, punctuation or symbol; not only spaces, control or format
 * characters (a zero-width space).
 *
 * @internal
 */
export function hasVisibleText(value: unknown): value is string {
  return typeof value === 'string' && /[\p{L}\p{N}\p{P}\p{S}]/u.test(value);
}
