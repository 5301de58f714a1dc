import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  root: {
    // Backstage's theme breaks table cells anywhere (word-break:
    // break-word), so a narrow window squeezes columns to a few letters:
    // "Eradic|ation", "Enable|d". Columns are as wide as their longest
    // word; only a word longer than the column (an ARN, a long ref) breaks.
    '& td, & th': { wordBreak: 'normal', overflowWrap: 'break-word' },
  },
});

/**
 * The plugin's pages: table cells break between words, not inside them.
 *
 * @internal
 */
export function WholeWords({ children }: { children: ReactNode }) {
  const classes = useStyles();
  return <div className={classes.root}>{children}</div>;
}
