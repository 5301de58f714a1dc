import type { CSSProperties } from 'react';

/**
 * A text shown on at most `lines` lines in a table cell, the rest cut with
 * an ellipsis (the full text belongs in the element's `title`): a title of
 * 500 characters must not make its row a column of text.
 *
 * @internal
 */
export function clampLines(lines: number): CSSProperties {
  return {
    display: '-webkit-box',
    WebkitLineClamp: lines,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    overflowWrap: 'anywhere',
  };
}
