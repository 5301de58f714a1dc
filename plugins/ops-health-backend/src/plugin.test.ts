import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { opsHealthChecksExtensionPoint } from '@ops-health/backstage-plugin-ops-health-node';
import request from 'supertest';
import { opsHealthPlugin } from './plugin';

const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    annotations: {
      'ops-health/cost-tags': 'service=checkout',
      'ops-health/backup-max-age': 'a while',
    },
  },
  spec: { type: 'service', owner: 'group:default/platform-ops' },
};
const secret: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'secret-service' },
  spec: { type: 'service', owner: 'group:default/security' },
};

// The catalog as the permission framework makes it look: secret-service only
// exists for its owner.
const catalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const inner = catalogServiceMock({ entities: [annotated, secret] });
    return Object.assign(Object.create(inner), {
      async getEntityByRef(
        ref: string,
        options: { credentials: BackstageCredentials },
      ) {
        const principal = options.credentials.principal as {
          userEntityRef?: string;
        };
        if (
          ref === 'component:default/secret-service' &&
          principal.userEntityRef !== 'user:default/security-lead'
        ) {
          return undefined;
        }
        return inner.getEntityByRef(ref, options);
      },
    });
  },
});

describe('opsHealthPlugin', () => {
  async function start(extra: any[] = []) {
    const { server } = await startTestBackend({
      features: [opsHealthPlugin, catalogFactory, ...extra],
    });
    return server;
  }

  it('serves the setup report of an entity', async () => {
    const server = await start();
    const res = await request(server).get(
      '/api/ops-health/entities/component/default/checkout-service/setup',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/checkout-service',
      status: 'misconfigured',
      problems: [
        {
          annotation: 'ops-health/backup-max-age',
          value: 'a while',
          message: expect.stringContaining('duration'),
        },
      ],
    });
    expect(res.body.checks).toEqual([
      { id: 'cost', configured: true, missing: [] },
      {
        id: 'replication',
        configured: false,
        missing: ['ops-health/s3-replication'],
      },
      { id: 'backup', configured: false, missing: ['ops-health/backup-s3'] },
    ]);
  });

  it('answers 404 for unknown entities and entities the caller cannot see', async () => {
    const server = await start();
    const unknown = await request(server).get(
      '/api/ops-health/entities/component/default/nope/setup',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'Entity component:default/nope not found',
    );

    const hidden = await request(server).get(
      '/api/ops-health/entities/component/default/secret-service/setup',
    );
    expect(hidden.status).toBe(404);

    const visible = await request(server)
      .get('/api/ops-health/entities/component/default/secret-service/setup')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/security-lead'),
      );
    expect(visible.status).toBe(200);
    expect(visible.body.status).toBe('not-configured');
  });

  it('answers 400 for malformed path parameters', async () => {
    const server = await start();
    const res = await request(server).get(
      '/api/ops-health/entities/component/NOT%20VALID/x/setup',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/namespace/);
  });

  it('answers 401 without credentials', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/ops-health/entities/component/default/checkout-service/setup')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('lets a module add check providers and rejects duplicates', async () => {
    const logger = mockServices.logger.mock();
    const module = (id: string) =>
      createBackendModule({
        pluginId: 'ops-health',
        moduleId: `test-${id}-${Math.random().toString(36).slice(2, 6)}`,
        register(env) {
          env.registerInit({
            deps: { checks: opsHealthChecksExtensionPoint },
            async init({ checks }) {
              checks.addCheckProvider({
                id,
                appliesTo: () => true,
                run: async () => ({ results: [], failures: [] }),
              });
            },
          });
        },
      });
    await startTestBackend({
      features: [
        opsHealthPlugin,
        catalogFactory,
        module('custom'),
        logger.factory,
      ],
    });
    expect(logger.info).toHaveBeenCalledWith('Ops Health started', {
      checkProviders: 'custom',
    });

    await expect(
      startTestBackend({
        features: [
          opsHealthPlugin,
          catalogFactory,
          module('dup'),
          module('dup'),
        ],
      }),
    ).rejects.toThrow("Ops Health check provider 'dup' is already registered");
  });
});
