#!/usr/bin/env node
/*
 * Generates, from each backend package's config.d.ts (the one source of its
 * config), the keys it declares under opsHealth, which the plugin checks the
 * config against at start (assertKnownConfigKeys in -node): a misspelt key
 * stops the backend instead of being ignored.
 *
 * The schema is compiled as Backstage compiles it (@backstage/config-loader,
 * typescript-json-schema), then reduced to keys: objects' properties, maps'
 * (index signatures') values and arrays' items; the branches of a union
 * (a duration or a cron expression, say) are merged.
 *
 *   node scripts/generate-config-keys.js          write the files
 *   node scripts/generate-config-keys.js --check  exit 1 if a file is out of date
 */
const fs = require('fs');
const path = require('path');
const prettier = require('prettier');
const { loadConfigSchema } = require('@backstage/config-loader');

const root = path.resolve(__dirname, '..');
// The schema loader names packages' files relative to the working directory.
process.chdir(root);
const packages = [
  {
    dir: 'plugins/ops-health-backend',
    target: 'src/config/configKeys.generated.ts',
  },
  {
    dir: 'plugins/ops-health-backend-module-aws',
    target: 'src/configKeys.generated.ts',
  },
];

/** The key tree of a JSON schema node (see OpsHealthConfigKeys). */
function keysOf(schema) {
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (branches) return merge(branches.map(keysOf));
  const node = {};
  if (schema.properties) {
    node.keys = {};
    for (const [key, value] of Object.entries(schema.properties)) {
      node.keys[key] = keysOf(value);
    }
  }
  if (
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    node.anyKey = keysOf(schema.additionalProperties);
  }
  if (schema.items && !Array.isArray(schema.items)) {
    node.items = keysOf(schema.items);
  }
  return node;
}

function merge(nodes) {
  const merged = {};
  for (const node of nodes) {
    if (node.keys) {
      merged.keys = merged.keys ?? {};
      for (const [key, value] of Object.entries(node.keys)) {
        merged.keys[key] = merged.keys[key]
          ? merge([merged.keys[key], value])
          : value;
      }
    }
    for (const part of ['anyKey', 'items']) {
      if (node[part]) {
        merged[part] = merged[part]
          ? merge([merged[part], node[part]])
          : node[part];
      }
    }
  }
  return merged;
}

async function generate({ dir, target }) {
  const { name } = require(path.join(root, dir, 'package.json'));
  const schema = await loadConfigSchema({
    dependencies: [name],
    excludePackageDependencies: true,
  });
  const own = schema
    .serialize()
    .schemas.find(
      s => path.resolve(root, s.path) === path.join(root, dir, 'config.d.ts'),
    );
  if (!own)
    throw new Error(`No config schema found for ${name} (${dir}/config.d.ts)`);
  const opsHealth = own.value.properties?.opsHealth;
  if (!opsHealth)
    throw new Error(`${dir}/config.d.ts declares no opsHealth section`);
  const code = `// GENERATED FILE, DO NOT EDIT: run \`node scripts/generate-config-keys.js\`
// at the repository root after changing config.d.ts.
import { OpsHealthConfigKeys } from '@ops-health/backstage-plugin-ops-health-node';

/**
 * The keys under \`opsHealth\` that this package's config.d.ts declares.
 *
 * @internal
 */
export const configKeys: OpsHealthConfigKeys = ${JSON.stringify(
    keysOf(opsHealth),
  )};
`;
  const file = path.join(root, dir, target);
  return {
    file,
    code: await prettier.format(code, {
      ...require('@backstage/cli/config/prettier'),
      filepath: file,
    }),
  };
}

(async () => {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const pkg of packages) {
    const { file, code } = await generate(pkg);
    const relative = path.relative(root, file);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === code) continue;
    if (check) {
      console.error(
        `${relative} is out of date: run node scripts/generate-config-keys.js`,
      );
      stale = true;
    } else {
      fs.writeFileSync(file, code);
      console.log(`wrote ${relative}`);
    }
  }
  if (stale) process.exit(1);
})().catch(error => {
  console.error(error);
  process.exit(1);
});
