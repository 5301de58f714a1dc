#!/usr/bin/env node
/*
 * Fails when the installed @backstage/* packages are not one release line:
 * a package installed in two versions, or a package whose declared range on
 * another @backstage package is not met by the installed version (the skew
 * that breaks the backend at start). The line is pinned by the resolutions
 * in the root package.json (Backstage 1.55.0, see backstage.json).
 */
const fs = require('fs');
const path = require('path');
const semver = require('semver');

const root = path.resolve(__dirname, '..');
const found = new Map(); // name -> Map(version -> manifest)

function visit(dir, depth) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const full = path.join(dir, e.name);
    if (e.name === '@backstage') {
      for (const pkg of fs.readdirSync(full)) {
        const manifest = path.join(full, pkg, 'package.json');
        if (!fs.existsSync(manifest)) continue;
        const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
        if (!found.has(json.name)) found.set(json.name, new Map());
        found.get(json.name).set(json.version, json);
        visit(path.join(full, pkg, 'node_modules'), depth + 1);
      }
    } else if (e.name.startsWith('@')) {
      for (const pkg of fs.readdirSync(full)) {
        visit(path.join(full, pkg, 'node_modules'), depth + 1);
      }
    } else if (depth < 6) {
      visit(path.join(full, 'node_modules'), depth + 1);
    }
  }
}

visit(path.join(root, 'node_modules'), 0);
for (const ws of ['packages', 'plugins']) {
  for (const pkg of fs.readdirSync(path.join(root, ws))) {
    visit(path.join(root, ws, pkg, 'node_modules'), 1);
  }
}

const problems = [];
for (const [name, versions] of found) {
  if (versions.size > 1) {
    problems.push(
      `${name} is installed in ${[...versions.keys()].join(' and ')}`,
    );
  }
}
for (const versions of found.values()) {
  for (const manifest of versions.values()) {
    const deps = { ...manifest.dependencies, ...manifest.peerDependencies };
    for (const [dep, range] of Object.entries(deps)) {
      if (!dep.startsWith('@backstage/') || !found.has(dep)) continue;
      for (const installed of found.get(dep).keys()) {
        if (!semver.satisfies(installed, range)) {
          problems.push(
            `${manifest.name}@${manifest.version} wants ${dep}@${range}, installed ${installed}`,
          );
        }
      }
    }
  }
}

if (problems.length) {
  console.error(
    `@backstage/* packages are not on one release line:\n  ${problems.join(
      '\n  ',
    )}`,
  );
  console.error('Pin them with "resolutions" in the root package.json.');
  process.exit(1);
}
console.log(
  `${found.size} @backstage/* packages, one version each, all ranges met`,
);
