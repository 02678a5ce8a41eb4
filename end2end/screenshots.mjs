// Dev tool: screenshots of the main screens for a visual check.
// usage: node end2end/screenshots.mjs http://127.0.0.1:3000 out-dir
import { chromium } from 'playwright-core';
const [base = 'http://127.0.0.1:3000', out = '/tmp/shots'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
async function shoot(email, paths, viewport = { width: 1280, height: 800 }, tag = '') {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => console.log('pageerror', email, page.url(), e.message.slice(0, 200)));
  await page.goto(base + '/login');
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached' });
  await page.screenshot({ path: `${out}/login${tag}.png` });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('dealflow-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(base + '/');
  for (const p of paths) {
    await page.goto(base + p);
    await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached' });
    await page.screenshot({ path: `${out}/${email.split('@')[0]}${p.replaceAll('/', '_') || '_home'}${tag}.png`, fullPage: true });
  }
  await page.close();
}
await shoot('owner@meridian.demo', ['/', '/team', '/audit', '/settings', '/nope']);
await shoot('admin@dealflow.demo', ['/platform/organizations']);
await shoot('broker@meridian.demo', ['/', '/team'], { width: 390, height: 844 }, '-phone');
await browser.close();
