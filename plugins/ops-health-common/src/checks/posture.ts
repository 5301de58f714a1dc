/**
 * The controls the `posture` check of an AWS account entity looks at.
 *
 * @public
 */
export type PostureControl =
  | 'account'
  | 'cloudtrail'
  | 'trail-bucket'
  | 'iam-change-alarm'
  | 'access-keys'
  | 'reader-permissions';

/**
 * What one control of an account's posture found.
 *
 * @public
 */
export type PostureFinding = {
  control: PostureControl;
  status: 'ok' | 'warning' | 'critical' | 'unknown';
  message: string;
};

/**
 * An active IAM access key that is too old or unused for too long.
 *
 * @public
 */
export type PostureAccessKey = {
  userName: string;
  /** The last four characters of the key id only. */
  keyIdEnding: string;
  ageDays: number;
  /** Days since the key was last used; null when it never was. */
  lastUsedDaysAgo: number | null;
  problem: string;
};

/**
 * `details` of a result of the `posture` check (an AWS account entity).
 *
 * @public
 */
export type PostureCheckDetails = {
  /** The account the platform's credentials reached. */
  accountId: string;
  findings: PostureFinding[];
  trail?: {
    name: string;
    multiRegion: boolean;
    logging: boolean;
    bucket?: string;
    logGroup?: string;
  };
  /** Problem keys, oldest first (at most 50). */
  accessKeys: PostureAccessKey[];
  /** Active access keys looked at. */
  accessKeysChecked: number;
  maxAccessKeyAgeDays: number;
};

/**
 * Whether a result's details are those of a posture measurement.
 *
 * @public
 */
export function isPostureCheckDetails(
  details: unknown,
): details is PostureCheckDetails {
  const d = details as Partial<PostureCheckDetails> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.accountId === 'string' &&
    Array.isArray(d.findings) &&
    Array.isArray(d.accessKeys)
  );
}
