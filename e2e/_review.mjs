import { launchChromium } from './browser.mjs';
const [w,h,tag,...pages] = process.argv.slice(2);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: +w, height: +h } });
const errors = [];
page.on('pageerror', e => errors.push('PAGEERR '+page.url()+' '+String(e)));
page.on('console', m => { if (m.type() === 'error' || m.type()==='warning') errors.push(m.type()+' '+page.url()+' '+m.text().slice(0,400)); });
page.on('response', r => { if (r.status() >= 400) errors.push('HTTP '+r.status()+' '+r.url()); });
let n = 0;
for (const p of pages) {
  await page.goto('http://localhost:3000' + p);
  try { await page.getByRole('button', { name: /^enter$/i }).first().click({ timeout: 4000 }); } catch {}
  await page.waitForTimeout(6000);
  n++;
  await page.screenshot({ path: `/tmp/ui-review/${tag}-${n}.png`, fullPage: true });
  const text = await page.locator('main').innerText().catch(() => '');
  console.log(`=== ${tag}-${n} ${p} ${page.url()}\n${text}`);
}
console.log('ERRORS', JSON.stringify(errors, null, 1));
await browser.close();
