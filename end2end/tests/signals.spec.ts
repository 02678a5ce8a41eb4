import { test, expect } from '@playwright/test';
import * as path from 'path';
import { hydrated, signIn } from './helpers';

// The demo chat simulator posts signed messages into the broker's webhook;
// the open Signals page shows them as they arrive, filters them, and a
// claim turns one into a lead on the Deals page.
test('signals arrive live, filter, and a claim becomes a submission', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'broker2@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/settings?tab=whatsapp');
  await hydrated(page);
  await expect(page.getByRole('tab', { name: 'WhatsApp' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('wa-status')).toContainText('Not linked');
  await page.getByRole('button', { name: 'Connect the demo chat' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'Demo WhatsApp linking' })).toBeVisible();
  // Not linked → Connecting (a QR code to scan) → Connected.
  await expect(page.getByRole('img', { name: 'QR code to link WhatsApp' })).toBeVisible();
  await expect(page.getByTestId('wa-status')).toContainText('Connecting');
  await expect(page.getByTestId('wa-status')).toContainText('Connected', { timeout: 15_000 });
  await expect(page.getByRole('img', { name: 'QR code to link WhatsApp' })).toHaveCount(0);

  await page.getByRole('complementary', { name: 'Main navigation' }).getByRole('link', { name: 'Signals' }).click();
  await expect(page).toHaveURL(/\/signals$/);
  await hydrated(page);
  const list = page.getByRole('list', { name: 'Signals' });
  // Arrives while the page is open (no reload).
  const sub = list.locator('li').filter({ hasText: 'Rolex Submariner Date 126610LN' }).filter({ hasText: 'spare links' });
  await expect(sub).toBeVisible({ timeout: 20_000 });
  await expect(sub).toContainText('USD 14,500');
  await expect(sub).toContainText('For sale');
  // The raw message on demand.
  await expect(sub.getByText('Located Geneva')).toBeHidden();
  await sub.getByText('Message', { exact: true }).click();
  await expect(sub.getByText(/Located Geneva/)).toBeVisible();
  // It stays open while new messages arrive and the list reloads.
  const before = await list.locator('li').count();
  await expect.poll(() => list.locator('li').count(), { timeout: 20_000 }).toBeGreaterThan(before);
  await expect(sub.getByText(/Located Geneva/)).toBeVisible();
  // The desk's want list has the Daytona 126500LN.
  const daytona = list.locator('li').filter({ hasText: '126500LN' });
  await expect(daytona).toBeVisible({ timeout: 30_000 });
  await expect(daytona).toContainText('Wanted by the desk');
  await expect(daytona).toContainText('Wanted');
  // Chatter only under "All".
  await expect(list.locator('li').filter({ hasText: 'Good luck with that one' })).toHaveCount(0);
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All' }).click();
  await expect(list.locator('li').filter({ hasText: 'Good luck with that one' })).toHaveCount(1);
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Actionable' }).click();
  await expect(list.locator('li').filter({ hasText: 'Good luck with that one' })).toHaveCount(0);

  // Claim: the lead leaves the list and is on the Deals page.
  await sub.getByRole('button', { name: 'Claim' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'Claimed' })).toBeVisible();
  await expect(sub).toHaveCount(0);
  await page.getByLabel('Show claimed').check();
  const claimed = list.locator('li').filter({ hasText: 'spare links' });
  await expect(claimed.getByRole('link', { name: 'Claimed — view the lead' })).toBeVisible();
  await claimed.getByRole('link', { name: 'Claimed — view the lead' }).click();
  await expect(page).toHaveURL(/\/deals\/submissions\//);
  await expect(page.locator('main')).toContainText('Rolex Submariner Date 126610LN');
  await expect(page.locator('main')).toContainText('Geneva Watch Traders');
  await page.goto('/deals');
  await hydrated(page);
  await expect(page.locator('main')).toContainText('Rolex Submariner Date 126610LN');

  // Unlink stops capture; the status says so.
  await page.goto('/settings?tab=whatsapp');
  await hydrated(page);
  await page.getByRole('button', { name: 'Unlink WhatsApp' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'WhatsApp unlinked' })).toBeVisible();
  await expect(page.getByTestId('wa-status')).toContainText('Not linked');
});

test('a WhatsApp chat export imports into signals, once', async ({ page }) => {
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/settings?tab=whatsapp');
  await hydrated(page);
  const file = path.join(__dirname, '..', 'fixtures', 'chat-export.txt');
  await page.getByLabel('Group name').fill('Geneva Watch Traders');
  await page.getByLabel("Phone's time zone").selectOption('Europe/Zurich');
  await page.getByLabel('Chat export (.txt)').setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 14 messages' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'WhatsApp' })).toHaveAttribute('aria-selected', 'true');
  // The form post landed on a new page: type once its code has taken over
  // (the tab's form is drawn again as it hydrates).
  await hydrated(page);
  await page.getByLabel('Group name').fill('Geneva Watch Traders');
  await page.getByLabel('Chat export (.txt)').setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 0 messages' })).toContainText('14 were imported before');
  // Not an export: a clear message, nothing imported.
  await page.getByLabel('Group name').fill('Other group');
  await page.getByLabel('Chat export (.txt)').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some notes\nno dates') });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('alert').filter({ hasText: "doesn't look like a WhatsApp chat export" })).toBeVisible();
  await page.goto('/signals');
  await hydrated(page);
  await expect(page.getByRole('list', { name: 'Signals' }).locator('li').filter({ hasText: 'HK$ 1.2m budget' })).toContainText('HKD 1,200,000');
});
