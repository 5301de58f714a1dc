import { Entity } from '@backstage/catalog-model';
import { RunbookConfig } from './config';
import { resolveRunbook, RunbookLink } from './resolveRunbook';

/**
 * The runbook links of entities: for the API (a portal path stays a path)
 * and for messages, which leave the portal (a path becomes an absolute URL
 * on `app.baseUrl`).
 *
 * @internal
 */
export class RunbookResolver {
  static create(options: { config: RunbookConfig; appBaseUrl?: string }) {
    return new RunbookResolver(options.config, options.appBaseUrl);
  }

  private constructor(
    private readonly config: RunbookConfig,
    private readonly appBaseUrl: string | undefined,
  ) {}

  /** The entity's usable runbook for the check; undefined when it has none. */
  forEntity(entity: Entity, checkId?: string): RunbookLink | undefined {
    const runbook = resolveRunbook(entity, checkId, this.config);
    return runbook && 'url' in runbook ? runbook : undefined;
  }

  /** The runbook URL for a message about the entity's check. */
  urlForMessage(entity: Entity, checkId?: string): string | undefined {
    const runbook = this.forEntity(entity, checkId);
    if (!runbook) return undefined;
    return runbook.url.startsWith('/')
      ? `${(this.appBaseUrl ?? '').replace(/\/+$/, '')}${runbook.url}`
      : runbook.url;
  }
}
