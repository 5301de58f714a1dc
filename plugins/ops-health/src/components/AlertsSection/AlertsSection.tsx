import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusOK,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { checkTitle } from '@ops-health/backstage-plugin-ops-health-common';
import { OpsHealthAlert, opsHealthApiRef, OpsHealthSilence } from '../../api';
import { errorMessage } from '../common/errorMessage';
import { formatTime, silencedUntil, timeAgo } from '../common/format';
import { Person } from '../common/Person';
import { RunbookLink } from '../common/RunbookLink';
import { StatusLight } from '../common/StatusLight';
import { SilenceDialog } from './SilenceDialog';
import { CARD_HEADING } from '../common/cardHeading';
import { useRefreshWhileVisible } from '../../hooks/useRefreshWhileVisible';

const useStyles = makeStyles(theme => ({
  // The text takes what the fixed actions column leaves, and wraps: a long
  // explanation never pushes the Silence button around or out of the card.
  item: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) 9rem',
    columnGap: theme.spacing(2),
    alignItems: 'start',
    borderBottom: `1px solid ${theme.palette.divider}`,
    paddingTop: theme.spacing(1),
    paddingBottom: theme.spacing(1),
  },
  text: { minWidth: 0, overflowWrap: 'anywhere' },
  chip: { marginLeft: theme.spacing(1) },
  actions: { display: 'flex', justifyContent: 'flex-end' },
}));

// Mirrors the backend: a silence names a dedup key, or an entity and check.
function silenceOf(alert: OpsHealthAlert, silences: OpsHealthSilence[]) {
  return silences.find(s =>
    s.dedupKey !== undefined
      ? s.dedupKey === alert.dedupKey
      : s.entityRef === alert.entityRef && s.checkId === alert.checkId,
  );
}

/**
 * Open alerts of the entity with their silenced state and a silence action.
 *
 * @internal
 */
export function AlertsSection() {
  const classes = useStyles();
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [silencing, setSilencing] = useState<OpsHealthAlert>();
  const [actionError, setActionError] = useState<Error>();

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [alerts, silences] = await Promise.all([
      api.listAlerts({ entityRef }),
      // Reading silences is an extra: alerts carry `silenced` themselves.
      api
        .listSilences({ active: true, entityRef, limit: 500 })
        .catch(() => ({ items: [] })),
    ]);
    return { alerts: alerts.items, silences: silences.items };
  }, [api, entityRef]);
  // Alerts fire and resolve while the tab is open; their ages go on.
  useRefreshWhileVisible(retry);

  const expire = async (silence: OpsHealthSilence) => {
    setActionError(undefined);
    try {
      await api.expireSilence(silence.id);
      retry();
    } catch (e) {
      setActionError(e as Error);
    }
  };

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel title={errorMessage(error)} error={error} />;
  } else if (value) {
    content =
      value.alerts.length === 0 ? (
        <StatusOK>No open alerts</StatusOK>
      ) : (
        <List dense aria-label="Open alerts">
          {value.alerts.map(alert => {
            const silence = silenceOf(alert, value.silences);
            return (
              <ListItem key={alert.id} className={classes.item} disableGutters>
                <Box className={classes.text}>
                  <Box display="flex" alignItems="center" flexWrap="wrap">
                    <StatusLight
                      status={
                        alert.state === 'firing' ? alert.severity : 'pending'
                      }
                    >
                      <Typography
                        variant="subtitle2"
                        component="span"
                        title={alert.message}
                      >
                        {alert.headline}
                      </Typography>
                    </StatusLight>
                    {alert.silenced && (
                      <Chip
                        size="small"
                        label={
                          silence
                            ? silencedUntil(silence.expiresAt)
                            : 'silenced'
                        }
                        title={
                          silence
                            ? `Until ${formatTime(silence.expiresAt)}`
                            : undefined
                        }
                        className={classes.chip}
                      />
                    )}
                  </Box>
                  {/* A headline cut short: the whole of it, to read here. */}
                  {alert.headline.endsWith('…') &&
                    alert.message !== alert.headline && (
                      <Typography variant="body2" component="p">
                        {alert.message}
                      </Typography>
                    )}
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    component="div"
                  >
                    {checkTitle(alert.checkId)}
                    {alert.subject ? ` · ${alert.subject}` : ''} ·{' '}
                    {alert.severity} · {alert.state} since{' '}
                    <time
                      dateTime={alert.firedAt ?? alert.firstSeen}
                      title={formatTime(alert.firedAt ?? alert.firstSeen)}
                    >
                      {timeAgo(alert.firedAt ?? alert.firstSeen)}
                    </time>
                    {silence && (
                      <>
                        {' '}
                        · silenced by <Person
                          entityRef={silence.createdBy}
                        />: {silence.reason}
                      </>
                    )}
                  </Typography>
                  <RunbookLink
                    checkId={alert.checkId}
                    section={alert.runbookSection}
                  />
                </Box>
                <Box className={classes.actions}>
                  {silence ? (
                    <Button
                      size="small"
                      variant="outlined"
                      onClick={() => expire(silence)}
                      aria-label={`End silence of ${checkTitle(
                        alert.checkId,
                      )} ${alert.subject}`.trim()}
                    >
                      End silence
                    </Button>
                  ) : (
                    !alert.silenced && (
                      <Button
                        size="small"
                        variant="outlined"
                        color="primary"
                        onClick={() => setSilencing(alert)}
                        aria-label={`Silence ${checkTitle(alert.checkId)} ${
                          alert.subject
                        }`.trim()}
                      >
                        Silence
                      </Button>
                    )
                  )}
                </Box>
              </ListItem>
            );
          })}
        </List>
      );
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_HEADING}
      title="Open alerts"
      subheader="Alerts of this entity"
    >
      {content}
      {actionError && (
        <WarningPanel severity="error" title={errorMessage(actionError)} />
      )}
      {silencing && (
        <SilenceDialog
          alert={silencing}
          onClose={() => setSilencing(undefined)}
          onSilenced={() => {
            setSilencing(undefined);
            retry();
          }}
        />
      )}
      {value && value.alerts.some(a => a.silenced) && (
        <Typography variant="caption" color="textSecondary">
          Silenced alerts are recorded but not notified.
        </Typography>
      )}
    </InfoCard>
  );
}
