import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// Each organization reads dates and times in its own time zone; its owner
// changes it in Settings, and every time on screen follows at once.
test('the owner sets the time zone and times read in it', async ({ page }) => {
  await signIn(page, 'owner@leadflow.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/audit');
  await hydrated(page);
  const when = page.getByRole('table').locator('tbody tr').first().locator('td').first();
  // Demo: LeadFlow Partners is in London (GMT in winter, BST in summer).
  await expect(when).toHaveText(/, \d\d:\d\d (GMT|BST)$/);

  await page.goto('/settings');
  await hydrated(page);
  const zone = page.getByLabel('Time zone');
  await expect(zone).toHaveValue('Europe/London');
  await zone.selectOption('Asia/Tokyo');
  await page.getByRole('button', { name: 'Save time zone' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Time zone saved.' })).toBeVisible();
  await expect(zone).toHaveValue('Asia/Tokyo');

  await page.goto('/audit');
  await hydrated(page);
  await expect(when).toHaveText(/, \d\d:\d\d JST$/);
  await expect(page.getByRole('table').locator('tbody')).toContainText('org.time_zone_changed');

  // Back to the demo's zone for the other tests.
  await page.goto('/settings');
  await hydrated(page);
  await page.getByLabel('Time zone').selectOption('Europe/London');
  await page.getByRole('button', { name: 'Save time zone' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Time zone saved.' })).toBeVisible();
});

test('a manager sees no organization settings', async ({ page }) => {
  await signIn(page, 'manager@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/settings');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await expect(page.getByLabel('Time zone')).toHaveCount(0);
});

// What printed documents say about the organization: the owner saves the
// address once and it stays in the form (the page's one load refreshed).
test('the owner sets the address printed on documents', async ({ page }) => {
  await signIn(page, 'owner@leadflow.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/settings');
  await hydrated(page);
  const address = page.getByLabel('Address');
  await address.fill('LeadFlow Partners Ltd\n1 Example Street\nLondon EC1A 1AA');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved: documents print with it from now on.' })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Address')).toHaveValue('LeadFlow Partners Ltd\n1 Example Street\nLondon EC1A 1AA');
});
