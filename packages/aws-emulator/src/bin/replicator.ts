/*
 * Runs the S3 replicator against a moto server until it is stopped: new
 * objects reach the destinations of replication rules that can work, a short
 * delay after they were written (moto itself never replicates).
 *
 * Usage: replicator --endpoint http://127.0.0.1:5000 [--delay-ms 2000]
 * The endpoint can also come from AWS_ENDPOINT_URL.
 */
import { motoClientConfig } from '../clientConfig';
import { S3Replicator } from '../replicator';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  return args.find(a => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function main() {
  const args = process.argv.slice(2);
  const endpoint = option(args, '--endpoint') ?? process.env.AWS_ENDPOINT_URL;
  const delayMs = Number(option(args, '--delay-ms') ?? 2000);
  if (!endpoint || !Number.isFinite(delayMs) || delayMs < 0) {
    process.stderr.write(
      'Usage: replicator --endpoint http://127.0.0.1:PORT [--delay-ms 2000]\n',
    );
    process.exitCode = 2;
    return;
  }
  const replicator = new S3Replicator(
    motoClientConfig(endpoint, process.env.AWS_REGION ?? 'us-east-1'),
    { delayMs, log: m => process.stdout.write(`${m}\n`) },
  );
  await replicator.start();
  process.stdout.write(
    `S3 replicator on ${endpoint}: copies new objects after ${delayMs} ms\n`,
  );
  const stop = () => {
    replicator.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
