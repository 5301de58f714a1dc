/*
 * A benchmark compiled ahead to JavaScript, as the production build runs the
 * plugins: `backstage-cli package build` compiles each package to `dist/`
 * with its dependencies left to `node_modules`; here esbuild compiles the
 * bench script with the workspace's TypeScript it imports (the plugins,
 * `@ops-health/*`, `@internal/*`) into one file, and leaves every other
 * package to be loaded from `node_modules`. Node.js then runs it without the
 * Backstage CLI's node transform, which compiles TypeScript as modules load
 * (development) and keeps the compiler in the process: about 55 MB of RSS
 * before the benchmark loads anything.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/bundle.ts collector.ts
 *   node --expose-gc node_modules/.cache/ops-health-bench/collector.js 10000 sqlite
 */
import { build } from 'esbuild';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
/** Where the bundles go: ignored, and resolving packages from the repo's node_modules. */
export const BUNDLE_DIR = join(
  ROOT,
  'node_modules',
  '.cache',
  'ops-health-bench',
);
/** The workspace's own packages, compiled into the bundle from their sources. */
const WORKSPACE_SCOPES = ['@ops-health/', '@internal/'];

/** Compiles `bench/<script>` into the bundle folder; its path, from the repo root. */
export async function bundleBench(script: string): Promise<string> {
  const outfile = join(BUNDLE_DIR, script.replace(/\.ts$/, '.js'));
  await build({
    entryPoints: [join(ROOT, 'bench', script)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'warning',
    plugins: [
      {
        name: 'dependencies-from-node-modules',
        setup(b) {
          // Bare imports other than the workspace's: loaded at run time.
          b.onResolve({ filter: /^[^./]/ }, args =>
            WORKSPACE_SCOPES.some(scope => args.path.startsWith(scope))
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return relative(ROOT, outfile);
}

if (require.main === module && /bundle\.[jt]s$/.test(process.argv[1] ?? '')) {
  bundleBench(process.argv[2] ?? 'collector.ts')
    .then(path => process.stdout.write(`${path}\n`))
    .catch(error => {
      console.error(error);
      process.exit(1);
    });
}
