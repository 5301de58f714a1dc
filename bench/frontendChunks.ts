/*
 * The gzipped size of each chunk of the portal's production build that
 * holds Ops Health code, found through the build's source maps, after a
 * fresh production build (`yarn workspace app build`).
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export type ChunkSize = {
  file: string;
  modules: number;
  gzipKb: number;
  opsHealthRawKb: number;
};

const OURS = /plugins\/ops-health(-common)?\/src\//;

export function frontendChunks(root: string): {
  command: string;
  chunks: ChunkSize[];
  error?: string;
} {
  const command =
    'yarn workspace app build, then gzip -9 each chunk of packages/app/dist/static';
  const dir = join(root, 'packages/app/dist/static');
  try {
    execSync('yarn workspace app build', {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const chunks: ChunkSize[] = [];
    for (const file of readdirSync(dir).filter(f => f.endsWith('.js'))) {
      const mapFile = join(dir, `${file}.map`);
      if (!existsSync(mapFile)) continue;
      const map = JSON.parse(readFileSync(mapFile, 'utf8')) as {
        sources: string[];
        sourcesContent?: Array<string | null>;
      };
      const ours = map.sources
        .map((source, i) => ({ source, content: map.sourcesContent?.[i] }))
        .filter(s => OURS.test(s.source));
      if (ours.length === 0) continue;
      const js = readFileSync(join(dir, file));
      chunks.push({
        file,
        modules: ours.length,
        gzipKb:
          Math.round((gzipSync(js, { level: 9 }).length / 1024) * 10) / 10,
        opsHealthRawKb:
          Math.round(
            (ours.reduce((n, s) => n + (s.content?.length ?? 0), 0) / 1024) *
              10,
          ) / 10,
      });
    }
    if (chunks.length === 0) {
      return {
        command,
        chunks,
        error: 'no chunk with a source map names an Ops Health module',
      };
    }
    return { command, chunks: chunks.sort((a, b) => b.gzipKb - a.gzipKb) };
  } catch (error) {
    return { command, chunks: [], error: (error as Error).message };
  }
}
