import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  BackupCheckDetails,
  isBackupCheckDetails,
  restoreCommand,
} from '@ops-health/backstage-plugin-ops-health-common';
import { useCheckDetail } from '../../hooks/useCheckDetail';
import { CopyableCode } from '../common/CopyableCode';

/**
 * The commands that restore the entity from its last successful backup, with
 * a copy button; nothing without a restore point.
 *
 * @internal
 */
export function RestoreCommand({ details }: { details: BackupCheckDetails }) {
  const command = restoreCommand(details);
  if (!command) return null;
  return (
    <Box mt={1} aria-label="Restore command" component="section">
      <Typography variant="overline" component="h3" color="textSecondary">
        Restore from it
      </Typography>
      <CopyableCode text={command} language="bash" />
    </Box>
  );
}

/**
 * During an incident's recovery: the entity's restore command, read from its
 * backup check; nothing when the entity has no backup with a restore point.
 *
 * @internal
 */
export function RecoveryRestore() {
  const { value } = useCheckDetail('backup');
  const details = value?.results
    .filter(r => r.checkId === 'backup')
    .map(r => r.details)
    .find(isBackupCheckDetails);
  if (!details?.restorePoint) return null;
  return <RestoreCommand details={details} />;
}
