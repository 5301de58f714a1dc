import { Config } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import leven from 'leven';

/**
 * The keys a config section may have, as a package's `config.d.ts`
 * declares them: generated from it by `node scripts/generate-config-keys.js`
 * in this repository (the script's `--check` keeps them in step). A node
 * with neither `keys` nor `anyKey` is a value whose keys are not checked
 * here (its reader checks it).
 *
 * @public
 */
export interface OpsHealthConfigKeys {
  /** The keys of an object, each with what its value may hold. */
  keys?: { [key: string]: OpsHealthConfigKeys };
  /** What the value of any other key holds: a map such as `alerting.checks`, whose keys are ids. */
  anyKey?: OpsHealthConfigKeys;
  /** What each element of an array holds. */
  items?: OpsHealthConfigKeys;
}

/**
 * One tree of the keys several packages declare under the same section
 * (the plugin's and each module's).
 *
 * @public
 */
export function mergeConfigKeys(
  ...trees: OpsHealthConfigKeys[]
): OpsHealthConfigKeys {
  const merged: OpsHealthConfigKeys = {};
  for (const tree of trees) {
    if (tree.keys) {
      merged.keys = { ...merged.keys };
      for (const [key, value] of Object.entries(tree.keys)) {
        merged.keys[key] = merged.keys[key]
          ? mergeConfigKeys(merged.keys[key], value)
          : value;
      }
    }
    if (tree.anyKey) {
      merged.anyKey = merged.anyKey
        ? mergeConfigKeys(merged.anyKey, tree.anyKey)
        : tree.anyKey;
    }
    if (tree.items) {
      merged.items = merged.items
        ? mergeConfigKeys(merged.items, tree.items)
        : tree.items;
    }
  }
  return merged;
}

/** The declared key closest to a misspelt one, if one is close enough. */
function closest(key: string, known: string[]): string | undefined {
  const lower = key.toLocaleLowerCase('en-US');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance =
      candidate.toLocaleLowerCase('en-US') === lower
        ? 0
        : leven(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3))
    ? best
    : undefined;
}

/** A key as it may be written in a config path: quoted when it is not a plain word. */
function pathOf(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${JSON.stringify(key)}]`;
}

function unknownKeys(
  value: JsonValue | undefined,
  declared: OpsHealthConfigKeys,
  path: string,
  found: string[],
  root = path,
) {
  if (Array.isArray(value)) {
    if (declared.items) {
      value.forEach((item, i) =>
        unknownKeys(item, declared.items!, `${path}[${i}]`, found, root),
      );
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (!declared.keys && !declared.anyKey) return;
  const known = Object.keys(declared.keys ?? {});
  for (const [key, child] of Object.entries(value)) {
    const childPath = pathOf(path, key);
    const keys = declared.keys?.[key] ?? declared.anyKey;
    if (keys) {
      unknownKeys(child, keys, childPath, found, root);
      continue;
    }
    const suggestion = closest(key, known);
    found.push(
      `Invalid config at '${childPath}': no installed Ops Health package reads this key, so it would be ignored; ${
        suggestion
          ? `did you mean '${suggestion}'?`
          : `${path} has ${known.join(', ')}.`
      } Fix its spelling or remove it.${
        path === root
          ? " (A check module's sections are read only where the module is installed in the backend.)"
          : ''
      }`,
    );
  }
}

/**
 * Stops the backend at start on a key under `section` that no installed
 * package declares: a misspelt key (`firingAftr`) would otherwise be ignored
 * without a word, leaving its default in force. `declared` are the key
 * trees of the plugin and of each installed module; the error names every
 * unknown key, with the closest declared one. Values are never quoted (some
 * are secrets).
 *
 * @public
 */
export function assertKnownConfigKeys(
  config: Config,
  section: string,
  declared: OpsHealthConfigKeys[],
) {
  const found: string[] = [];
  unknownKeys(
    config.getOptional(section),
    mergeConfigKeys(...declared),
    section,
    found,
  );
  if (found.length === 1) throw new Error(found[0]);
  if (found.length > 1) {
    throw new Error(
      `${
        found.length
      } config keys are not read by any installed Ops Health package:\n${found.join(
        '\n',
      )}`,
    );
  }
}
