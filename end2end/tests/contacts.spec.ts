import { test, expect } from '@playwright/test';
import { promises as fs } from 'fs';
import { hydrated, signIn } from './helpers';

// The contacts directory (CRM): tabs with counts, smart views, search, sort
// and pages carried by the URL; Add Contact with field errors next to the
// fields; the CSV of what is shown.

test('the owner finds a contact by tab, view, search and sort', async ({ page }) => {
  await signIn(page, 'owner@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole('link', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await hydrated(page);
  const tabs = page.getByRole('navigation', { name: 'Kinds of contact' });
  await expect(tabs.getByRole('link', { name: /^All/ })).toHaveAttribute('aria-current', 'page');

  await tabs.getByRole('link', { name: /^Brokers/ }).click();
  await expect(page).toHaveURL(/segment=broker/);
  const table = page.getByRole('table', { name: 'Contacts' });
  await expect(table).toContainText('Marco Bellini');
  await expect(table.locator('tbody tr').first()).toContainText('Broker');

  await tabs.getByRole('link', { name: /^Clients/ }).click();
  await page.getByRole('group', { name: 'Smart views' }).getByRole('link', { name: 'VIP' }).click();
  await expect(page).toHaveURL(/segment=client&view=vip/);
  await expect(table.locator('tbody tr').first()).toContainText('VIP');

  // sort by name, then the other way
  await table.getByRole('link', { name: 'Name' }).click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect(table.locator('th[aria-sort="descending"]')).toHaveText(/Name/);

  await page.getByRole('link', { name: /^All/ }).click();
  await page.getByLabel('Search contacts').fill('wexford');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=wexford/);
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Wexford Fine Watches');

  // the CSV of this search
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = await fs.readFile((await download.path())!, 'utf8');
  expect(csv.split(/\r?\n/)[0]).toBe('Name,Type,Company,Email,Phone,Location,VIP,Added');
  expect(csv).toContain('Wexford Fine Watches');
});

test('staff add a contact; bad input is answered next to the field', async ({ page }) => {
  await signIn(page, 'staff@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/contacts?segment=trade_partner');
  await hydrated(page);
  await page.getByRole('button', { name: 'Add contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add contact' });
  await expect(dialog.getByLabel('Kind')).toHaveValue('trade_partner');
  await dialog.getByLabel('Company').fill('Rue de la Paix Horlogerie');
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByRole('button', { name: 'Add contact' }).click();
  await expect(dialog.locator('.field-error')).toContainText('valid email');
  await dialog.getByLabel('Email').fill('contact@ruedelapaix.example');
  await dialog.getByLabel('Phone').fill('+33 1 42 68 53 00');
  await dialog.getByRole('button', { name: 'Add contact' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Contact added.' })).toBeVisible();
  await page.getByLabel('Search contacts').fill('paix');
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByRole('table', { name: 'Contacts' }).locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('+33 1 42 68 53 00');
  // staff may not export
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveCount(0);
});

test('a viewer reads the directory but adds nothing', async ({ page }) => {
  await signIn(page, 'viewer@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/contacts');
  await hydrated(page);
  await expect(page.getByRole('table', { name: 'Contacts' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add contact' })).toHaveCount(0);
});
