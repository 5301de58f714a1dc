/*
 * Time from navigation to the entity's cost chart drawn, in headless
 * Chromium, side by side with the catalog's own entity overview page in the
 * same run: the portal's production build (packages/app/dist, built by
 * `yarn workspace app build`) served by a backend with the real catalog,
 * auth, permission, notifications and Ops Health plugins
 * (bench/readPathBackend.ts), one entity with 90 days of cost and 200
 * incidents. Full page loads (the bundle from the browser's cache after the
 * first), alternating, the time read in the page (performance.now(), from
 * the start of navigation) on the frame the element is there. Prints one
 * JSON line.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/frontendTiming.ts [rounds]
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startBenchBackend } from './readPath';

const ROOT = resolve(__dirname, '..');
const ENTITY = 'svc-00001';
const INCIDENTS = 200;
const DESCRIPTION = 'Service 1 of the benchmark catalog';

type Page = {
  name: string;
  path: string;
  /** Runs in the page: whether what the user came for is drawn. */
  drawn: string;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const rounds = Number(process.argv[2] ?? 7);
  if (!existsSync(join(ROOT, 'packages/app/dist/index.html'))) {
    execSync('yarn workspace app build', {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  process.env.OPS_HEALTH_BENCH_APP = '1';
  const backend = await startBenchBackend({
    kind: 'sqlite',
    count: 200,
    timelineRows: 10_000,
    extraConfig: `app:
  baseUrl: http://127.0.0.1:7107
  title: Ops Health bench
bench:
  focusIncidents: ${INCIDENTS}
`,
  });
  const { base } = backend;
  const { launchChromium } = await import('../e2e/browser.mjs');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(base);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByText('Enter as a Guest User.')
      .waitFor({ state: 'detached' });

    const entityPath = `/catalog/default/component/${ENTITY}`;
    const pages: Page[] = [
      {
        name: "catalog's entity overview (About card drawn)",
        path: entityPath,
        drawn: `document.body.textContent.includes(${JSON.stringify(
          DESCRIPTION,
        )})`,
      },
      {
        name: 'Ops Health tab (cost chart drawn)',
        path: `${entityPath}/ops-health`,
        drawn: `document.querySelectorAll('#ops-health-cost figure[role=img] .recharts-bar-rectangle').length >= 30`,
      },
    ];
    const load = async (p: Page) => {
      await page.goto(`${base}${p.path}`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        `(${p.drawn}) ? performance.now() : false`,
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      return Math.round((await handle.jsonValue()) as number);
    };
    // One of each to fill the browser's cache, then alternate.
    for (const p of pages) await load(p);
    const samples: number[][] = pages.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (const [i, p] of pages.entries()) samples[i].push(await load(p));
    }
    // What the user sees on the Ops Health tab: the chart and the incidents.
    mkdirSync(join(ROOT, 'e2e-output'), { recursive: true });
    await page.screenshot({
      path: join(ROOT, 'e2e-output', 'bench-ops-health-tab.png'),
      fullPage: true,
    });
    const incidentsShown = await page
      .getByRole('table', { name: 'Incident history' })
      .locator('tbody tr')
      .count();
    const results = pages.map((p, i) => ({
      name: p.name,
      path: p.path,
      medianMs: median(samples[i]),
      samplesMs: samples[i],
    }));
    process.stdout.write(
      `${JSON.stringify({
        bench: 'frontendTiming',
        entity: ENTITY,
        incidents: INCIDENTS,
        costDays: 90,
        rounds,
        incidentsShown,
        pages: results,
        ratio: results[1].medianMs / results[0].medianMs,
      })}\n`,
    );
  } finally {
    await browser.close();
    await backend.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
