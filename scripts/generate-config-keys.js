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
// The -node package's own merge, from its TypeScript source (as the bench
// scripts load the plugins).
require('@backstage/cli/config/nodeTransform.cjs');
const {
  mergeConfigKeys,
} = require('../plugins/ops-health-node/src/configKeys');

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
  if (branches) return mergeConfigKeys(...branches.map(keysOf));
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

/**
 * The tree as TypeScript, with each subtree that occurs more than once (a
 * duration's keys, a schedule's) written once as a constant and referred to
 * by name.
 */
function toCode(tree) {
  const counts = new Map();
  const firstKey = new Map();
  (function count(node, key) {
    const json = JSON.stringify(node);
    counts.set(json, (counts.get(json) ?? 0) + 1);
    if (!firstKey.has(json)) firstKey.set(json, key);
    for (const [k, child] of Object.entries(node.keys ?? {})) count(child, k);
    if (node.anyKey) count(node.anyKey, key);
    if (node.items) count(node.items, key);
  })(tree, 'configKeys');
  const names = new Map();
  const constants = [];
  const used = new Set(['configKeys']);
  function nameFor(json) {
    const isDuration = Object.keys(JSON.parse(json).keys ?? {}).includes(
      'milliseconds',
    );
    const base =
      isDuration && !json.includes('cron') ? 'duration' : firstKey.get(json);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    return name;
  }
  function emit(node, top = false) {
    const json = JSON.stringify(node);
    if (!top && counts.get(json) > 1 && json.length > 40) {
      if (!names.has(json)) {
        const code = emit(node, true);
        const name = nameFor(json);
        names.set(json, name);
        constants.push(`const ${name}: OpsHealthConfigKeys = ${code};`);
      }
      return names.get(json);
    }
    const parts = [];
    if (node.keys) {
      parts.push(
        `keys: { ${Object.entries(node.keys)
          .map(([k, child]) => `${JSON.stringify(k)}: ${emit(child)}`)
          .join(', ')} }`,
      );
    }
    if (node.anyKey) parts.push(`anyKey: ${emit(node.anyKey)}`);
    if (node.items) parts.push(`items: ${emit(node.items)}`);
    return `{ ${parts.join(', ')} }`;
  }
  const root = emit(tree, true);
  return `${constants.join('\n\n')}\n\n/**
 * The keys under \`opsHealth\` that this package's config.d.ts declares.
 *
 * @internal
 */
export const configKeys: OpsHealthConfigKeys = ${root};
`;
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

${toCode(keysOf(opsHealth))}`;
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
