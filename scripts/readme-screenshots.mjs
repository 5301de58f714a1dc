#!/usr/bin/env node
/*
 * Takes the README screenshots from a running demo portal (`./run start`):
 *
 *   node scripts/readme-screenshots.mjs http://localhost:3000
 *
 * Writes docs/screenshots/*.png. Uses Debian's Chromium (CHROMIUM_PATH).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const baseUrl = process.argv[2] ?? 'http://localhost:3000';
const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../docs/screenshots',
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});

async function signIn(theme) {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  page.setDefaultTimeout(60_000);
  await page.addInitScript(t => window.localStorage.setItem('theme', t), theme);
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByText('Enter as a Guest User.').waitFor({ state: 'detached' });
  return page;
}

const card = (page, title) =>
  page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first();

const shot = name => path.join(outDir, `${name}.png`);

const page = await signIn('light');
await page.goto(`${baseUrl}/catalog/default/component/checkout-service`);
await card(page, 'Ops Health').getByText('AWS cost: critical').waitFor();
await card(page, 'Ops Health').screenshot({
  path: shot('card-checkout-service'),
});
await card(page, 'Contacts and escalation')
  .getByText('devops@company.com')
  .waitFor();
await card(page, 'Contacts and escalation').screenshot({
  path: shot('contacts-card'),
});

await page.goto(`${baseUrl}/catalog/default/component/storefront-web`);
await card(page, 'Ops Health')
  .getByText('This entity has no Ops Health annotations yet.')
  .waitFor();
await card(page, 'Ops Health').screenshot({
  path: shot('card-not-configured'),
});

await page.goto(
  `${baseUrl}/catalog/default/component/media-archive/ops-health`,
);
await page.getByRole('button', { name: /run replication test/i }).waitFor();
await page.waitForTimeout(2000);
await page.screenshot({ path: shot('operations-tab'), fullPage: true });

const row = page
  .getByRole('row')
  .filter({ hasText: 'S3 replication failure' })
  .first();
await row.getByRole('link').first().click();
await page.getByText('Timeline', { exact: true }).waitFor();
await page.screenshot({ path: shot('incident-view'), fullPage: true });

await page.goto(`${baseUrl}/ops-health`);
await page.getByText('Unhealthy entities').first().waitFor();
await page.getByText('Collection').first().waitFor();
await page.waitForTimeout(2000);
await page.screenshot({ path: shot('ops-health-page'), fullPage: true });

await page.goto(`${baseUrl}/ops-health/schedules/platform-ops`);
await page.getByText('I take Tuesday').waitFor();
await page.waitForTimeout(1000);
await page.screenshot({ path: shot('on-call-schedule'), fullPage: true });

const dark = await signIn('dark');
await dark.goto(
  `${baseUrl}/catalog/default/component/checkout-service/ops-health`,
);
await dark.getByText('Top cost drivers').waitFor();
await dark.waitForTimeout(2000);
await dark.screenshot({ path: shot('operations-tab-dark') });

await browser.close();
console.log(`Screenshots written to ${outDir}`);
