import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// The desk cancels a commission with a reason; a reason is required; the
// broker sees the commission cancelled and why.
test('the desk cancels a commission and the broker sees why', async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, 'owner@meridian.demo');
  await expect(owner).toHaveURL(/\/$/);
  await owner.goto('/desk/commissions');
  await hydrated(owner);
  await owner.getByLabel('Search commissions').fill('Noor Duarte');
  // Pending-review ones are left for the dispute test.
  await owner.getByRole('group', { name: 'Filter' }).getByRole('button', { name: 'Awaiting Payout' }).click();
  const table = owner.getByRole('table', { name: 'Commissions' });
  const row = table.locator('tbody tr').filter({ hasText: /Noor Duarte/ }).filter({ has: owner.getByRole('button', { name: 'Cancel' }) }).first();
  const watch = (await row.locator('td').first().innerText()).trim();
  await row.getByRole('button', { name: 'Cancel' }).click();
  const card = owner.locator('.card').filter({ hasText: 'Cancel a commission' });
  await card.getByRole('button', { name: 'Cancel commission' }).click();
  await expect(card.locator('.field-error')).toContainText('Enter the reason');
  await card.getByLabel('Reason').fill('Invoice 4471 voided by accounting.');
  await card.getByRole('button', { name: 'Cancel commission' }).click();
  await expect(owner.locator('.toast').filter({ hasText: 'Commission cancelled' })).toBeVisible();
  await expect(card).toHaveCount(0);
  await owner.getByRole('group', { name: 'Filter' }).getByRole('button', { name: 'Cancelled' }).click();
  await expect(table.locator('tbody tr').filter({ hasText: watch }).filter({ hasText: /Noor Duarte/ }).first()).toContainText('Cancelled');

  const broker = await (await browser.newContext()).newPage();
  await signIn(broker, 'broker2@meridian.demo');
  await expect(broker).toHaveURL(/\/$/);
  await broker.goto('/commissions');
  await hydrated(broker);
  const mine = broker.getByRole('table', { name: 'Commissions' }).locator('tbody tr').filter({ hasText: 'Invoice 4471 voided' });
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText(watch);
  await expect(mine).toContainText('Cancelled: Invoice 4471 voided by accounting.');
});
