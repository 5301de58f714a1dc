import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  InputLogEvent,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import { MotoClientConfig } from '../clientConfig';

// PutLogEvents limits: 10,000 events per batch, spanning at most 24 hours.
const MAX_EVENTS_PER_BATCH = 10_000;
const MAX_BATCH_SPAN_MS = 24 * 60 * 60 * 1000;

/**
 * One log line for {@link seedLogEvents}.
 *
 * @public
 */
export interface SeedLogMessage {
  message: string;
  /** Milliseconds since the epoch; defaults to the time of the call. */
  timestamp?: number;
}

/**
 * Options for {@link seedLogEvents}.
 *
 * @public
 */
export interface SeedLogEventsOptions {
  logGroupName: string;
  /** Defaults to `seed`. */
  logStreamName?: string;
  messages: SeedLogMessage[];
}

/**
 * Writes log events to CloudWatch Logs, creating the log group and stream
 * when they do not exist yet.
 *
 * @remarks
 * Events are sorted by timestamp and split into batches as PutLogEvents
 * requires. Real CloudWatch Logs rejects events older than 14 days.
 *
 * @public
 */
export async function seedLogEvents(
  config: MotoClientConfig,
  options: SeedLogEventsOptions,
): Promise<void> {
  const logGroupName = options.logGroupName;
  const logStreamName = options.logStreamName ?? 'seed';
  const now = Date.now();
  const events: InputLogEvent[] = options.messages
    .map(({ message, timestamp }) => ({ message, timestamp: timestamp ?? now }))
    .sort((a, b) => a.timestamp - b.timestamp);

  const logs = new CloudWatchLogsClient(config);
  try {
    await ignoreAlreadyExists(
      logs.send(new CreateLogGroupCommand({ logGroupName })),
    );
    await ignoreAlreadyExists(
      logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName })),
    );
    for (const batch of batches(events)) {
      await logs.send(
        new PutLogEventsCommand({
          logGroupName,
          logStreamName,
          logEvents: batch,
        }),
      );
    }
  } finally {
    logs.destroy();
  }
}

async function ignoreAlreadyExists(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof ResourceAlreadyExistsException)) {
      throw error;
    }
  }
}

function batches(events: InputLogEvent[]): InputLogEvent[][] {
  const result: InputLogEvent[][] = [];
  let current: InputLogEvent[] = [];
  for (const event of events) {
    if (
      current.length === MAX_EVENTS_PER_BATCH ||
      (current.length > 0 &&
        event.timestamp! - current[0].timestamp! > MAX_BATCH_SPAN_MS)
    ) {
      result.push(current);
      current = [];
    }
    current.push(event);
  }
  if (current.length > 0) {
    result.push(current);
  }
  return result;
}
