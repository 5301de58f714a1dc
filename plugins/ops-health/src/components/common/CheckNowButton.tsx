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
import { useNow } from '../../hooks/useNow';

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
  const [state, setState] = useState<{
    busy: boolean;
    error?: unknown;
    /** Until when a 429 said to wait (epoch ms). */
    until?: number;
  }>({
    busy: false,
  });

  const measure = async () => {
    setState({ busy: true });
    try {
      await api.measureEntityCheck(getCompoundEntityRef(entity), checkId);
    } catch (error) {
      setState({
        busy: false,
        error,
        ...(errorStatus(error) === 429
          ? { until: Date.now() + retryAfterMs(error) }
          : {}),
      });
      return;
    }
    setState({ busy: false });
    onMeasured();
  };

  const status = errorStatus(state.error);
  const waiting = status === 429 && state.until !== undefined;
  // The wait counts down, and the button waits with it; then both go.
  const now = useNow(1000, waiting);
  const left = waiting ? Math.ceil((state.until! - now) / 1000) : 0;
  useEffect(() => {
    if (!waiting) return undefined;
    const error = state.error;
    const timer = setTimeout(
      () => setState(s => (s.error === error ? { busy: false } : s)),
      Math.max(0, state.until! - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [state.error, state.until, waiting]);

  return (
    <Box component="span" display="inline-flex" alignItems="center" ml={1}>
      <Button
        size="small"
        color="primary"
        onClick={measure}
        disabled={state.busy || waiting}
        aria-label={`Check ${title} now`}
      >
        {state.busy ? 'Checking…' : 'Check now'}
      </Button>
      {waiting && (
        <Typography
          variant="body2"
          color="textSecondary"
          component="span"
          role="status"
          title={errorMessage(state.error)}
        >
          Checked on request just now; check again in {Math.max(1, left)} s
        </Typography>
      )}
      {state.error !== undefined && !waiting && (
        <Typography variant="body2" color="error" component="span" role="alert">
          {status === 403 ? 'Not allowed: ' : ''}
          {errorMessage(state.error)}
        </Typography>
      )}
    </Box>
  );
}
