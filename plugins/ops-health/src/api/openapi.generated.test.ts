import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

function bin(pkg: string, file: string) {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

describe('openapi.generated.ts', () => {
  it('is generated from the current backend spec (yarn generate:client)', () => {
    const spec = resolve(
      __dirname,
      '../../../ops-health-backend/src/schema/openapi.yaml',
    );
    const committed = resolve(__dirname, 'openapi.generated.ts');
    const dir = mkdtempSync(join(tmpdir(), 'ops-health-client-'));
    try {
      const output = join(dir, 'openapi.generated.ts');
      execFileSync(
        process.execPath,
        [bin('openapi-typescript', 'bin/cli.js'), spec, '--output', output],
        { stdio: 'pipe' },
      );
      // Formatted like `yarn generate:client` does, with the repo's config.
      const fresh = execFileSync(
        process.execPath,
        [bin('prettier', 'bin-prettier.js'), '--stdin-filepath', committed],
        { input: readFileSync(output, 'utf8'), encoding: 'utf8' },
      );
      expect(fresh).toBe(readFileSync(committed, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
