import {
  CheckHistoryReader,
  DailyCost,
  MetricSample,
} from '@ops-health/backstage-plugin-ops-health-node';

/**
 * Bounded history: daily cost series and metric samples.
 *
 * @internal
 */
export interface HistoryStore
  extends Pick<CheckHistoryReader, 'getDailyCosts' | 'countDailyCosts'> {
  /** Stores the costs in transactions as it iterates them (may be lazy). */
  upsertDailyCosts(costs: Iterable<DailyCost>, fetchedAt: Date): Promise<void>;
  addMetricSamples(samples: MetricSample[]): Promise<void>;
  getMetricSamples(options: {
    entityRef: string;
    checkId: string;
    since: Date;
  }): Promise<MetricSample[]>;
  /** Deletes history older than the given day / time; returns the counts. */
  deleteOlderThan(options: {
    costDay: string;
    sampleTime: Date;
  }): Promise<{ costs: number; samples: number }>;
}
