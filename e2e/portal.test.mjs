// Browser end-to-end test of the demo portal: Debian's Chromium driven by
// playwright-core. `./run test` starts the portal (the same way as
// `./run start`) and passes its URL in OPS_HEALTH_E2E_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const baseUrl = process.env.OPS_HEALTH_E2E_URL ?? 'http://localhost:3000';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'e2e-output',
);

let browser;
let page;

before(async () => {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  fs.mkdirSync(outDir, { recursive: true });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(60_000);
  await page.goto(baseUrl);
  // The demo signs in with Backstage's guest provider.
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByText('Enter as a Guest User.').waitFor({ state: 'detached' });
});

after(async () => {
  await browser?.close();
});

async function openEntity(name) {
  await page.goto(`${baseUrl}/catalog/default/component/${name}`);
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Ops Health', { exact: true }) })
    .first();
  await card.waitFor();
  return card;
}

// Collection runs in scheduled tasks shortly after the backend starts: reload
// the page until the card shows the expected lights.
async function openEntityUntil(name, texts, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const card = await openEntity(name);
    await card
      .getByText(/^(AWS cost|S3 replication|Disaster-recovery backup):/)
      .first()
      .waitFor();
    let missing = [];
    for (const text of texts) {
      if ((await card.getByText(text, { exact: true }).count()) === 0)
        missing.push(text);
    }
    if (missing.length === 0) return card;
    if (Date.now() > deadline) {
      throw new Error(
        `${name}: still missing ${missing.join(
          ', ',
        )}; card says: ${await card.innerText()}`,
      );
    }
    await page.waitForTimeout(3000);
  }
}

const demoStory = {
  'checkout-service': [
    'AWS cost: critical',
    'S3 replication: not set up',
    'Disaster-recovery backup: not set up',
  ],
  'media-archive': [
    'AWS cost: ok',
    'S3 replication: critical',
    'Disaster-recovery backup: not set up',
  ],
  'config-backup': [
    'AWS cost: ok',
    'S3 replication: not set up',
    'Disaster-recovery backup: critical',
  ],
  'billing-api': [
    'AWS cost: ok',
    'S3 replication: ok',
    'Disaster-recovery backup: ok',
  ],
  'search-indexer': [
    'AWS cost: not set up',
    'S3 replication: warning',
    'Disaster-recovery backup: not set up',
  ],
  'legacy-batch': ['Disaster-recovery backup: misconfigured'],
  'partner-gateway': ['AWS cost: unknown'],
};

for (const [name, lights] of Object.entries(demoStory)) {
  test(`${name} shows its demo story: ${lights.join(', ')}`, async () => {
    await openEntityUntil(name, lights);
    await page.screenshot({
      path: path.join(outDir, `entity-${name}.png`),
      fullPage: true,
    });
  });
}

test('the failing checks say why', async () => {
  const checkout = await openEntityUntil('checkout-service', [
    'AWS cost: critical',
  ]);
  assert.match(await checkout.innerText(), /over the daily threshold/i);
  const media = await openEntityUntil('media-archive', [
    'S3 replication: critical',
  ]);
  assert.match(await media.innerText(), /failed/i);
  const backup = await openEntityUntil('config-backup', [
    'Disaster-recovery backup: critical',
  ]);
  assert.match(await backup.innerText(), /no backup/i);
});

test('an entity without annotations is shown how to set them up', async () => {
  const card = await openEntity('storefront-web');
  await card
    .getByText('This entity has no Ops Health annotations yet.')
    .waitFor();
  const snippet = await card.locator('pre, code').first().innerText();
  assert.match(snippet, /ops-health\/cost-tags/);
  await page.screenshot({
    path: path.join(outDir, 'entity-storefront-web.png'),
    fullPage: true,
  });
});

test('the demo alerts arrive in the notifications inbox of the owning team', async () => {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(`${baseUrl}/notifications`);
    await page.getByText('Notifications', { exact: true }).first().waitFor();
    await page.waitForTimeout(2000);
    const text = await page.locator('main, body').first().innerText();
    if (/checkout-service/.test(text) && /media-archive/.test(text)) break;
    if (Date.now() > deadline) {
      throw new Error(
        `no Ops Health notifications in the inbox; it shows: ${text.slice(
          0,
          500,
        )}`,
      );
    }
    await page.waitForTimeout(3000);
  }
  await page.screenshot({
    path: path.join(outDir, 'notifications-inbox.png'),
    fullPage: true,
  });
});

test('the runbook is published as TechDocs, one heading per procedure', async () => {
  await page.goto(`${baseUrl}/docs/default/component/ops-runbook`);
  // TechDocs renders into a shadow root; Playwright's locators pierce it.
  for (const id of [
    'cost-overrun-alert',
    's3-replication-failure',
    'disaster-recovery-backup-failure',
    'incident-response-workflow',
    'escalation-path',
  ]) {
    await page.locator(`[id="${id}"]`).first().waitFor({ timeout: 120_000 });
  }
  const heading = page.locator('[id="s3-replication-failure"]').first();
  assert.match(await heading.innerText(), /S3 replication failure/);
  await heading.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: path.join(outDir, 'techdocs-runbook.png') });
});

test('the replication test runs from the Operations tab, shows progress and the outcome', async () => {
  await page.goto(
    `${baseUrl}/catalog/default/component/media-archive/ops-health`,
  );
  await page.getByRole('button', { name: /run replication test/i }).click();
  // The demo waits 20 s for the probe (opsHealth.replication.canary.timeout).
  await page
    .getByRole('progressbar', { name: /Test of media-archive-primary running/ })
    .waitFor();
  await page.screenshot({
    path: path.join(outDir, 'replication-test-running.png'),
    fullPage: true,
  });
  // The emulator does not replicate objects: the probe never arrives.
  await page
    .getByText('Test of media-archive-primary: failed')
    .waitFor({ timeout: 120_000 });
  assert.match(
    await page.locator('main').innerText(),
    /media-archive-replica: timed out, the probe did not arrive/,
  );
  await page.screenshot({
    path: path.join(outDir, 'replication-test-outcome.png'),
    fullPage: true,
  });
});
