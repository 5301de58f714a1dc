#!/usr/bin/env node
/*
 * Generates src/schema/openapi.generated.ts from src/schema/openapi.yaml.
 *
 * The Backstage generator (backstage-repo-tools schema openapi generate) runs a
 * Java jar that has to be downloaded; this does the part we need with the yaml
 * package alone: the spec as a `const`, which createValidatedOpenApiRouter
 * turns into typed, validated handlers.
 *
 *   node scripts/generate-openapi.js          write the file
 *   node scripts/generate-openapi.js --check  exit 1 if the file is out of date
 */
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const prettier = require('prettier');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src/schema/openapi.yaml');
const target = path.join(root, 'src/schema/openapi.generated.ts');

function generate() {
  const spec = YAML.parse(fs.readFileSync(source, 'utf8'));
  const code = `// GENERATED FILE, DO NOT EDIT: run \`yarn generate:openapi\` after changing openapi.yaml.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

/** @internal */
export const spec = ${JSON.stringify(spec, null, 2)} as const;

/** @internal */
export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`;
  // Formatted like the rest of the repo, so prettier leaves it alone.
  return prettier.format(code, {
    ...require('@backstage/cli/config/prettier'),
    parser: 'typescript',
  });
}

module.exports = { generate, target };

if (require.main === module) {
  const output = generate();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target)
      ? fs.readFileSync(target, 'utf8')
      : '';
    if (current !== output) {
      console.error(
        `${path.relative(
          process.cwd(),
          target,
        )} is out of date: run yarn generate:openapi`,
      );
      process.exit(1);
    }
  } else {
    fs.writeFileSync(target, output);
  }
}
