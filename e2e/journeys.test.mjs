// The five personas' journeys through the demo portal, each at 1440×900 and
// 1024×768 in the light and dark themes: what each must see without
// scrolling, that nothing is wider than the window, and that no page of the
// plugin logs a React key or unique-id warning. Read-only: it changes nothing
// in the demo, so it can run before or after portal.test.mjs. Screenshots go
// to e2e-output/journeys/<persona>-<view>-<width>-<theme>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.mjs';

const baseUrl = process.env.OPS_HEALTH_E2E_URL ?? 'http://localhost:3000';
const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'e2e-output',
  'journeys',
);

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
];
const THEMES = ['light', 'dark'];

// React's development warnings that mean a list or a table is keyed wrongly.
const KEY_WARNING =
  /Each child in a list should have a unique "key" prop|Encountered two children with the same key|all rows need an unique id|unique id/i;

let browser;

before(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A signed-in page at one size and theme that records key warnings. */
async function session(viewport, theme) {
  const context = await browser.newContext({
    viewport,
    colorScheme: theme,
  });
  await context.addInitScript(t => {
    window.localStorage.setItem('theme', t);
  }, theme);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const warnings = [];
  page.on('console', message => {
    const text = message.text();
    if (KEY_WARNING.test(text)) {
      warnings.push({ url: page.url(), text: text.slice(0, 600) });
    }
  });
  // Signed in on the plugin's page: the stock home page of the demo app is
  // not the plugin's (its widget grid logs a key warning of its own).
  await page.goto(`${baseUrl}/ops-health`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByText('Enter as a Guest User.').waitFor({ state: 'detached' });
  return { context, page, warnings };
}

/** Whether the element's top is inside the first screen of the page. */
async function aboveTheFold(page, locator, what) {
  await locator.waitFor();
  const box = await locator.boundingBox();
  const { height } = page.viewportSize();
  assert.ok(box, `${what} is laid out`);
  assert.ok(
    box.y + Math.min(box.height, 40) <= height,
    `${what} starts at ${Math.round(box.y)} px, below the fold of ${height} px`,
  );
}

/** Nothing of the page is wider than the window (no sideways scrolling). */
async function fitsWidth(page, what) {
  const overflow = await page.evaluate(() => {
    const main = document.querySelector('main') ?? document.body;
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      main: main.scrollWidth - main.clientWidth,
    };
  });
  assert.ok(
    overflow.page <= 1 && overflow.main <= 1,
    `${what} is ${Math.max(
      overflow.page,
      overflow.main,
    )} px wider than the window`,
  );
}

async function shot(page, name, viewport, theme) {
  await page.waitForTimeout(500);
  await page.screenshot({
    path: path.join(outDir, `${name}-${viewport.width}-${theme}.png`),
  });
}

function overviewCard(page) {
  return page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Ops Health', { exact: true }) })
    .first();
}

// Collection runs shortly after the backend starts: wait for a measured light.
async function openOverview(page, name) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(`${baseUrl}/catalog/default/component/${name}`);
    const card = overviewCard(page);
    await card.waitFor();
    const measured = card.getByText(
      /^(AWS cost|S3 replication|Disaster-recovery backup): (ok|warning|critical|misconfigured|unknown)/,
    );
    try {
      await measured.first().waitFor({ timeout: 10_000 });
      return card;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Runs a journey in every size and theme; fails on any key warning. */
function journey(persona, walk) {
  test(`${persona}: at 1440×900 and 1024×768, light and dark`, async () => {
    const warnings = [];
    for (const viewport of VIEWPORTS) {
      for (const theme of THEMES) {
        const s = await session(viewport, theme);
        try {
          await walk(s.page, {
            viewport,
            theme,
            shot: name => shot(s.page, `${persona}-${name}`, viewport, theme),
          });
        } finally {
          warnings.push(...s.warnings);
          await s.context.close();
        }
      }
    }
    assert.deepEqual(warnings, [], 'no React key or unique-id warnings');
  });
}

journey('service-team', async (page, { shot }) => {
  // A team member opens their service: the answer is on the first screen.
  const card = await openOverview(page, 'checkout-service');
  await aboveTheFold(page, card.getByText(/^AWS cost: critical/), 'the status');
  await aboveTheFold(
    page,
    card.getByText(/USD [\d,.]+ yesterday, over USD [\d,.]+\/day/).first(),
    "the worst check's headline",
  );
  await fitsWidth(page, 'the entity overview');
  await shot('overview');

  await page.goto(
    `${baseUrl}/catalog/default/component/checkout-service/ops-health`,
  );
  await page.getByText('Top cost drivers').first().waitFor();
  await page.waitForTimeout(1000);
  await fitsWidth(page, 'the Operations tab');
  await shot('operations');
});

journey('on-call', async (page, { shot }) => {
  // The on-call engineer starts from the failing service's overview: the
  // open incident and the runbook are on the first screen.
  const card = await openOverview(page, 'media-archive');
  await aboveTheFold(
    page,
    card.getByRole('link', { name: /S3 replication failure/ }).first(),
    'the open incident',
  );
  await aboveTheFold(
    page,
    card.getByRole('link', { name: /runbook/i }).first(),
    'the runbook link',
  );
  await shot('overview');

  // The incident: its phase, the next step and the timeline.
  await card
    .getByRole('link', { name: /S3 replication failure/ })
    .first()
    .click();
  await page.getByText('Timeline', { exact: true }).waitFor();
  await aboveTheFold(
    page,
    page.getByText('Containment').first(),
    "the incident's phase",
  );
  await page.waitForTimeout(1000);
  await fitsWidth(page, 'the incident view');
  await shot('incident');

  // The failing section of the Operations tab.
  await page.goto(
    `${baseUrl}/catalog/default/component/media-archive/ops-health#ops-health-replication`,
  );
  await page.getByRole('button', { name: /run replication test/i }).waitFor();
  await page.waitForTimeout(1000);
  await fitsWidth(page, 'the Operations tab');
  await shot('operations');
});

journey('platform-admin', async (page, { shot }) => {
  // The admin's page: the summary first, then what is unhealthy.
  await page.goto(`${baseUrl}/ops-health`);
  await aboveTheFold(
    page,
    page.getByRole('heading', { name: 'Summary' }),
    'the summary',
  );
  await aboveTheFold(
    page,
    page.getByRole('button', { name: /^\d+ critical/ }).first(),
    'the count of critical results',
  );
  await page.getByText('media-archive').first().waitFor();
  await page.waitForTimeout(1000);
  await fitsWidth(page, 'the Ops Health page');
  await shot('ops-health-page');

  await page
    .getByText('Notification channels', { exact: true })
    .scrollIntoViewIfNeeded();
  await page
    .getByRole('button', { name: /^Send test to / })
    .first()
    .waitFor();
  await shot('channels');

  // Filtered to the critical entities, as a link would open it.
  await page.goto(`${baseUrl}/ops-health?status=critical`);
  await page.getByText('media-archive').first().waitFor();
  await page.waitForTimeout(1000);
  await fitsWidth(page, 'the filtered Ops Health page');
  await shot('ops-health-critical');
});

journey('newcomer', async (page, { shot }) => {
  // A service without annotations: how to set it up, on the first screen.
  await page.goto(`${baseUrl}/catalog/default/component/storefront-web`);
  const card = overviewCard(page);
  await aboveTheFold(
    page,
    card.getByText('This entity has no Ops Health annotations yet.'),
    'that it is not set up',
  );
  await card.getByText(/To set it up, add these annotations/).waitFor();
  assert.match(
    (await card.locator('pre').first().textContent()) ?? '',
    /ops-health\/cost-tags: .*<tag-value>/,
  );
  await card.getByText('What each annotation means').click();
  await card.getByText(/To set it up/).scrollIntoViewIfNeeded();
  await fitsWidth(page, 'the newcomer overview');
  await shot('setup');

  // A misconfigured one: the problem and the corrected line.
  await page.goto(
    `${baseUrl}/catalog/default/component/legacy-batch/ops-health`,
  );
  await page
    .getByText(/misconfigured/i)
    .first()
    .waitFor();
  await page.waitForTimeout(1000);
  await fitsWidth(page, "legacy-batch's Operations tab");
  await shot('misconfigured');
});

journey('manager', async (page, { shot }) => {
  // How the teams respond: MTTA and MTTR on the first screen of the page.
  await page.goto(`${baseUrl}/ops-health`);
  await page.getByRole('heading', { name: 'Incident response' }).waitFor();
  await aboveTheFold(
    page,
    page.getByText('MTTA', { exact: true }).first(),
    'MTTA',
  );
  await page
    .getByText('Open incidents', { exact: true })
    .scrollIntoViewIfNeeded();
  await page.waitForTimeout(1000);
  await shot('incidents');

  // One team's view, as the owner filter links it.
  await page.goto(`${baseUrl}/ops-health?owner=group:default/platform-ops`);
  await page.getByText('media-archive').first().waitFor();
  await page.waitForTimeout(1000);
  await fitsWidth(page, "the team's Ops Health page");
  await shot('team');
});
