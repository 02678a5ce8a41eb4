import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';
import { promises as fs } from 'fs';

// The UI kit page (platform admin, demo mode): every component works.
test.beforeEach(async ({ page }) => {
  await signIn(page, 'admin@dealflow.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/kit');
  await hydrated(page);
});

test('KPI cards show values and month-over-month trends', async ({ page }) => {
  const strip = page.locator('.kpi-strip');
  await expect(strip.locator('.kpi-card')).toHaveCount(4);
  await expect(strip.getByText('$48,125.00')).toBeVisible();
  await expect(strip.getByLabel('+12.5% versus last month')).toHaveClass(/trend-good/);
  // outstanding going down is good news
  await expect(strip.getByLabel('−8.2% versus last month')).toHaveClass(/trend-good/);
  await expect(strip.getByLabel('−10.0% versus last month')).toHaveClass(/trend-bad/);
});

test('the table sorts, filters, searches, pages and exports safe CSV', async ({ page }) => {
  const table = page.getByRole('table', { name: 'Demo commissions' });
  await expect(table.locator('tbody tr')).toHaveCount(10);
  await expect(page.getByText('Page 1 of 6')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Page 2 of 6')).toBeVisible();
  await table.getByRole('button', { name: 'Commission' }).click();
  await expect(page.getByText('Page 1 of 6')).toBeVisible();
  const amounts = async () => (await table.locator('tbody tr td:nth-child(4)').allInnerTexts()).map((t) => Number(t.replace(/[$,]/g, '')));
  const asc = await amounts();
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  await table.getByRole('button', { name: 'Commission' }).click();
  const desc = await amounts();
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: 'Paid', exact: true }).click();
  for (const s of await table.locator('tbody tr td:nth-child(3)').allInnerTexts()) expect(s.trim()).toBe('Paid');
  await page.getByRole('group', { name: 'Filter' }).getByRole('button', { name: 'All' }).click();
  await page.getByRole('searchbox', { name: 'Search demo commissions' }).fill('nautilus');
  for (const w of await table.locator('tbody tr td:first-child').allInnerTexts()) expect(w).toContain('Nautilus');
  await page.getByRole('searchbox', { name: 'Search demo commissions' }).fill('no such watch');
  await expect(page.getByText('No matches')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = await fs.readFile((await download.path())!, 'utf8');
  const lines = csv.split('\r\n');
  expect(lines[0]).toBe('Watch,Broker,Status,Commission (minor units),Date (UTC)');
  expect(lines.length).toBe(62); // header, 60 rows, trailing empty
  // the formula-looking broker name is neutralised
  expect(csv).toContain(`,'=cmd|' /C calc'!A0,`);
  expect(csv).not.toContain(`,=cmd`);
});

test('modal, two-step and typed-phrase confirmations, toasts', async ({ page }) => {
  await page.getByRole('button', { name: 'Open modal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Modal dialog' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Cancel payout request' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'Payout request cancelled.' })).toBeVisible();

  await page.getByRole('button', { name: 'Record large deposit' }).click();
  const typed = page.getByRole('dialog', { name: 'Record large deposit' });
  const confirm = typed.getByRole('button', { name: 'Confirm' });
  await expect(confirm).toBeDisabled();
  await typed.getByLabel('Type DEPOSIT 150,000.00 to confirm').fill('DEPOSIT 150,000');
  await expect(confirm).toBeDisabled();
  await typed.getByLabel('Type DEPOSIT 150,000.00 to confirm').fill('DEPOSIT 150,000.00');
  await confirm.click();
  await expect(page.locator('.toast').filter({ hasText: 'Deposit of $150,000.00 recorded.' })).toBeVisible();

  await page.getByRole('button', { name: 'Error toast' }).click();
  const err = page.locator('.toast-error');
  await expect(err).toContainText('Could not reach the bank');
  await err.getByRole('button', { name: 'Dismiss' }).click();
  await expect(err).toHaveCount(0);
});

test('tabs, date range and server-side field errors', async ({ page }) => {
  await page.getByRole('tab', { name: 'Payout info' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('last four');
  await page.getByRole('tab', { name: 'Payout info' }).press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Password' })).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('From').fill('2026-03-01');
  await page.getByLabel('To').fill('2026-02-01');
  await expect(page.getByText('The end date is before the start date.')).toBeVisible();

  await page.getByLabel('Amount (USD)').fill('1.234');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter a name.')).toBeVisible();
  await expect(page.getByText('Use at most 2 decimal places.')).toBeVisible();
  await page.getByLabel('Name').fill('Marco');
  await page.getByLabel('Amount (USD)').fill('14,500');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'Saved $14,500.00 for Marco' })).toBeVisible();
});

test('printing shows only the printable document', async ({ page }) => {
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.printable')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Main navigation' })).toBeHidden();
  await expect(page.getByRole('table', { name: 'Demo commissions' })).toBeHidden();
  await expect(page.locator('.printable').getByRole('button', { name: 'Print' })).toBeHidden();
});

test('other roles cannot open the kit', async ({ page, context }) => {
  await context.clearCookies();
  await signIn(page, 'owner@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  const r = await page.goto('/kit');
  expect(r?.status()).toBe(403);
});
