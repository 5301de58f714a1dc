#!/usr/bin/env node
/*
 * Generates, from src/schema/openapi.yaml (the one source of the API):
 *
 * - src/schema/openapi.generated.ts: the spec as a `const`, which
 *   createValidatedOpenApiRouter turns into typed, validated handlers. The
 *   Backstage generator (backstage-repo-tools schema openapi generate) runs a
 *   Java jar that has to be downloaded; this does the part we need with the
 *   yaml package alone.
 * - ../ops-health-common/src/schema/openapi.generated.ts: the API's types
 *   (openapi-typescript), which -common exports to the frontend client and
 *   the backend alike.
 *
 *   node scripts/generate-openapi.js          write the files
 *   node scripts/generate-openapi.js --check  exit 1 if a file is out of date
 */
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const prettier = require('prettier');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src/schema/openapi.yaml');
const target = path.join(root, 'src/schema/openapi.generated.ts');
const typesTarget = path.resolve(
  root,
  '../ops-health-common/src/schema/openapi.generated.ts',
);

function format(code, filepath) {
  // Formatted like the rest of the repo, so prettier leaves it alone.
  return prettier.format(code, {
    ...require('@backstage/cli/config/prettier'),
    filepath,
  });
}

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
  return format(code, target);
}

async function generateTypes() {
  const { default: openapiTS, astToString } = await import(
    'openapi-typescript'
  );
  const ast = await openapiTS(new URL(`file://${source}`));
  const code = `// GENERATED FILE, DO NOT EDIT: run \`yarn generate:openapi\` in
// plugins/ops-health-backend after changing its src/schema/openapi.yaml.

${astToString(ast)
  // TSDoc knows no @description: the text is the description.
  .replace(/@description /g, '')
  .replace(/^\s*\/\*\* @enum \{[^}]*\} \*\/\n/gm, '')
  .replace(/^\s*\* @enum \{[^}]*\}\n/gm, '')
  .replace(/^export (interface|type) /gm, '/** @public */\nexport $1 ')}`;
  return format(code, typesTarget);
}

module.exports = { generate, target };

async function main() {
  const outputs = [
    [target, generate()],
    [typesTarget, await generateTypes()],
  ];
  let stale = false;
  for (const [file, output] of outputs) {
    if (process.argv.includes('--check')) {
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (current !== output) {
        console.error(
          `${path.relative(
            process.cwd(),
            file,
          )} is out of date: run yarn generate:openapi in plugins/ops-health-backend`,
        );
        stale = true;
      }
    } else {
      fs.writeFileSync(file, output);
    }
  }
  if (stale) process.exit(1);
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
