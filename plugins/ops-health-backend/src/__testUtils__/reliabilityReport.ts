import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const FRAGMENTS = path.join(ROOT, 'docs', 'reliability');
const REPORT = path.join(ROOT, 'docs', 'reliability.md');

function writeAtomically(file: string, text: string) {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

/**
 * Writes a reliability figure measured by a test into docs/reliability.md:
 * the test's own section (docs/reliability/<id>.md), then the whole report
 * again from every section. No figure in the report is typed by hand.
 */
export function reportReliability(section: {
  id: string;
  title: string;
  /** What produced the figures, to run again. */
  command: string;
  lines: string[];
}) {
  fs.mkdirSync(FRAGMENTS, { recursive: true });
  writeAtomically(
    path.join(FRAGMENTS, `${section.id}.md`),
    [
      `## ${section.title}`,
      '',
      `Measured by \`${section.command}\` on ${os.cpus().length} cores, Node ${
        process.version
      }.`,
      '',
      ...section.lines.map(line => `- ${line}`),
      '',
    ].join('\n'),
  );
  const parts = fs
    .readdirSync(FRAGMENTS)
    .filter(f => f.endsWith('.md'))
    .sort()
    .map(f => fs.readFileSync(path.join(FRAGMENTS, f), 'utf8').trim());
  writeAtomically(
    REPORT,
    [
      '# Reliability',
      '',
      '<!-- Written by the tests (plugins/ops-health-backend/src/__testUtils__/reliabilityReport.ts); do not edit by hand. `./run test` runs them all. -->',
      '',
      'Each section below is written by the test that measured it, each time it',
      'runs, with the command that runs it again.',
      '',
      ...parts.flatMap(p => [p, '']),
    ].join('\n'),
  );
}
