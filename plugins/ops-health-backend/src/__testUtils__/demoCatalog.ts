import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

function readExample(file: string): Entity[] {
  return YAML.parseAllDocuments(
    fs.readFileSync(
      path.resolve(__dirname, '../../../../examples', file),
      'utf8',
    ),
  ).map(doc => doc.toJSON());
}

/** The demo catalog (examples/entities.yaml), as the portal loads it. */
export const demoEntities: Entity[] = readExample('entities.yaml');

/** The demo catalog and its organisation (examples/org.yaml). */
export function demoCatalog(): Entity[] {
  return [...readExample('entities.yaml'), ...readExample('org.yaml')];
}

/**
 * Points the AWS SDK of this process at an emulator (or a proxy in front of
 * it) with dummy credentials, as `./run start` does; returns what undoes it.
 */
export function useAwsEndpoint(endpoint: string): () => void {
  const saved = { ...process.env };
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  return () => {
    process.env = saved;
  };
}
