/*
 * Seeds the Ops Health demo story into a running moto server.
 *
 * Usage: seed-demo --endpoint http://127.0.0.1:5000
 * The endpoint can also come from AWS_ENDPOINT_URL.
 */
import { seedDemo } from '../demo/seedDemo';

const USAGE =
  'Usage: seed-demo --endpoint http://127.0.0.1:PORT (or set AWS_ENDPOINT_URL)\n';

function parseEndpoint(args: string[]): string | undefined {
  const index = args.findIndex(arg => arg === '--endpoint');
  if (index >= 0) {
    return args[index + 1];
  }
  const inline = args.find(arg => arg.startsWith('--endpoint='));
  if (inline) {
    return inline.slice('--endpoint='.length);
  }
  return process.env.AWS_ENDPOINT_URL;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const endpoint = parseEndpoint(args);
  if (!endpoint) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const summary = await seedDemo(endpoint);
  process.stdout.write(
    `Seeded Ops Health demo into ${summary.endpoint} (account ${summary.accountId}, ${summary.region}): ` +
      `${summary.buckets.length} buckets, ${summary.roles.length} roles, ` +
      `${summary.functions.length} Lambda function, ${summary.queuedCostResults} queued cost results ` +
      `(${summary.costPeriod.start}..${summary.costPeriod.end})\n`,
  );
}

main().catch(error => {
  process.stderr.write(
    `seed-demo failed: ${
      error instanceof Error ? error.stack ?? error.message : String(error)
    }\n`,
  );
  process.exitCode = 1;
});
