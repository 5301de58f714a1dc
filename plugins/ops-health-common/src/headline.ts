/**
 * How the message of a result stored for a check that has failed every
 * time it tried an entity begins (`Not measured yet: <the error>`): its
 * time is when it was first tried, not a measurement.
 *
 * @public
 */
export const NOT_MEASURED_YET = 'Not measured yet: ';

/**
 * Whether a result is the placeholder of a check that has never measured
 * the entity (see {@link NOT_MEASURED_YET}).
 *
 * @public
 */
export function isNotMeasuredYet(result: { message: string }): boolean {
  return result.message.startsWith(NOT_MEASURED_YET);
}

/**
 * The longest headline of a check result or an alert.
 *
 * @public
 */
export const CHECK_HEADLINE_MAX_LENGTH = 90;

/**
 * A headline from a text: its first sentence (up to the first `; ` or `. `),
 * cut at a word boundary with an ellipsis when longer than
 * {@link CHECK_HEADLINE_MAX_LENGTH}.
 *
 * @public
 */
export function toHeadline(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  const first = trimmed.split(/;\s|\.\s/)[0] ?? trimmed;
  const capitalized = first.charAt(0).toUpperCase() + first.slice(1);
  if (capitalized.length <= CHECK_HEADLINE_MAX_LENGTH) return capitalized;
  const room = CHECK_HEADLINE_MAX_LENGTH - 1;
  const cut = capitalized.slice(0, room);
  const space = cut.lastIndexOf(' ');
  return `${(space > room / 2 ? cut.slice(0, space) : cut).replace(
    /[\s,;:]+$/,
    '',
  )}…`;
}
