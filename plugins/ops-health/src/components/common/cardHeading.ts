/**
 * Card titles as level-2 headings, so that screen readers and the browser's
 * outline list the page's sections (InfoCard's title is a plain span).
 *
 * @internal
 */
export const CARD_HEADING = { component: 'h2' } as const;
