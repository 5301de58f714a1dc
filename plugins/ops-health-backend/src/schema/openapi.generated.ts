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
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z][A-Za-z0-9-]*$',
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[a-z0-9]+(?:[-_.][a-z0-9]+)*$',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$',
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
                },
                example: {
                  type: 'string',
                },
                check: {
                  $ref: '#/components/schemas/CheckId',
                },
              },
              required: [
                'key',
                'annotation',
                'state',
                'description',
                'example',
              ],
            },
          },
          checks: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: {
                  $ref: '#/components/schemas/CheckId',
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
    },
  },
} as const;

/** @internal */
export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
