import { test, expect, Browser, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';
import * as path from 'path';
import { promises as fs } from 'fs';

// The whole watch-deal journey, broker and dealer side by side in two browsers.
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

async function as(browser: Browser, email: string): Promise<Page> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, email);
  await expect(page).toHaveURL(/\/$/);
  return page;
}

async function go(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

test('a lead becomes a paid commission with a printable receipt', async ({ browser }) => {
  test.setTimeout(120_000);
  const brand = `Rolex`;
  const model = `Daytona ${Date.now() % 100000}`;
  const broker = await as(browser, 'broker@meridian.demo');
  const owner = await as(browser, 'owner@meridian.demo');
  const errors: string[] = [];
  for (const p of [broker, owner]) p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));

  // Broker: a new submission with a photo.
  await go(broker, '/deals');
  await broker.getByRole('button', { name: 'New submission' }).click();
  const dialog = broker.getByRole('dialog', { name: 'New submission' });
  await dialog.getByLabel('Brand').fill(brand);
  await dialog.getByLabel('Model').fill(model);
  await dialog.getByLabel('Reference').fill('126500 ln');
  await dialog.getByLabel('Asking price').fill('28,000');
  await dialog.locator('#s-photos').setInputFiles(fixture('dial.png'));
  await expect(dialog.locator('.upload-item[data-state="done"]')).toContainText('dial.png');
  await dialog.getByRole('button', { name: 'Send submission' }).click();
  await expect(broker.locator('.toast').filter({ hasText: 'Submission sent' })).toBeVisible();
  const lead = broker.locator('.review-list li').filter({ hasText: model });
  await expect(lead).toContainText('Submitted');

  // Desk: the owner was notified; review, accept with a cost, add a cost, record the sale, release.
  await go(owner, '/desk/submissions');
  await expect(owner.locator('.bell-count')).toBeVisible();
  await owner.getByRole('button', { name: /^Notifications, \d+ unread/ }).click();
  await expect(owner.getByRole('region', { name: 'Notifications' })).toContainText(`New submission from Marco Bellini: ${brand} ${model}`);
  await expect(owner.locator('.bell-count')).toHaveCount(0);
  await owner.getByRole('button', { name: /^Notifications/ }).click();
  await owner.getByRole('table', { name: 'Submissions' }).getByRole('link', { name: new RegExp(model) }).click();
  await hydrated(owner);
  await expect(owner.locator('.photos img')).toHaveCount(1);
  await owner.getByRole('button', { name: 'Start review' }).click();
  await expect(owner.locator('.toast').filter({ hasText: 'Review started' })).toBeVisible();
  await owner.getByLabel('Acquisition cost').fill('24000');
  await owner.getByLabel('Serial number').fill('SER-1');
  await owner.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(owner.locator('.toast').filter({ hasText: 'Accepted into inventory' })).toBeVisible();
  await owner.getByRole('link', { name: 'Open in inventory' }).click();
  await hydrated(owner);
  await owner.getByLabel('What').fill('Service');
  await owner.getByLabel('Amount', { exact: true }).fill('1,000');
  await owner.getByRole('button', { name: 'Add cost' }).click();
  await expect(owner.locator('.costs')).toContainText('Service · $1,000.00');
  await owner.getByLabel('Sale price').fill('30000');
  await owner.getByLabel('Buyer').fill('Private collector');
  await owner.getByRole('button', { name: 'Record sale' }).click();
  await expect(owner.locator('.toast').filter({ hasText: 'Sale recorded' })).toBeVisible();
  // 10 % of (30,000 − 24,000 − 1,000) = 500
  await expect(owner.locator('.request-list')).toContainText('$500.00');
  await owner.getByRole('button', { name: 'Release' }).click();
  await expect(owner.locator('.request-list')).toContainText('Awaiting Payout');

  // Broker: the deal is sold; no sale price or buyer anywhere; request the payout.
  await go(broker, '/deals');
  const row = broker.getByRole('table', { name: 'Accepted deals' }).locator('tr').filter({ hasText: model });
  await expect(row).toContainText('Sold');
  await expect(row).toContainText('$500.00');
  const html = await broker.content();
  expect(html).not.toContain('Private collector');
  expect(html).not.toContain('30,000');
  await go(broker, '/commissions');
  await broker.getByLabel('Note (optional)').fill('Thanks!');
  await broker.getByRole('button', { name: /Request payout of/ }).click();
  await expect(broker.locator('.toast').filter({ hasText: 'Payout requested' })).toBeVisible();
  await expect(broker.getByRole('list', { name: 'Payout request status' }).locator('li.current')).toHaveText('Requested');

  // Desk: check, sign off, pay with a receipt file.
  await go(owner, '/desk/payouts');
  const card = owner.locator('.card').filter({ hasText: 'Marco Bellini' }).filter({ has: owner.getByRole('button', { name: /send to sign-off/ }) }).first();
  await card.getByRole('button', { name: /send to sign-off/ }).click();
  await expect(owner.locator('.toast').filter({ hasText: 'Moved to sign-off' })).toBeVisible();
  const pay = owner.locator('.card').filter({ hasText: 'Marco Bellini' }).filter({ has: owner.getByRole('button', { name: 'Sign off and record payment' }) }).first();
  // The owner can see the full bank details through an audited action.
  await pay.getByRole('button', { name: 'Reveal bank details' }).click();
  await expect(owner.getByRole('dialog', { name: 'Bank details' })).toContainText('This view is recorded in the audit log');
  await owner.getByRole('dialog', { name: 'Bank details' }).getByRole('button', { name: 'Close', exact: true }).click();
  await pay.getByLabel('Method').selectOption('wire');
  await pay.getByLabel('Payment reference').fill('WIRE-2026-17');
  await pay.getByLabel('Paid on').fill('2026-11-20');
  await pay.locator('input[type="file"]').setInputFiles(fixture('receipt.pdf'));
  await expect(pay.locator('.upload-item[data-state="done"]')).toBeVisible();
  await pay.getByRole('button', { name: 'Sign off and record payment' }).click();
  await expect(owner.locator('.toast').filter({ hasText: 'Payment recorded' })).toBeVisible();

  // Broker: paid, with a printable receipt and a CSV that says so.
  await go(broker, '/commissions');
  const paidRow = broker.getByRole('table', { name: 'Commissions' }).locator('tr').filter({ hasText: model });
  await expect(paidRow).toContainText('Paid');
  await expect(broker.getByRole('list', { name: 'Payout request status' })).toHaveCount(0);
  const download = broker.waitForEvent('download');
  await broker.getByRole('link', { name: 'Export CSV' }).click();
  const csv = await fs.readFile(await (await download).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('Watch,Status,Amount,Currency,Earned,Released,Paid');
  expect(csv).toContain(`${brand} ${model} 126500LN,Paid,500.00,USD`);
  await paidRow.getByRole('link', { name: 'Receipt' }).click();
  await hydrated(broker);
  const receipt = broker.getByRole('article', { name: 'Commission payment receipt' });
  await expect(receipt).toContainText('$500.00');
  await expect(receipt).toContainText('WIRE-2026-17');
  await expect(receipt).toContainText('Meridian Watch Co.');
  await broker.emulateMedia({ media: 'print' });
  await expect(broker.getByRole('complementary', { name: 'Main navigation' })).toBeHidden();
  await expect(broker.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(receipt).toBeVisible();
  await broker.emulateMedia({ media: 'screen' });
  expect(errors).toEqual([]);
});
