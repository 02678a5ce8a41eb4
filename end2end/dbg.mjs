import { chromium } from 'playwright-core';
const [base, email, path] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking'] });
const page = await browser.newPage();
page.on('console', m => console.log('console', m.type(), m.text().slice(0, 600)));
page.on('pageerror', e => console.log('pageerror', e.message.slice(0, 600)));
await page.goto(base + '/login');
await page.waitForTimeout(1500);
await page.getByLabel('Email').fill(email);
await page.getByLabel('Password').fill('dealflow-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForTimeout(2000);
console.log('url', page.url());
for (const p of path.split(',')) { await page.goto(base + p); await page.waitForTimeout(1200); console.log(p, 'hydrated?', await page.evaluate(() => document.body.dataset.hydrated)); }
await page.waitForTimeout(3000);
console.log('hydrated?', await page.evaluate(() => document.body.dataset.hydrated));
await browser.close();
