// GENERATED FILE, DO NOT EDIT: run `yarn generate:openapi` after changing openapi.yaml.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

/** @internal */
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'ops-health',
    version: '1',
    description:
      'Ops Health API: AWS cost, S3 replication and backup health of catalog entities. Reads touch only the Ops Health database; an entity the caller cannot see in the catalog does not exist for them (404).',
    license: {
      name: 'Apache-2.0',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/entities/{kind}/{namespace}/{name}/setup': {
      get: {
        operationId: 'GetEntitySetup',
        description:
          'Which Ops Health annotations the entity has, which checks they enable, which values are malformed and a catalog-info.yaml snippet with the annotations still to add.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The setup report.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SetupReport',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/health': {
      get: {
        operationId: 'GetEntityHealth',
        description:
          "The entity's health summary: the latest result of every check and subject, each with its time of measurement and a stale flag, the overall status, and the setup report. Read from the database only. Results leave out their check-specific details unless `details=true`; each check's route has them with its history.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'details',
            in: 'query',
            schema: {
              type: 'boolean',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The health summary.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityHealth',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/checks/{checkId}': {
      get: {
        operationId: 'GetEntityCheck',
        description:
          'One check of the entity in detail: its results (with check-specific details: cost drivers, replication rules, backups and the restore point) and its stored history (daily cost series, metric samples).',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'checkId',
            in: 'path',
            required: true,
            schema: {
              $ref: '#/components/schemas/CheckId',
            },
          },
          {
            name: 'days',
            in: 'query',
            description:
              'UTC days of history to return, ending with today (partial), today included (default 30, at most 400).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 400,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The check detail.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CheckDetail',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/checks/{checkId}/measure': {
      post: {
        operationId: 'MeasureEntityCheck',
        requestBody: {
          description:
            'None; a body with any field is refused (400) rather than ignored.',
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
              },
            },
          },
        },
        description:
          'Measures the check of the entity now, as its schedule would, and evaluates its alerts: "check now" after a fix. Allowed to whoever may trigger Ops Health actions on the entity (ops-health.action.trigger), once a minute per entity and check and 10 times a minute per caller, counted across the replicas (429 with Retry-After); waits up to 30 s for a running collection of the check (409 after that); 400 when the check does not apply to the entity; 503 when the measurement did not finish within 2 minutes.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'checkId',
            in: 'path',
            required: true,
            schema: {
              $ref: '#/components/schemas/CheckId',
            },
          },
        ],
        responses: {
          '200': {
            description: "The check's results of the entity, as measured now.",
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    results: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/CheckResult',
                      },
                    },
                  },
                  required: ['results'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '429': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '503': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/replication/canary': {
      get: {
        operationId: 'GetReplicationCanaryRuns',
        description:
          'The latest replication test run per source bucket of the entity.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The runs.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CanaryRuns',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
      post: {
        operationId: 'StartReplicationCanary',
        description:
          'Starts a replication test: a probe object is written to each source bucket of the entity (or the one given) and the destinations are polled until it appears or the configured timeout passes. Answers 202 with the started runs; 409 with the running run when a test of the bucket is already running.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  bucket: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 255,
                    description:
                      "One of the entity's source buckets; all of them when omitted.",
                  },
                },
              },
            },
          },
        },
        responses: {
          '202': {
            description: 'The started runs.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CanaryRuns',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/backup/trigger': {
      post: {
        operationId: 'TriggerBackup',
        requestBody: {
          description:
            'None; a body with any field is refused (400) rather than ignored.',
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
              },
            },
          },
        },
        description:
          "Invokes the entity's backup function (ops-health/backup-lambda) asynchronously. Each function at most once per `opsHealth.backup.triggerInterval` (default 15 minutes), on all replicas together: sooner is a 429 with `Retry-After`, naming who triggered it and when.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '202': {
            description: 'The function was invoked.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/BackupTrigger',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '429': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/health': {
      get: {
        operationId: 'ListHealth',
        description:
          "Check results across the catalog, filterable by status and check, paged. Only entities the caller can see in the catalog are listed. Results leave out their check-specific details unless `details=true`; one entity's are on its check route.",
        parameters: [
          {
            name: 'details',
            in: 'query',
            schema: {
              type: 'boolean',
            },
          },
          {
            name: 'status',
            in: 'query',
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/CheckStatus',
              },
            },
          },
          {
            name: 'check',
            in: 'query',
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/CheckId',
              },
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'offset',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 2147483647,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of results.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HealthList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/checks': {
      get: {
        operationId: 'GetCheckSummary',
        description:
          'Per check, over the entities the caller can see: when it last measured something, its last collection error, and how many results are in each status.',
        responses: {
          '200': {
            description: 'The summary.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/CheckSummary',
                      },
                    },
                  },
                  required: ['items'],
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/alerts': {
      get: {
        operationId: 'ListAlerts',
        description:
          'Alerts, newest first: open ones by default. Silenced alerts are listed with `silenced: true`. Only entities the caller can see; an entity (`entityRef`) the caller cannot see is a 404. Paged: `limit` and `offset`, and `totalCount` of all that match.',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            description:
              'Only the alerts of this entity (an entity ref such as component:default/x).',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'state',
            in: 'query',
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              items: {
                type: 'string',
                enum: ['pending', 'firing', 'resolved', 'cancelled'],
              },
            },
          },
          {
            name: 'limit',
            in: 'query',
            description: 'Alerts a page (default 100).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'offset',
            in: 'query',
            description:
              "Alerts to skip (the page's start); `totalCount` says how many match in all.",
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 2147483647,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The alerts.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AlertList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/silences': {
      get: {
        operationId: 'ListSilences',
        description:
          "Silences of the entities the caller can see, newest first, paged; `active=true` for those in force now, `entityRef` for one entity's (404 when the caller cannot see it).",
        parameters: [
          {
            name: 'active',
            in: 'query',
            schema: {
              type: 'boolean',
            },
          },
          {
            name: 'entityRef',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'offset',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 2147483647,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The silences.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SilenceList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
      post: {
        operationId: 'CreateSilence',
        description:
          'Silences alerts by dedup key or by entity and check until `expiresAt` (or for `duration`). Silenced alerts are still recorded and shown, only not sent. With an `Idempotency-Key` header, the same key from the same caller again (a double click, a retry after a timeout, the same request sent twice at once) answers 200 with the silence it created, not a second silence.',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'A key the client makes for each silence it creates, e.g. a UUID: 1 to 255 visible ASCII characters. Reused with a request that differs in any field (matcher, reason, expiresAt, duration): 409.',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
              pattern: '^[!-~]+$',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  dedupKey: {
                    type: 'string',
                    maxLength: 600,
                  },
                  entityRef: {
                    type: 'string',
                    maxLength: 255,
                  },
                  checkId: {
                    type: 'string',
                    maxLength: 64,
                  },
                  reason: {
                    type: 'string',
                    maxLength: 2000,
                    minLength: 1,
                  },
                  expiresAt: {
                    type: 'string',
                    format: 'date-time',
                  },
                  duration: {
                    type: 'string',
                    maxLength: 32,
                    description:
                      'A duration such as 2h or 30m, instead of expiresAt.',
                  },
                },
                required: ['reason'],
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The silence the same Idempotency-Key created earlier (the response has the header `Idempotent-Replayed: true`).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Silence',
                },
              },
            },
          },
          '201': {
            description: 'The silence.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Silence',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/silences/{id}': {
      delete: {
        operationId: 'ExpireSilence',
        description: 'Ends a silence now.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The expired silence.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Silence',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/channels': {
      get: {
        operationId: 'ListChannels',
        description:
          'The configured notification channels (never their secrets).',
        responses: {
          '200': {
            description: 'The channels.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    channels: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Channel',
                      },
                    },
                  },
                  required: ['channels'],
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/channels/{name}/test': {
      post: {
        operationId: 'TestChannel',
        requestBody: {
          description:
            'None; a body with any field is refused (400) rather than ignored.',
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
              },
            },
          },
        },
        description:
          'Sends a test message through one channel right away and reports success or the error. A channel is sent at most 3 test messages a minute and a caller may send 5 (counted across the replicas); over that, 429 with Retry-After.',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 253,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The outcome of the test.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    channel: {
                      type: 'string',
                    },
                    ok: {
                      type: 'boolean',
                    },
                    error: {
                      type: 'string',
                    },
                    recipients: {
                      type: 'array',
                      description:
                        'Who the test message was addressed to (the caller, when a user), for channels that address people.',
                      items: {
                        type: 'string',
                      },
                    },
                    destination: {
                      type: 'string',
                      description:
                        'Where the message went, in words, e.g. "email to user:default/alice" or "the Slack webhook at hooks.slack.com".',
                    },
                    durationMs: {
                      type: 'number',
                    },
                  },
                  required: [
                    'channel',
                    'ok',
                    'recipients',
                    'destination',
                    'durationMs',
                  ],
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '429': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/incidents': {
      get: {
        operationId: 'ListIncidents',
        description:
          "Incidents, newest first, of the entities the caller can see; optionally of one entity, of some owners' entities and in some phases. Paged: `limit` and `offset`, and `totalCount` of all that match.",
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 255,
            },
            allowReserved: true,
          },
          {
            name: 'phase',
            in: 'query',
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/IncidentPhase',
              },
            },
            explode: true,
          },
          {
            name: 'owner',
            in: 'query',
            description:
              'Only incidents of entities owned by one of these users or groups (entity refs; a bare name is a group in the default namespace).',
            schema: {
              type: 'array',
              maxItems: 50,
              items: {
                type: 'string',
                maxLength: 255,
              },
            },
            explode: true,
            allowReserved: true,
          },
          {
            name: 'open',
            in: 'query',
            description:
              'true, only incidents that are not closed; false, only closed ones. Not with `phase`.',
            schema: {
              type: 'boolean',
            },
          },
          {
            name: 'limit',
            in: 'query',
            description: 'Incidents a page (default 100).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            },
          },
          {
            name: 'offset',
            in: 'query',
            description:
              "Incidents to skip (the page's start); `totalCount` says how many match in all.",
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 2147483647,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The incidents.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/IncidentList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
      post: {
        operationId: 'CreateIncident',
        description:
          'Declares an incident on an entity, in `detection`. Needs `ops-health.incident.create` on the entity. With an `Idempotency-Key` header, the same key from the same caller again (a double click, a retry after a timeout, the same request sent twice at once) answers 200 with the incident it declared, not a second incident.',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'A key the client makes for each incident it declares, e.g. a UUID: 1 to 255 visible ASCII characters. Reused with a request that differs in any field (entity, title, severity, commander, note): 409.',
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
              pattern: '^[!-~]+$',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  entityRef: {
                    type: 'string',
                    maxLength: 255,
                    minLength: 1,
                  },
                  title: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 500,
                  },
                  severity: {
                    $ref: '#/components/schemas/IncidentSeverity',
                  },
                  commander: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 255,
                    description:
                      'Entity ref of the incident commander (leave it out for none).',
                  },
                  note: {
                    type: 'string',
                    maxLength: 10000,
                  },
                },
                required: ['entityRef', 'title', 'severity'],
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The incident the same Idempotency-Key declared earlier (the response has the header `Idempotent-Replayed: true`).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Incident',
                },
              },
            },
          },
          '201': {
            description: 'The incident.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Incident',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/incidents/{id}': {
      get: {
        operationId: 'GetIncident',
        description:
          'An incident with the newest page of its timeline (`eventCount` tells how many events it has in all; older pages come from `/incidents/{id}/events`), linked alerts and allowed moves.',
        parameters: [
          {
            $ref: '#/components/parameters/incidentId',
          },
          {
            name: 'eventLimit',
            in: 'query',
            description: 'Timeline events to include, the newest. Default 200.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The incident.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/IncidentDetails',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
      patch: {
        operationId: 'UpdateIncident',
        description:
          'Changes the commander (a user in the catalog; null removes it) and/or the severity. Each change is a timeline event with the note. `version` is the version the caller saw: a stale one is a 409. Needs `ops-health.incident.update`.',
        parameters: [
          {
            $ref: '#/components/parameters/incidentId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  version: {
                    type: 'integer',
                    minimum: 1,
                    maximum: 2147483647,
                  },
                  commander: {
                    type: 'string',
                    maxLength: 255,
                    nullable: true,
                    minLength: 1,
                    description:
                      'Entity ref of a user, e.g. user:default/jane.',
                  },
                  severity: {
                    $ref: '#/components/schemas/IncidentSeverity',
                  },
                  note: {
                    type: 'string',
                    maxLength: 10000,
                  },
                },
                required: ['version'],
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The incident after the change.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Incident',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/incidents/{id}/events': {
      get: {
        operationId: 'ListIncidentEvents',
        description:
          "A page of an incident's timeline, oldest first: the newest `limit` events, or those before the event `before`.",
        parameters: [
          {
            $ref: '#/components/parameters/incidentId',
          },
          {
            name: 'before',
            in: 'query',
            description: 'The id of the oldest event already shown.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 2147483647,
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The page.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/IncidentEvent',
                      },
                    },
                    totalCount: {
                      type: 'integer',
                      description: 'Events on the whole timeline.',
                    },
                  },
                  required: ['items', 'totalCount'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/incidents/{id}/transition': {
      post: {
        operationId: 'TransitionIncident',
        description:
          'Moves the incident to another phase. `version` is the version the caller saw: a stale one is a 409. A move that is not allowed is a 409 naming the allowed ones. Needs `ops-health.incident.update`.',
        parameters: [
          {
            $ref: '#/components/parameters/incidentId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  to: {
                    $ref: '#/components/schemas/IncidentPhase',
                  },
                  version: {
                    type: 'integer',
                    minimum: 1,
                    maximum: 2147483647,
                  },
                  note: {
                    type: 'string',
                    maxLength: 10000,
                  },
                },
                required: ['to', 'version'],
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The incident after the move.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Incident',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/incidents/{id}/notes': {
      post: {
        operationId: 'AddIncidentNote',
        description:
          'Adds a note to the timeline. With `version`, a stale version is a 409. Needs `ops-health.incident.update`.',
        parameters: [
          {
            $ref: '#/components/parameters/incidentId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  note: {
                    type: 'string',
                    maxLength: 10000,
                    minLength: 1,
                  },
                  version: {
                    type: 'integer',
                    minimum: 1,
                    maximum: 2147483647,
                  },
                },
                required: ['note'],
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The timeline event.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/IncidentEvent',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/incidents/{id}/postmortem': {
      put: {
        operationId: 'UpdateIncidentPostmortem',
        description:
          'Writes the post-mortem (from lessons-learned on). Closing the incident needs it complete. Once closed it keeps what it closed with: its sections and action items (matched by text) stay; items may be marked done, reassigned, rescheduled or added, and anything else is a 409 (move the incident back to lessons-learned to rework it). The timeline event says what changed. Needs `ops-health.incident.update`.',
        parameters: [
          {
            $ref: '#/components/parameters/incidentId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  version: {
                    type: 'integer',
                    minimum: 1,
                    maximum: 2147483647,
                  },
                  postmortem: {
                    $ref: '#/components/schemas/Postmortem',
                  },
                },
                required: ['version', 'postmortem'],
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The incident with its post-mortem.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Incident',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/metrics/incidents': {
      get: {
        operationId: 'GetIncidentMetrics',
        description:
          'MTTA (detection to assessment) and MTTR (detection to recovery) of the incidents detected in [from, to), portal-wide, for one entity or for the entities of some owners. Defaults to the last 30 days.',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 255,
            },
            allowReserved: true,
          },
          {
            name: 'owner',
            in: 'query',
            description:
              'Only incidents of entities owned by one of these users or groups (entity refs; a bare name is a group in the default namespace).',
            schema: {
              type: 'array',
              maxItems: 50,
              items: {
                type: 'string',
                maxLength: 255,
              },
            },
            explode: true,
            allowReserved: true,
          },
          {
            name: 'from',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
            allowReserved: true,
          },
          {
            name: 'to',
            in: 'query',
            schema: {
              type: 'string',
              format: 'date-time',
            },
            allowReserved: true,
          },
        ],
        responses: {
          '200': {
            description: 'The metrics.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/IncidentMetrics',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/contacts': {
      get: {
        operationId: 'GetEntityContacts',
        description:
          'Who to call about the entity: its owner from the catalog, the escalation chain resolved to people, and the primary contact.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'The contacts.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Contacts',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/runbook': {
      get: {
        operationId: 'GetEntityRunbook',
        description:
          'The runbook of the entity, with the section anchor of a check (the `ops-health/runbook` annotation, else a `metadata.links` entry of type `runbook`, else the configured default). 404 when there is none.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'checkId',
            in: 'query',
            description:
              'An installed check (or a part of one), or `incident` for the incident section.',
            schema: {
              $ref: '#/components/schemas/CheckId',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The runbook link.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Runbook',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/schedules': {
      get: {
        operationId: 'ListSchedules',
        description:
          'The on-call schedules: who is on call now and next, the shifts of the coming days, the overrides and the members missing from the catalog.',
        parameters: [
          {
            name: 'days',
            in: 'query',
            description:
              'How many days of shifts, from now (1 to 92, default 14).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 92,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The schedules.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Schedule',
                      },
                    },
                  },
                  required: ['items'],
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/schedules/{name}': {
      get: {
        operationId: 'GetSchedule',
        description: 'One on-call schedule, from now.',
        parameters: [
          {
            $ref: '#/components/parameters/scheduleName',
          },
          {
            name: 'days',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 92,
            },
          },
        ],
        responses: {
          '200': {
            description: 'The schedule.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Schedule',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/schedules/{name}/overrides': {
      post: {
        operationId: 'CreateScheduleOverride',
        description:
          'The caller takes a shift ("I take Tuesday"): from `from` to `to` they are on call instead of the rotation, and escalation pages them. For members of the schedule\'s team or rotation with the `ops-health.schedule.override` permission; audited.',
        parameters: [
          {
            $ref: '#/components/parameters/scheduleName',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  from: {
                    type: 'string',
                    maxLength: 40,
                    description:
                      'ISO 8601 with an offset, e.g. 2026-12-08T08:00:00Z.',
                  },
                  to: {
                    type: 'string',
                    maxLength: 40,
                  },
                  note: {
                    type: 'string',
                    maxLength: 500,
                  },
                },
                required: ['from', 'to'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The override.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ScheduleOverride',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/schedules/{name}/overrides/{id}': {
      delete: {
        operationId: 'DeleteScheduleOverride',
        description:
          'Gives back a shift taken from the portal (team members; audited).',
        parameters: [
          {
            $ref: '#/components/parameters/scheduleName',
          },
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              maxLength: 64,
            },
          },
        ],
        responses: {
          '204': {
            description: 'Removed.',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/acknowledge': {
      post: {
        operationId: 'AcknowledgeFromLink',
        description:
          'Uses a one-click acknowledge link from a notification: the signed-in caller, who must be the user the link was sent to, moves its incident from detection to assessment. A damaged or forged link (400), one sent to someone else or expired (403) and one already used (409) are refused with `reason` and leave an auditor event.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  token: {
                    type: 'string',
                    maxLength: 2048,
                  },
                },
                required: ['token'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The incident, and whether this link acknowledged it.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    acknowledged: {
                      type: 'boolean',
                    },
                    alreadyBy: {
                      type: 'string',
                    },
                    incident: {
                      $ref: '#/components/schemas/Incident',
                    },
                    link: {
                      type: 'string',
                      description: "The incident's page in the portal.",
                    },
                  },
                  required: ['acknowledged', 'incident', 'link'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
  },
  components: {
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
    parameters: {
      scheduleName: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 64,
        },
      },
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 64,
          pattern: '^[A-Za-z][A-Za-z0-9-]*$',
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 64,
          pattern: '^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?$',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          maxLength: 253,
          pattern: '^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?$',
        },
      },
      incidentId: {
        name: 'id',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 64,
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: 'An error.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'number',
              },
            },
          },
        },
        required: ['error'],
      },
      CheckId: {
        type: 'string',
        description:
          'The id of an installed check, e.g. cost, replication or backup; checks added by modules have their own.',
        pattern: '^[a-z0-9][a-z0-9-]*$',
        maxLength: 64,
      },
      BuiltInCheckId: {
        type: 'string',
        description: 'A check that the Ops Health annotations configure.',
        enum: ['cost', 'replication', 'backup'],
      },
      AnnotationProblem: {
        type: 'object',
        properties: {
          annotation: {
            type: 'string',
          },
          value: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
        required: ['annotation', 'value', 'message'],
      },
      SetupReport: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['configured', 'partial', 'not-configured', 'misconfigured'],
          },
          annotations: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                key: {
                  type: 'string',
                  enum: [
                    'awsAccountId',
                    'costTags',
                    'costInsightsTags',
                    'costDailyThreshold',
                    'costMonthlyThreshold',
                    's3Replication',
                    'backupS3',
                    'backupResourceArn',
                    'backupLambda',
                    'backupMaxAge',
                    'runbook',
                    'escalationPolicy',
                  ],
                },
                annotation: {
                  type: 'string',
                },
                state: {
                  type: 'string',
                  enum: ['set', 'missing', 'invalid'],
                },
                value: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
                description: {
                  type: 'string',
                  description:
                    "What the annotation means. Static text, the same for every entity: the setup route has it; the entity health summary leaves it out (the common package's OPS_HEALTH_ANNOTATION_DOCS holds it).",
                },
                example: {
                  type: 'string',
                  description:
                    'An example value. Static, like description: the setup route has it, the entity health summary leaves it out.',
                },
                check: {
                  $ref: '#/components/schemas/BuiltInCheckId',
                },
              },
              required: ['key', 'annotation', 'state'],
            },
          },
          checks: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: {
                  $ref: '#/components/schemas/BuiltInCheckId',
                },
                configured: {
                  type: 'boolean',
                },
                missing: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
              required: ['id', 'configured', 'missing'],
            },
          },
          problems: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AnnotationProblem',
            },
          },
          snippet: {
            type: 'string',
          },
        },
        required: [
          'entityRef',
          'status',
          'annotations',
          'checks',
          'problems',
          'snippet',
        ],
      },
      CheckStatus: {
        type: 'string',
        enum: ['ok', 'warning', 'critical', 'unknown', 'misconfigured'],
      },
      CheckResult: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          checkId: {
            type: 'string',
          },
          subject: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/CheckStatus',
          },
          value: {
            type: 'number',
          },
          threshold: {
            type: 'number',
          },
          unit: {
            type: 'string',
          },
          headline: {
            type: 'string',
            description:
              'What is wrong (or right) in at most 90 characters, for rows, lists and notification titles.',
          },
          message: {
            type: 'string',
            description: 'The full explanation.',
          },
          details: {
            type: 'object',
            additionalProperties: {},
          },
          runbookSection: {
            type: 'string',
          },
          measuredAt: {
            type: 'string',
            format: 'date-time',
          },
          stale: {
            type: 'boolean',
          },
          error: {
            type: 'string',
          },
          errorAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: [
          'entityRef',
          'checkId',
          'subject',
          'status',
          'headline',
          'message',
          'measuredAt',
          'stale',
        ],
      },
      EntityHealth: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: [
              'ok',
              'warning',
              'critical',
              'unknown',
              'misconfigured',
              'not-configured',
            ],
          },
          checks: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CheckResult',
            },
          },
          setup: {
            $ref: '#/components/schemas/SetupReport',
          },
          pending: {
            type: 'array',
            description:
              'Configured checks with no result yet, and when their first measurement is due.',
            items: {
              type: 'object',
              properties: {
                checkId: {
                  type: 'string',
                },
                dueBy: {
                  type: 'string',
                  format: 'date-time',
                  description:
                    'When the next catch-up pass, which measures it, is due; absent when catch-up passes run only when triggered (opsHealth.catchUp.schedule with a manual trigger).',
                },
              },
              required: ['checkId'],
            },
          },
        },
        required: ['entityRef', 'status', 'checks', 'setup', 'pending'],
      },
      DailyCost: {
        type: 'object',
        properties: {
          day: {
            type: 'string',
          },
          amount: {
            type: 'number',
          },
          unit: {
            type: 'string',
          },
          estimated: {
            type: 'boolean',
          },
        },
        required: ['day', 'amount', 'unit', 'estimated'],
      },
      MetricSample: {
        type: 'object',
        properties: {
          subject: {
            type: 'string',
          },
          metric: {
            type: 'string',
          },
          timestamp: {
            type: 'string',
            format: 'date-time',
          },
          value: {
            type: 'number',
          },
        },
        required: ['subject', 'metric', 'timestamp', 'value'],
      },
      CheckDetail: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          checkId: {
            $ref: '#/components/schemas/CheckId',
          },
          results: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CheckResult',
            },
          },
          dailyCosts: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DailyCost',
            },
          },
          metricSamples: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MetricSample',
            },
          },
        },
        required: ['entityRef', 'checkId', 'results'],
      },
      CanaryRun: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          bucket: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['running', 'ok', 'warning', 'critical', 'error'],
          },
          createdBy: {
            type: 'string',
          },
          progress: {
            type: 'string',
          },
          result: {
            type: 'object',
            additionalProperties: {},
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: [
          'id',
          'bucket',
          'entityRef',
          'status',
          'createdBy',
          'startedAt',
        ],
      },
      CanaryRuns: {
        type: 'object',
        properties: {
          runs: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CanaryRun',
            },
          },
        },
        required: ['runs'],
      },
      BackupTrigger: {
        type: 'object',
        properties: {
          functionName: {
            type: 'string',
          },
          statusCode: {
            type: 'number',
          },
          requestId: {
            type: 'string',
          },
          invokedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
        required: ['functionName', 'statusCode', 'invokedAt'],
      },
      HealthList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CheckResult',
            },
          },
          totalCount: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
        },
        required: ['items', 'totalCount', 'limit', 'offset'],
      },
      Alert: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          dedupKey: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          checkId: {
            type: 'string',
          },
          subject: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['pending', 'firing', 'resolved', 'cancelled'],
          },
          severity: {
            type: 'string',
            enum: ['warning', 'critical'],
          },
          value: {
            type: 'number',
          },
          threshold: {
            type: 'number',
          },
          unit: {
            type: 'string',
          },
          headline: {
            type: 'string',
            description: "The last result's headline, at most 90 characters.",
          },
          message: {
            type: 'string',
          },
          runbookSection: {
            type: 'string',
          },
          firstSeen: {
            type: 'string',
            format: 'date-time',
          },
          lastSeen: {
            type: 'string',
            format: 'date-time',
          },
          firedAt: {
            type: 'string',
            format: 'date-time',
          },
          resolvedAt: {
            type: 'string',
            format: 'date-time',
          },
          notifyCount: {
            type: 'integer',
          },
          lastNotifiedAt: {
            type: 'string',
            format: 'date-time',
          },
          nextNotifyAt: {
            type: 'string',
            format: 'date-time',
          },
          silenced: {
            type: 'boolean',
          },
        },
        required: [
          'id',
          'dedupKey',
          'entityRef',
          'checkId',
          'subject',
          'state',
          'severity',
          'headline',
          'message',
          'firstSeen',
          'lastSeen',
          'notifyCount',
          'silenced',
        ],
      },
      AlertList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Alert',
            },
          },
          totalCount: {
            type: 'integer',
            description: 'How many match the filter in all, across pages.',
          },
          limit: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
        },
        required: ['items', 'totalCount', 'limit', 'offset'],
      },
      Silence: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          dedupKey: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          checkId: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
          },
          expiredAt: {
            type: 'string',
            format: 'date-time',
          },
          expiredBy: {
            type: 'string',
          },
        },
        required: ['id', 'reason', 'createdBy', 'createdAt', 'expiresAt'],
      },
      SilenceList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Silence',
            },
          },
          totalCount: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
        },
        required: ['items', 'totalCount', 'limit', 'offset'],
      },
      Channel: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          minSeverity: {
            type: 'string',
          },
          checks: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['name', 'type', 'minSeverity'],
      },
      IncidentPhase: {
        type: 'string',
        enum: [
          'detection',
          'assessment',
          'containment',
          'eradication',
          'recovery',
          'lessons-learned',
          'closed',
        ],
      },
      IncidentSeverity: {
        type: 'string',
        enum: ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
      },
      Postmortem: {
        type: 'object',
        additionalProperties: false,
        properties: {
          summary: {
            type: 'string',
            maxLength: 20000,
          },
          impact: {
            type: 'string',
            maxLength: 20000,
          },
          rootCause: {
            type: 'string',
            maxLength: 20000,
          },
          actionItems: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              additionalProperties: false,
              properties: {
                text: {
                  type: 'string',
                  maxLength: 2000,
                },
                owner: {
                  type: 'string',
                  maxLength: 255,
                },
                dueDate: {
                  type: 'string',
                  maxLength: 10,
                  description: 'YYYY-MM-DD',
                },
                done: {
                  type: 'boolean',
                },
              },
              required: ['text', 'owner'],
            },
          },
          monitoringChanges: {
            type: 'string',
            maxLength: 20000,
            description: 'The monitoring rules to change (Markdown).',
          },
        },
      },
      Incident: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          severity: {
            $ref: '#/components/schemas/IncidentSeverity',
          },
          phase: {
            $ref: '#/components/schemas/IncidentPhase',
          },
          commander: {
            type: 'string',
          },
          version: {
            type: 'integer',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
          phaseReachedAt: {
            type: 'object',
            description:
              'When each phase was reached. Up to eradication the first time (the first response counts for MTTA); recovery, lessons-learned and closed the last time, and a move back before them (a reopen) clears them, so a reopened incident counts as recovered and closed only when it is again.',
            additionalProperties: {
              type: 'string',
              format: 'date-time',
            },
          },
          postmortem: {
            $ref: '#/components/schemas/Postmortem',
          },
          sourceDedupKey: {
            type: 'string',
          },
          escalationPolicy: {
            type: 'string',
          },
          escalationLevel: {
            type: 'integer',
            description:
              'Escalation levels notified since the incident was detected, or since escalationSince.',
          },
          escalationLevelName: {
            type: 'string',
            description:
              'What the configuration calls the escalation level reached (`DevOps manager`), when it names it (opsHealth.escalation.policies[].levels[].name).',
          },
          escalationSince: {
            type: 'string',
            format: 'date-time',
            description:
              'When the incident last returned to detection (a back-step or a reopen): escalation started again from level 1, its delays counted from here.',
          },
        },
        required: [
          'id',
          'entityRef',
          'title',
          'severity',
          'phase',
          'version',
          'createdBy',
          'createdAt',
          'updatedAt',
          'phaseReachedAt',
          'escalationLevel',
        ],
      },
      IncidentEvent: {
        type: 'object',
        properties: {
          id: {
            type: 'integer',
          },
          incidentId: {
            type: 'string',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          actor: {
            type: 'string',
          },
          type: {
            type: 'string',
            enum: [
              'created',
              'phase-changed',
              'note',
              'escalated',
              'notification',
              'alert-firing',
              'alert-resolved',
              'postmortem-updated',
              'commander-changed',
              'severity-changed',
            ],
          },
          fromPhase: {
            $ref: '#/components/schemas/IncidentPhase',
          },
          toPhase: {
            $ref: '#/components/schemas/IncidentPhase',
          },
          note: {
            type: 'string',
          },
          data: {
            type: 'object',
            additionalProperties: true,
            description:
              "Details of the event, e.g. the escalation level, its targets and channels, the dedup key of a linked alert, or the phases a phase change forward went through on the way (`skipped`, each recorded as reached in `phaseReachedAt`), or what a post-mortem update changed (`changes`, e.g. `root cause`, `action item 'Add an alarm' done`).",
          },
        },
        required: ['id', 'incidentId', 'at', 'actor', 'type'],
      },
      IncidentDetails: {
        allOf: [
          {
            $ref: '#/components/schemas/Incident',
          },
          {
            type: 'object',
            properties: {
              events: {
                type: 'array',
                description: 'The newest page of the timeline, oldest first.',
                items: {
                  $ref: '#/components/schemas/IncidentEvent',
                },
              },
              eventCount: {
                type: 'integer',
                description: 'Events on the whole timeline.',
              },
              alerts: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    dedupKey: {
                      type: 'string',
                    },
                    linkedAt: {
                      type: 'string',
                      format: 'date-time',
                      description:
                        'When the alert was linked, or linked again when it fired again after resolving.',
                    },
                    resolvedAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                  },
                  required: ['dedupKey', 'linkedAt'],
                },
              },
              allowedTransitions: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    to: {
                      $ref: '#/components/schemas/IncidentPhase',
                    },
                    direction: {
                      type: 'string',
                      enum: ['forward', 'backward'],
                    },
                    requiresNote: {
                      type: 'boolean',
                    },
                    requiresPostmortem: {
                      type: 'boolean',
                    },
                  },
                  required: [
                    'to',
                    'direction',
                    'requiresNote',
                    'requiresPostmortem',
                  ],
                },
              },
              missingPostmortem: {
                type: 'array',
                description:
                  'What the post-mortem lacks before the incident can close.',
                items: {
                  type: 'string',
                },
              },
            },
            required: [
              'events',
              'eventCount',
              'alerts',
              'allowedTransitions',
              'missingPostmortem',
            ],
          },
        ],
      },
      IncidentList: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Incident',
            },
          },
          totalCount: {
            type: 'integer',
            description: 'How many match the filter in all, across pages.',
          },
          limit: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
        },
        required: ['items', 'totalCount', 'limit', 'offset'],
      },
      IncidentMetrics: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          mttaMs: {
            type: 'number',
          },
          mttrMs: {
            type: 'number',
          },
          acknowledgedCount: {
            type: 'integer',
          },
          recoveredCount: {
            type: 'integer',
          },
          incidentCount: {
            type: 'integer',
          },
        },
        required: [
          'from',
          'to',
          'acknowledgedCount',
          'recoveredCount',
          'incidentCount',
        ],
      },
      Contact: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          displayName: {
            type: 'string',
          },
          email: {
            type: 'string',
          },
          chat: {
            type: 'string',
          },
          missing: {
            type: 'boolean',
          },
          emailFrom: {
            type: 'string',
          },
          members: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Contact',
            },
          },
        },
        required: ['entityRef', 'kind', 'displayName'],
      },
      Contacts: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          owner: {
            $ref: '#/components/schemas/Contact',
          },
          escalation: {
            type: 'object',
            properties: {
              policy: {
                type: 'string',
              },
              error: {
                type: 'string',
              },
              levels: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    level: {
                      type: 'integer',
                    },
                    name: {
                      type: 'string',
                      description:
                        'What the level is, e.g. On-call engineer, when config names it.',
                    },
                    delayMs: {
                      type: 'number',
                    },
                    targets: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Contact',
                      },
                    },
                  },
                  required: ['level', 'delayMs', 'targets'],
                },
              },
            },
            required: ['levels'],
          },
          primary: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              email: {
                type: 'string',
              },
              chat: {
                type: 'string',
              },
            },
            required: ['name'],
          },
          onCall: {
            type: 'array',
            description:
              "Who is on call now and next on the schedules that concern the entity: those its escalation levels target, then its owning team's.",
            items: {
              $ref: '#/components/schemas/OnCall',
            },
          },
        },
        required: ['entityRef', 'escalation'],
      },
      SchedulePerson: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          displayName: {
            type: 'string',
          },
          email: {
            type: 'string',
          },
          missing: {
            type: 'boolean',
            description: 'Not in the catalog; the rotation skips them.',
          },
        },
        required: ['entityRef', 'displayName'],
      },
      ScheduleShift: {
        type: 'object',
        properties: {
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          person: {
            $ref: '#/components/schemas/SchedulePerson',
          },
          layer: {
            type: 'string',
          },
          overrideId: {
            type: 'string',
          },
          skipped: {
            type: 'array',
            description:
              'Members whose turn it was but who are not in the catalog.',
            items: {
              type: 'string',
            },
          },
          openEnded: {
            type: 'boolean',
            description:
              'The shift goes on past `to`, which is where the schedule was read to, not a hand-off (e.g. a rotation of one member).',
          },
          openStart: {
            type: 'boolean',
            description:
              'The shift began before `from`, which is where the schedule was read from (8 days before now), not a hand-off (e.g. a rotation of one member, a long override).',
          },
        },
        required: ['from', 'to', 'skipped'],
      },
      ScheduleOverride: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          person: {
            $ref: '#/components/schemas/SchedulePerson',
          },
          from: {
            type: 'string',
            format: 'date-time',
          },
          to: {
            type: 'string',
            format: 'date-time',
          },
          source: {
            type: 'string',
            enum: ['config', 'portal'],
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          note: {
            type: 'string',
          },
        },
        required: ['id', 'person', 'from', 'to', 'source'],
      },
      OnCall: {
        type: 'object',
        description: 'Who is on call on a schedule now and next.',
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          team: {
            type: 'string',
          },
          timeZone: {
            type: 'string',
          },
          current: {
            $ref: '#/components/schemas/ScheduleShift',
          },
          next: {
            $ref: '#/components/schemas/ScheduleShift',
          },
          missing: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['name', 'team', 'timeZone', 'missing'],
      },
      Schedule: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          team: {
            type: 'string',
          },
          timeZone: {
            type: 'string',
          },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: {
                  type: 'string',
                },
                rotation: {
                  type: 'string',
                  enum: ['daily', 'weekly'],
                },
                handoff: {
                  type: 'string',
                },
                restriction: {
                  type: 'string',
                },
                members: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/SchedulePerson',
                  },
                },
              },
              required: ['name', 'rotation', 'handoff', 'members'],
            },
          },
          current: {
            $ref: '#/components/schemas/ScheduleShift',
          },
          next: {
            $ref: '#/components/schemas/ScheduleShift',
          },
          shifts: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScheduleShift',
            },
          },
          overrides: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ScheduleOverride',
            },
          },
          missing: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: [
          'name',
          'team',
          'timeZone',
          'layers',
          'shifts',
          'overrides',
          'missing',
        ],
      },
      Runbook: {
        type: 'object',
        properties: {
          url: {
            type: 'string',
          },
          source: {
            type: 'string',
            enum: ['annotation', 'link', 'config'],
          },
          section: {
            type: 'string',
          },
        },
        required: ['url', 'source'],
      },
      CheckSummary: {
        type: 'object',
        properties: {
          checkId: {
            type: 'string',
          },
          lastMeasuredAt: {
            type: 'string',
            format: 'date-time',
          },
          lastError: {
            type: 'string',
          },
          lastErrorAt: {
            type: 'string',
            format: 'date-time',
          },
          entityCount: {
            type: 'integer',
          },
          staleCount: {
            type: 'integer',
          },
          statusCounts: {
            type: 'object',
            additionalProperties: {
              type: 'integer',
            },
          },
        },
        required: ['checkId', 'entityCount', 'staleCount', 'statusCounts'],
      },
    },
  },
} as const;

/** @internal */
export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
