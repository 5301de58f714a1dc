import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  OpsHealthCheckId,
  OpsHealthEntityHealth,
  OpsHealthSetupReport,
} from '@ops-health/backstage-plugin-ops-health-common';
import type { OpsHealthApiPaths as paths } from '@ops-health/backstage-plugin-ops-health-common';
import { OpsHealthApi } from './OpsHealthApi';
import {
  OpsHealthAlertListOptions,
  OpsHealthCanaryStart,
  OpsHealthRunbookTopic,
  OpsHealthSilenceRequest,
} from './types';
import {
  OpsHealthHealthListOptions,
  OpsHealthScheduleOverrideRequest,
} from './portalTypes';
import {
  OpsHealthIncidentDetails,
  OpsHealthIncidentEvent,
  OpsHealthIncidentListOptions,
  OpsHealthIncidentMetricsOptions,
  OpsHealthIncidentNoteRequest,
  OpsHealthIncidentRequest,
  OpsHealthIncidentTransitionRequest,
  OpsHealthIncidentUpdateRequest,
  OpsHealthPostmortemRequest,
} from './incidentTypes';

// Requests and responses are typed from the OpenAPI spec of the backend
// (the types -common generates from it): a path, method,
// parameter or body the spec does not have does not compile.
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Path = keyof paths;
type Operation<P extends Path, M extends Method> = NonNullable<paths[P][M]>;
type Parameters<P extends Path, M extends Method> = Operation<P, M> extends {
  parameters: infer X;
}
  ? X
  : never;
type PathParams<P extends Path, M extends Method> = Parameters<P, M> extends {
  path: infer X;
}
  ? X
  : undefined;
type QueryParams<P extends Path, M extends Method> = Parameters<P, M> extends {
  query?: infer X;
}
  ? X
  : undefined;
type RequestBody<P extends Path, M extends Method> = Operation<P, M> extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : undefined;
type ResponseBody<
  P extends Path,
  M extends Method,
  S extends keyof Operation<P, M>['responses'],
> = Operation<P, M>['responses'][S] extends {
  content: { 'application/json': infer B };
}
  ? B
  : never;

type RequestOptions<P extends Path, M extends Method> = {
  path?: PathParams<P, M>;
  query?: QueryParams<P, M>;
  body?: RequestBody<P, M>;
  headers?: Record<string, string>;
};

function entityParams(entity: CompoundEntityRef) {
  return {
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
  };
}

function toQueryString(query: object | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Client of the Ops Health backend, typed from its OpenAPI spec.
 *
 * @public
 */
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
    const body = await this.json<
      '/entities/{kind}/{namespace}/{name}/setup',
      'get',
      200
    >(
      await this.send('get', '/entities/{kind}/{namespace}/{name}/setup', {
        path: entityParams(entity),
      }),
    );
    return body;
  }

  async getEntityHealth(
    entity: CompoundEntityRef,
    options?: { details?: boolean },
  ): Promise<OpsHealthEntityHealth> {
    const body = await this.json<
      '/entities/{kind}/{namespace}/{name}/health',
      'get',
      200
    >(
      await this.send('get', '/entities/{kind}/{namespace}/{name}/health', {
        path: entityParams(entity),
        ...(options?.details ? { query: { details: true } } : {}),
      }),
    );
    return body;
  }

  async listIncidents(options?: OpsHealthIncidentListOptions) {
    return this.json<'/incidents', 'get', 200>(
      await this.send('get', '/incidents', { query: options }),
    );
  }

  async getIncident(id: string): Promise<OpsHealthIncidentDetails> {
    return this.json<'/incidents/{id}', 'get', 200>(
      await this.send('get', '/incidents/{id}', { path: { id } }),
    );
  }

  async listIncidentEvents(
    id: string,
    options: { before?: number; limit?: number },
  ): Promise<{ items: OpsHealthIncidentEvent[]; totalCount: number }> {
    return this.json<'/incidents/{id}/events', 'get', 200>(
      await this.send('get', '/incidents/{id}/events', {
        path: { id },
        query: options,
      }),
    );
  }

  async createIncident(
    request: OpsHealthIncidentRequest,
    options?: { idempotencyKey?: string },
  ) {
    return this.json<'/incidents', 'post', 201>(
      await this.send('post', '/incidents', {
        body: request,
        ...(options?.idempotencyKey
          ? { headers: { 'Idempotency-Key': options.idempotencyKey } }
          : {}),
      }),
    );
  }

  async transitionIncident(
    id: string,
    request: OpsHealthIncidentTransitionRequest,
  ) {
    return this.json<'/incidents/{id}/transition', 'post', 200>(
      await this.send('post', '/incidents/{id}/transition', {
        path: { id },
        body: request,
      }),
    );
  }

  async updateIncident(id: string, request: OpsHealthIncidentUpdateRequest) {
    return this.json<'/incidents/{id}', 'patch', 200>(
      await this.send('patch', '/incidents/{id}', {
        path: { id },
        body: request,
      }),
    );
  }

  async addIncidentNote(id: string, request: OpsHealthIncidentNoteRequest) {
    return this.json<'/incidents/{id}/notes', 'post', 201>(
      await this.send('post', '/incidents/{id}/notes', {
        path: { id },
        body: request,
      }),
    );
  }

  async updateIncidentPostmortem(
    id: string,
    request: OpsHealthPostmortemRequest,
  ) {
    return this.json<'/incidents/{id}/postmortem', 'put', 200>(
      await this.send('put', '/incidents/{id}/postmortem', {
        path: { id },
        body: request,
      }),
    );
  }

  async getIncidentMetrics(options?: OpsHealthIncidentMetricsOptions) {
    return this.json<'/metrics/incidents', 'get', 200>(
      await this.send('get', '/metrics/incidents', { query: options }),
    );
  }

  async getEntityCheck(
    entity: CompoundEntityRef,
    checkId: OpsHealthCheckId,
    options?: { days?: number },
  ) {
    const response = await this.send(
      'get',
      '/entities/{kind}/{namespace}/{name}/checks/{checkId}',
      {
        path: { ...entityParams(entity), checkId },
        query: { days: options?.days },
      },
    );
    return this.json<
      '/entities/{kind}/{namespace}/{name}/checks/{checkId}',
      'get',
      200
    >(response);
  }

  async getReplicationCanaryRuns(entity: CompoundEntityRef) {
    const response = await this.send(
      'get',
      '/entities/{kind}/{namespace}/{name}/replication/canary',
      { path: entityParams(entity) },
    );
    return this.json<
      '/entities/{kind}/{namespace}/{name}/replication/canary',
      'get',
      200
    >(response);
  }

  async startReplicationCanary(
    entity: CompoundEntityRef,
    options?: { bucket?: string },
  ): Promise<OpsHealthCanaryStart> {
    type P = '/entities/{kind}/{namespace}/{name}/replication/canary';
    const response = await this.send<P, 'post'>(
      'post',
      '/entities/{kind}/{namespace}/{name}/replication/canary',
      {
        path: entityParams(entity),
        body: options?.bucket ? { bucket: options.bucket } : {},
      },
    );
    if (response.status === 409) {
      // A test of the bucket is already running: show that one.
      const conflict = (await response
        .clone()
        .json()
        .catch(() => undefined)) as ResponseBody<P, 'post', 409> | undefined;
      if (conflict?.error?.message) {
        const { runs } = await this.getReplicationCanaryRuns(entity);
        const running = runs.find(
          r =>
            r.status === 'running' &&
            (!options?.bucket || r.bucket === options.bucket),
        );
        return {
          started: false,
          message: conflict.error.message,
          ...(running ? { running } : {}),
        };
      }
    }
    const { runs } = await this.json<P, 'post', 202>(response);
    return { started: true, runs };
  }

  async measureEntityCheck(entity: CompoundEntityRef, checkId: string) {
    const response = await this.send(
      'post',
      '/entities/{kind}/{namespace}/{name}/checks/{checkId}/measure',
      { path: { ...entityParams(entity), checkId } },
    );
    return this.json<
      '/entities/{kind}/{namespace}/{name}/checks/{checkId}/measure',
      'post',
      200
    >(response);
  }

  async triggerBackup(entity: CompoundEntityRef) {
    const response = await this.send(
      'post',
      '/entities/{kind}/{namespace}/{name}/backup/trigger',
      { path: entityParams(entity) },
    );
    return this.json<
      '/entities/{kind}/{namespace}/{name}/backup/trigger',
      'post',
      202
    >(response);
  }

  async listAlerts(options?: OpsHealthAlertListOptions) {
    return this.json<'/alerts', 'get', 200>(
      await this.send('get', '/alerts', { query: options }),
    );
  }

  async listSilences(options?: {
    active?: boolean;
    entityRef?: string;
    limit?: number;
    offset?: number;
  }) {
    return this.json<'/silences', 'get', 200>(
      await this.send('get', '/silences', { query: options }),
    );
  }

  async createSilence(
    request: OpsHealthSilenceRequest,
    options?: { idempotencyKey?: string },
  ) {
    return this.json<'/silences', 'post', 201>(
      await this.send('post', '/silences', {
        body: request,
        ...(options?.idempotencyKey
          ? { headers: { 'Idempotency-Key': options.idempotencyKey } }
          : {}),
      }),
    );
  }

  async expireSilence(id: string) {
    return this.json<'/silences/{id}', 'delete', 200>(
      await this.send('delete', '/silences/{id}', { path: { id } }),
    );
  }

  async getEntityRunbook(
    entity: CompoundEntityRef,
    checkId?: OpsHealthRunbookTopic,
  ) {
    const response = await this.send(
      'get',
      '/entities/{kind}/{namespace}/{name}/runbook',
      { path: entityParams(entity), query: { checkId } },
    );
    // No runbook configured is an ordinary answer, not a failure.
    if (response.status === 404) {
      return undefined;
    }
    return this.json<'/entities/{kind}/{namespace}/{name}/runbook', 'get', 200>(
      response,
    );
  }

  async getEntityContacts(entity: CompoundEntityRef) {
    return this.json<
      '/entities/{kind}/{namespace}/{name}/contacts',
      'get',
      200
    >(
      await this.send('get', '/entities/{kind}/{namespace}/{name}/contacts', {
        path: entityParams(entity),
      }),
    );
  }

  async listHealth(options?: OpsHealthHealthListOptions) {
    return this.json<'/health', 'get', 200>(
      await this.send('get', '/health', { query: options }),
    );
  }

  async getCheckSummary() {
    return this.json<'/checks', 'get', 200>(
      await this.send('get', '/checks', {}),
    );
  }

  async listChannels() {
    return this.json<'/channels', 'get', 200>(
      await this.send('get', '/channels', {}),
    );
  }

  async testChannel(name: string) {
    return this.json<'/channels/{name}/test', 'post', 200>(
      await this.send('post', '/channels/{name}/test', { path: { name } }),
    );
  }

  async listSchedules(options?: { days?: number }) {
    return this.json<'/schedules', 'get', 200>(
      await this.send('get', '/schedules', { query: options }),
    );
  }

  async getSchedule(name: string, options?: { days?: number }) {
    return this.json<'/schedules/{name}', 'get', 200>(
      await this.send('get', '/schedules/{name}', {
        path: { name },
        query: options,
      }),
    );
  }

  async createScheduleOverride(
    name: string,
    request: OpsHealthScheduleOverrideRequest,
  ) {
    return this.json<'/schedules/{name}/overrides', 'post', 201>(
      await this.send('post', '/schedules/{name}/overrides', {
        path: { name },
        body: request,
      }),
    );
  }

  async deleteScheduleOverride(name: string, id: string): Promise<void> {
    const response = await this.send(
      'delete',
      '/schedules/{name}/overrides/{id}',
      { path: { name, id } },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
  }

  async acknowledgeFromLink(token: string) {
    return this.json<'/acknowledge', 'post', 200>(
      await this.send('post', '/acknowledge', { body: { token } }),
    );
  }

  private async send<P extends Path, M extends Method>(
    method: M,
    path: P,
    options: RequestOptions<P, M>,
  ): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('ops-health');
    const params = (options.path ?? {}) as Record<string, string>;
    const url = `${baseUrl}${String(path).replace(/\{(\w+)\}/g, (_, key) =>
      encodeURIComponent(params[key]),
    )}${toQueryString(options.query as object | undefined)}`;
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return this.options.fetchApi.fetch(url, {
      method: method.toUpperCase(),
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
    });
  }

  private async json<
    P extends Path,
    M extends Method,
    S extends keyof Operation<P, M>['responses'],
  >(response: Response): Promise<ResponseBody<P, M, S>> {
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
