import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// A broker disputes a commission; the desk resolves it with a corrected
// amount; the broker sees the reply and the new amount.
test('a dispute goes from the broker to the desk and back', async ({ browser }) => {
  const broker = await (await browser.newContext()).newPage();
  await signIn(broker, 'broker2@meridian.demo');
  await expect(broker).toHaveURL(/\/$/);
  await broker.goto('/commissions');
  await hydrated(broker);
  await broker.getByLabel('Status').selectOption('pending_review');
  const row = broker.getByRole('table', { name: 'Commissions' }).locator('tbody tr').first();
  const watch = (await row.locator('td').first().innerText()).trim();
  await row.getByRole('button', { name: 'Dispute' }).click();
  const dialog = broker.getByRole('dialog', { name: 'Dispute a commission' });
  await dialog.getByLabel('Category').selectOption('amount');
  await dialog.getByRole('button', { name: 'Send dispute' }).click();
  await expect(dialog.locator('.field-error')).toContainText('Enter the reason');
  await dialog.getByLabel('Reason').fill('The service cost was 200, not 500.');
  await dialog.getByRole('button', { name: 'Send dispute' }).click();
  await expect(broker.locator('.toast').filter({ hasText: 'Dispute sent' })).toBeVisible();

  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, 'owner@meridian.demo');
  await expect(owner).toHaveURL(/\/$/);
  await owner.goto('/desk/disputes');
  await hydrated(owner);
  const card = owner.locator('.card').filter({ hasText: 'The service cost was 200, not 500.' });
  await card.getByLabel('Corrected commission (optional)').fill('123.45');
  await card.getByLabel('Reply to the broker').fill('Checked the invoice — corrected.');
  await card.getByRole('button', { name: 'Close dispute' }).click();
  await expect(owner.locator('.toast').filter({ hasText: 'Dispute closed' })).toBeVisible();

  await broker.goto('/commissions');
  await hydrated(broker);
  const after = broker.getByRole('table', { name: 'Commissions' }).locator('tbody tr').filter({ hasText: watch }).filter({ hasText: 'Checked the invoice' });
  await expect(after).toContainText('$123.45');
  await expect(after).toContainText('Resolved: Checked the invoice — corrected.');
  await expect(after).toContainText('Pending Review');
});
