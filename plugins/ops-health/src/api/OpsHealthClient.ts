import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  OpsHealthEntityHealth,
  OpsHealthSetupReport,
} from '@ops-health/backstage-plugin-ops-health-common';
import { OpsHealthApi } from './OpsHealthApi';

function entityPath(entity: CompoundEntityRef): string {
  return `/entities/${encodeURIComponent(entity.kind)}/${encodeURIComponent(
    entity.namespace,
  )}/${encodeURIComponent(entity.name)}`;
}

/** @public */
export class OpsHealthClient implements OpsHealthApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getEntitySetup(
    entity: CompoundEntityRef,
  ): Promise<OpsHealthSetupReport> {
    return this.get(`${entityPath(entity)}/setup`);
  }

  async getEntityHealth(
    entity: CompoundEntityRef,
  ): Promise<OpsHealthEntityHealth> {
    return this.get(`${entityPath(entity)}/health`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('ops-health');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
