import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { CollectionListener } from '../engine/CollectionEngine';
import { AlertEvaluator } from './AlertEvaluator';

/**
 * What follows each collection: its results are evaluated into alerts, then
 * whatever acts on alerts (the incidents) catches up at once. A failure of
 * the latter is logged and left to its own scheduled task: it must not fail
 * the collection.
 *
 * @internal
 */
export class AlertPipeline implements CollectionListener {
  static create(options: {
    evaluator: AlertEvaluator;
    logger: LoggerService;
    afterEvaluation?: (now: Date) => Promise<unknown>;
  }) {
    return new AlertPipeline(options);
  }

  private constructor(
    private readonly options: Parameters<typeof AlertPipeline.create>[0],
  ) {}

  async onCollected(
    ...args: Parameters<CollectionListener['onCollected']>
  ): Promise<void> {
    await this.options.evaluator.onCollected(...args);
    const [, , now] = args;
    await this.options.afterEvaluation?.(now).catch(error =>
      this.options.logger.error('Could not act on the evaluated alerts', {
        error: stringifyError(error),
      }),
    );
  }
}
