#!/usr/bin/env node
// Publishes a site built by mkdocs where the TechDocs backend's local
// publisher serves it from (techdocs.publisher.local.publishDirectory), the
// way `techdocs-cli publish` does for the external builder: the files under
// <namespace>/<kind>/<name>/ and a techdocs_metadata.json listing them.
// ./run start does this before the backend starts, so the demo runbook opens
// at once and the search collator indexes it on its first run.
//
//   node scripts/publish-techdocs.mjs <site-dir> <publish-dir> <kind/namespace/name> <title>
import fs from 'node:fs';
import path from 'node:path';

const [siteDir, publishDir, ref, title] = process.argv.slice(2);
if (!siteDir || !publishDir || !ref) {
  console.error(
    'usage: publish-techdocs.mjs <site-dir> <publish-dir> <kind/namespace/name> [title]',
  );
  process.exit(2);
}
const [kind, namespace, name] = ref.split('/');
if (!fs.existsSync(path.join(siteDir, 'index.html'))) {
  console.error(`${siteDir} has no index.html: build the site with mkdocs first`);
  process.exit(1);
}
const target = path.join(publishDir, namespace, kind, name);
fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
fs.cpSync(siteDir, target, { recursive: true });

const files = fs
  .readdirSync(target, { recursive: true, withFileTypes: true })
  .filter(entry => entry.isFile())
  .map(entry =>
    path.relative(target, path.join(entry.parentPath ?? entry.path, entry.name)),
  );
fs.writeFileSync(
  path.join(target, 'techdocs_metadata.json'),
  JSON.stringify({
    site_name: title ?? name,
    site_description: '',
    build_timestamp: Date.now(),
    files: [...files, 'techdocs_metadata.json'].sort(),
  }),
);
console.log(`Published ${files.length} files of ${ref} to ${target}`);
