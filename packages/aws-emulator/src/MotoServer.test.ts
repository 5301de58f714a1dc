import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { motoClientConfig } from './clientConfig';
import { connectMotoServer, startMotoServer } from './MotoServer';
import { seedBucket } from './seed/seedBucket';

async function listBucketNames(endpoint: string): Promise<string[]> {
  const s3 = new S3Client(motoClientConfig(endpoint));
  try {
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    return (Buckets ?? []).map(bucket => bucket.Name!);
  } finally {
    s3.destroy();
  }
}

describe('startMotoServer', () => {
  const originalPython = process.env.PYTHON;
  afterEach(() => {
    if (originalPython === undefined) {
      delete process.env.PYTHON;
    } else {
      process.env.PYTHON = originalPython;
    }
  });

  it('starts on a loopback port, resets state and stops', async () => {
    const server = await startMotoServer();
    try {
      expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);

      await seedBucket(motoClientConfig(server.endpoint), {
        name: 'kept-until-reset',
      });
      expect(await listBucketNames(server.endpoint)).toEqual([
        'kept-until-reset',
      ]);

      await server.reset();
      expect(await listBucketNames(server.endpoint)).toEqual([]);

      const config = await fetch(`${server.endpoint}/moto-api/config`);
      expect(await config.json()).toMatchObject({
        lambda: { use_docker: false },
      });
    } finally {
      await server.stop();
    }
    await expect(
      fetch(`${server.endpoint}/moto-api/data.json`),
    ).rejects.toThrow();
    // stopping twice is harmless
    await server.stop();
  }, 60_000);

  it('rejects with an installation hint when the python executable is missing', async () => {
    process.env.PYTHON = '/nonexistent/python3-for-moto';
    const attempt = startMotoServer();
    await expect(attempt).rejects.toThrow(
      'moto server is not available: `/nonexistent/python3-for-moto -m moto.server` failed (/nonexistent/python3-for-moto was not found',
    );
    await expect(attempt).rejects.toThrow("pip install 'moto[server]'");
  });

  it('rejects with an installation hint when moto is not installed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-emulator-'));
    const fakePython = join(dir, 'python-without-moto');
    writeFileSync(
      fakePython,
      '#!/bin/sh\necho "/usr/bin/python3: No module named moto" >&2\nexit 1\n',
    );
    chmodSync(fakePython, 0o755);
    process.env.PYTHON = fakePython;
    try {
      await expect(startMotoServer()).rejects.toThrow(
        `failed (moto is not installed for ${fakePython}). Install it with \`pip install 'moto[server]'\``,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('reports a port that is already taken', async () => {
    const blocker = createServer();
    await new Promise<void>(resolve =>
      blocker.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = blocker.address() as { port: number };
    try {
      await expect(startMotoServer({ port })).rejects.toThrow(
        /moto server is not available: .*Address already in use/s,
      );
    } finally {
      blocker.close();
    }
  }, 60_000);
});

describe('connectMotoServer', () => {
  it('wraps a running server without owning it', async () => {
    const server = await startMotoServer();
    try {
      const connected = connectMotoServer(`${server.endpoint}/`);
      expect(connected.endpoint).toBe(server.endpoint);
      expect(connected.port).toBe(server.port);

      await seedBucket(motoClientConfig(server.endpoint), {
        name: 'connected',
      });
      await connected.reset();
      expect(await listBucketNames(server.endpoint)).toEqual([]);

      await connected.stop();
      expect(await listBucketNames(server.endpoint)).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
