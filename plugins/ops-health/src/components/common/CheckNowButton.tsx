import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { ResponseError } from '@backstage/errors';
import { opsHealthApiRef } from '../../api';
import { errorMessage, errorStatus } from './errorMessage';

/** How long a 429 said to wait (its body's retryAfterSeconds), else 60 s. */
function retryAfterMs(error: unknown): number {
  const seconds = (error as ResponseError)?.body?.error?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : 60_000;
}

/**
 * "Check now": measures the check of the current entity at once (e.g. after
 * a fix) rather than at its next scheduled run, then `onMeasured` reads the
 * new result. Whoever may trigger Ops Health actions on the entity may,
 * once a minute; the backend's refusal is shown as it says it.
 *
 * @internal
 */
export function CheckNowButton({
  checkId,
  title,
  onMeasured,
}: {
  checkId: string;
  /** What is measured, for the button's accessible name. */
  title: string;
  onMeasured: () => void;
}) {
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const [state, setState] = useState<{ busy: boolean; error?: unknown }>({
    busy: false,
  });

  const measure = async () => {
    setState({ busy: true });
    try {
      await api.measureEntityCheck(getCompoundEntityRef(entity), checkId);
    } catch (error) {
      setState({ busy: false, error });
      return;
    }
    setState({ busy: false });
    onMeasured();
  };

  const status = errorStatus(state.error);
  // "Try again in 41 s" is true for 41 s: then the refusal goes.
  useEffect(() => {
    if (status !== 429) return undefined;
    const error = state.error;
    const timer = setTimeout(
      () => setState(s => (s.error === error ? { busy: false } : s)),
      retryAfterMs(error),
    );
    return () => clearTimeout(timer);
  }, [state.error, status]);

  return (
    <Box component="span" display="inline-flex" alignItems="center" ml={1}>
      <Button
        size="small"
        color="primary"
        onClick={measure}
        disabled={state.busy}
        aria-label={`Check ${title} now`}
      >
        {state.busy ? 'Checking…' : 'Check now'}
      </Button>
      {state.error !== undefined && (
        <Typography variant="body2" color="error" component="span" role="alert">
          {status === 403 ? 'Not allowed: ' : ''}
          {errorMessage(state.error)}
        </Typography>
      )}
    </Box>
  );
}
