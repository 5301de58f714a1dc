import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import SendIcon from '@material-ui/icons/Send';
import { opsHealthChannelTestPermission } from '@ops-health/backstage-plugin-ops-health-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  OpsHealthChannel,
  OpsHealthChannelTestResult,
  opsHealthApiRef,
} from '../../api';
import { errorMessage, errorStatus } from '../common/errorMessage';
import { formatClock } from '../common/format';
import { CARD_HEADING } from '../common/cardHeading';

type Outcome =
  | { state: 'sending' }
  | { state: 'done'; result: OpsHealthChannelTestResult; at: Date }
  | { state: 'failed'; message: string }
  /** Refused as too soon (429): not a failure of the channel. */
  | { state: 'limited'; message: string };

const DENIED =
  'Sending a test message needs the ops-health.channel.test permission (platform admins).';

function OutcomeText({ outcome }: { outcome?: Outcome }) {
  if (!outcome) return null;
  if (outcome.state === 'sending') {
    return <Typography variant="body2">Sending…</Typography>;
  }
  if (outcome.state === 'failed') {
    return <StatusError>{outcome.message}</StatusError>;
  }
  if (outcome.state === 'limited') {
    return <StatusPending>{outcome.message}</StatusPending>;
  }
  const { result, at } = outcome;
  // When: a second test's outcome reads differently from the first's.
  const when = ` at ${formatClock(at.toISOString())}`;
  return result.ok ? (
    <StatusOK>
      Delivered to {result.destination} in {Math.round(result.durationMs)} ms
      {when}
    </StatusOK>
  ) : (
    <StatusError>
      Could not deliver to {result.destination} (after{' '}
      {Math.round(result.durationMs)} ms{when}):{' '}
      {result.error ?? 'unknown error'}
    </StatusError>
  );
}

/**
 * The configured notification channels, each with a button that sends a
 * test message (platform admins only) and the outcome.
 *
 * @internal
 */
export function ChannelsCard() {
  const api = useApi(opsHealthApiRef);
  const { allowed, loading: checking } = usePermission({
    permission: opsHealthChannelTestPermission,
  });
  const { value, loading, error } = useAsync(
    async () => api.listChannels(),
    [api],
  );
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});

  const send = async (channel: OpsHealthChannel) => {
    setOutcomes(o => ({ ...o, [channel.name]: { state: 'sending' } }));
    try {
      const result = await api.testChannel(channel.name);
      setOutcomes(o => ({
        ...o,
        [channel.name]: { state: 'done', result, at: new Date() },
      }));
    } catch (e) {
      setOutcomes(o => ({
        ...o,
        [channel.name]: {
          state: errorStatus(e) === 429 ? 'limited' : 'failed',
          message: errorMessage(e),
        },
      }));
    }
  };

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = (
      <ResponseErrorPanel
        title={`Could not load the notification channels: ${errorMessage(
          error,
        )}`}
        error={error}
      />
    );
  } else if (!value || value.channels.length === 0) {
    content = (
      <Typography variant="body2">
        No notification channels are configured (opsHealth.notifications).
      </Typography>
    );
  } else {
    content = (
      <>
        {!checking && !allowed && (
          <Typography
            variant="body2"
            color="textSecondary"
            id="ops-health-channel-test-denied"
            gutterBottom
          >
            {DENIED}
          </Typography>
        )}
        <div style={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Notification channels">
            <TableHead>
              <TableRow>
                <TableCell>Channel</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Minimum severity</TableCell>
                <TableCell>Checks</TableCell>
                <TableCell>Test</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.channels.map(channel => {
                const outcome = outcomes[channel.name];
                return (
                  <TableRow key={channel.name}>
                    <TableCell>{channel.name}</TableCell>
                    <TableCell>{channel.type}</TableCell>
                    <TableCell>{channel.minSeverity}</TableCell>
                    <TableCell>
                      {channel.checks?.length
                        ? channel.checks.join(', ')
                        : 'all'}
                    </TableCell>
                    <TableCell>
                      <Box display="flex" flexDirection="column" gridGap={4}>
                        <Box>
                          <Button
                            variant="outlined"
                            size="small"
                            startIcon={<SendIcon />}
                            disabled={
                              checking ||
                              !allowed ||
                              outcome?.state === 'sending'
                            }
                            aria-describedby={
                              !checking && !allowed
                                ? 'ops-health-channel-test-denied'
                                : undefined
                            }
                            aria-label={`Send test to ${channel.name}`}
                            onClick={() => send(channel)}
                          >
                            Send test
                          </Button>
                        </Box>
                        <Box role="status" aria-live="polite">
                          <OutcomeText outcome={outcome} />
                        </Box>
                      </Box>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      </>
    );
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Notification channels"
      subheader="Where alerts and escalations are sent"
    >
      {content}
    </InfoCard>
  );
}
