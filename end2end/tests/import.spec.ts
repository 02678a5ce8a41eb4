import { test, expect } from '@playwright/test';
import path from 'path';
import { hydrated, signIn } from './helpers';

// The contact import wizard (CRM): a real XLSX workbook (a preamble sheet, a
// preamble above the headings, hand-typed abbreviations) through the
// mapping, the row verdicts, the commit and the rollback.

const BOOK = path.join(__dirname, '..', 'fixtures', 'client-book.xlsx');

test('the owner imports a workbook and rolls the run back', async ({ page }) => {
  await signIn(page, 'owner@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/contacts');
  await hydrated(page);
  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/contacts\/import$/);
  await hydrated(page);

  await page.locator('input[type=file]').setInputFiles(BOOK);
  await expect(page).toHaveURL(/\/contacts\/import\?file=/);
  await expect(page.getByText('Sheet “Clients”, headings on row 3.')).toBeVisible();
  // the suggested mapping, with its reasons
  const columns = page.getByRole('region', { name: 'Columns' });
  await expect(columns.getByLabel('Full Name')).toHaveValue('full_name');
  await expect(columns.getByLabel('Mob.')).toHaveValue('phone');
  await expect(columns.getByLabel('Co.')).toHaveValue('company');

  // every row's verdict, numbered as the spreadsheet numbers it
  const rows = page.getByRole('region', { name: 'Rows of the file' });
  const row = (n: number) => rows.locator('tbody tr').filter({ has: page.getByRole('checkbox', { name: `Import row ${n}`, exact: true }) });
  await expect(row(4)).toContainText('Olivia Hart');
  await expect(row(4)).toContainText('New');
  await expect(row(5)).toContainText('+81312345678');
  await expect(row(6)).toContainText('not a valid email');
  await expect(page.getByRole('checkbox', { name: 'Import row 6', exact: true })).toBeDisabled();
  await expect(row(8)).toContainText('Repeats row 5');
  await expect(page.getByRole('checkbox', { name: 'Import row 4', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Import row 8', exact: true })).not.toBeChecked();

  // only the errors
  await page.getByRole('button', { name: /^Errors/ }).click();
  await expect(rows.locator('tbody tr')).toHaveCount(1);
  await page.getByRole('button', { name: /^All/ }).click();

  await page.getByRole('button', { name: 'Import 2 rows' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported client-book.xlsx: 2 added' })).toBeVisible();
  await expect(page).toHaveURL(/\/contacts\/import$/);
  const history = page.getByRole('region', { name: 'Import history' });
  const run = history.locator('tbody tr').first();
  await expect(run).toContainText('client-book.xlsx');
  await expect(run.locator('td[data-label="Added"]')).toHaveText('2');

  await page.goto('/contacts?q=watanabe');
  await hydrated(page);
  await expect(page.getByRole('table', { name: 'Contacts' }).locator('tbody tr')).toHaveCount(1);

  // the rollback takes them away again
  await page.goto('/contacts/import');
  await hydrated(page);
  await run.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back' });
  await expect(dialog).toContainText('The 2 contacts it added go to the trash');
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await expect(run).toContainText('Rolled back');
  await expect(run).toContainText('2 removed');
  await page.goto('/contacts?q=watanabe');
  await hydrated(page);
  await expect(page.getByText('No matches')).toBeVisible();
});

test('staff are not offered the import', async ({ page }) => {
  await signIn(page, 'staff@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/contacts');
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Import' })).toHaveCount(0);
});

test('a manager is told why a file cannot be imported', async ({ page }) => {
  await signIn(page, 'manager@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/contacts/import');
  await hydrated(page);
  await page.locator('input[type=file]').setInputFiles(path.join(__dirname, '..', 'fixtures', 'receipt.pdf'));
  await expect(page.locator('.upload-item[data-state="failed"]')).toContainText('not a contact file');
  await expect(page).toHaveURL(/\/contacts\/import$/);
});
