/**
 * What text Ops Health takes from people (titles, notes, reasons,
 * post-mortems): no control characters but tab and line breaks (a NUL,
 * which PostgreSQL does not store, or a terminal's escape codes), and, where
 * text is required, at least one character a reader sees.
 */

/** C0 controls other than tab, LF and CR; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

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
