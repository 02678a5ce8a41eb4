import { test, expect, Browser, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// The finish of the dealer's screens: dialogs that behave, the funnel in the
// seed's order with its counts, pages a role may not open, and a deal whose
// sale was unwound telling the same story everywhere.

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await expect(page).toHaveURL(/\/$/);
  return page;
}

/** Calls a server function as the page's signed-in person. */
async function call(page: Page, name: string, form: Record<string, string>): Promise<any> {
  const origin = new URL(page.url()).origin;
  const r = await page.request.post(`/api/${name}`, { form, headers: { origin } });
  expect(r.status(), `${name}: ${await r.text()}`).toBe(200);
  return r.json();
}

test('dialogs: focus moves in and back, Tab stays inside, Escape and Cancel close from anywhere', async ({ page }) => {
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/deals');
  await hydrated(page);
  const opener = page.getByRole('button', { name: 'New submission' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'New submission' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Brand')).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Close dialog' })).toBeVisible();
  // Tab never leaves the dialog, forwards or backwards.
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await dialog.getByLabel('Brand').focus();
  await page.keyboard.press('Shift+Tab');
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  // Escape closes it even when the focus is nowhere in particular, and focus goes back to the opener.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  // Cancel closes it too.
  await opener.click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
});

test('the pipeline funnel keeps the seed order and shows its counts and conversions', async ({ page }) => {
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
  const funnel = page.locator('figure.chart[data-chart="funnel"]');
  await expect(funnel).toHaveAttribute('data-drawn', 'true');
  const stages = await funnel.locator('table.chart-data tbody th').allInnerTexts();
  expect(stages).toEqual(['New', 'In Review', 'Approved', 'Converted']);
  const counts = (await funnel.locator('table.chart-data tbody td').allInnerTexts()).map((c) => Number(c.replace(/,/g, '')));
  for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]);
  const notes = funnel.locator('.chart-notes li');
  await expect(notes.filter({ hasText: /^In Review: \d+ \(\d+% of New\)$/ })).toHaveCount(1);
  await expect(notes.filter({ hasText: /^Converted: \d+ \(\d+% of Approved\)$/ })).toHaveCount(1);
  await expect(notes.filter({ hasText: /^Not accepted: \d+$/ })).toHaveCount(1);
  // The analytics funnel is the same one: rejections beside it, never a stage.
  await page.goto('/analytics');
  await hydrated(page);
  const a = page.locator('figure.chart[data-chart="funnel"]');
  expect(await a.locator('table.chart-data tbody th').allInnerTexts()).toEqual(stages);
  await expect(a.locator('.chart-notes')).toContainText('Not accepted');
});

test('a page the role may not open is only the 403 page', async ({ browser }) => {
  const owner = await as(browser, 'owner@meridian.demo');
  for (const path of ['/deals', '/signals', '/commissions']) {
    const response = await owner.goto(path);
    expect(response?.status(), path).toBe(403);
    await hydrated(owner);
    await expect(owner.getByRole('heading', { name: 'No access' })).toBeVisible();
    await expect(owner.locator('main .page-header, main form, main select')).toHaveCount(0);
  }
  await expect(owner.getByRole('button', { name: 'New submission' })).toHaveCount(0);
  const broker = await as(browser, 'broker@meridian.demo');
  const response = await broker.goto('/desk/want-list');
  expect(response?.status()).toBe(403);
  await hydrated(broker);
  await expect(broker.getByRole('heading', { name: 'No access' })).toBeVisible();
  await expect(broker.locator('main form')).toHaveCount(0);
  // Navigating there inside the app says the same.
  await broker.goto('/');
  await hydrated(broker);
  await broker.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/desk/inventory';
    a.textContent = 'x';
    document.body.append(a);
    a.click();
  });
  await expect(broker).toHaveURL(/\/desk\/inventory$/);
  await expect(broker.getByRole('heading', { name: 'No access' })).toBeVisible();
});

test('an unwound sale reads as unwound on the broker deal page, with the reason', async ({ browser }) => {
  test.setTimeout(60_000);
  const broker = await as(browser, 'broker@meridian.demo');
  const owner = await as(browser, 'owner@meridian.demo');
  const model = `Submariner ${Date.now() % 100000}`;
  const sub = await call(broker, 'broker/submit', { brand: 'Rolex', model, reference: '', asking: '12000', notes: '', source_type: 'sourced', photos: '' });
  const deal = await call(owner, 'desk/submission/accept', { id: sub, cost: '9000', serial: '', co_broker_id: '', co_share: '' });
  await call(owner, 'desk/deal/sale', { id: deal, price: '13000', buyer: 'A collector', sold_on: '', basis: '', rate: '', fixed: '' });

  await owner.goto(`/desk/inventory/${deal}`);
  await hydrated(owner);
  const form = owner.locator('.card').filter({ hasText: 'Unwind the sale' });
  await form.getByRole('button', { name: 'Unwind sale' }).click();
  await expect(form.locator('.field-error')).toContainText(/reason/i);
  await form.getByLabel('Reason').fill('The buyer returned the watch');
  await form.getByRole('button', { name: 'Unwind sale' }).click();
  await expect(owner.locator('.toast').filter({ hasText: 'Sale unwound' })).toBeVisible();
  await expect(owner.locator('.pill').filter({ hasText: 'Sale unwound' })).toBeVisible();
  await expect(owner.locator('.card').filter({ hasText: 'Unwind the sale' })).toHaveCount(0);

  await broker.goto(`/deals/${deal}`);
  await hydrated(broker);
  await expect(broker.locator('.page-subtitle')).toContainText('Sale unwound');
  const steps = broker.locator('.journey li');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(2)).toHaveClass(/stopped/);
  await expect(steps.nth(2)).toContainText('Sale unwound');
  await expect(steps.nth(2)).toContainText('The buyer returned the watch');
  await expect(broker.locator('.journey')).not.toContainText('Not yet');
  await broker.goto('/deals');
  await hydrated(broker);
  await expect(broker.getByRole('table', { name: 'Accepted deals' }).locator('tr').filter({ hasText: model })).toContainText('Sale unwound');
});

test('a payout receipt prints as a document: header, parties, every commission, total, page numbers', async ({ page }, info) => {
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/commissions');
  await hydrated(page);
  await page.getByRole('link', { name: 'Payout receipt' }).first().click();
  await hydrated(page);
  const doc = page.getByRole('article', { name: 'Payout receipt' });
  await expect(doc).toBeVisible();
  await expect(doc.locator('.doc-org')).toHaveText('Meridian Watch Co.');
  await expect(doc).toContainText('640 Collins Avenue, Suite 12');
  await expect(doc.locator('.doc-party').nth(1)).toContainText('Marco Bellini');
  await expect(doc.locator('.doc-party').nth(1)).toContainText(/Paid by (ACH|Wire)/);
  const rows = doc.locator('table.doc-lines tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  // The total is the sum of the lines, to the cent.
  const cents = (t: string) => Math.round(Number(t.replace(/[^0-9.]/g, '')) * 100);
  const amounts = await doc.locator('table.doc-lines tbody td.num').allInnerTexts();
  expect(amounts.reduce((a, t) => a + cents(t), 0)).toBe(cents(await doc.locator('.doc-total').innerText()));
  await expect(doc.locator('.doc-facts')).toContainText('Signed off by');
  await expect(doc.locator('.doc-footer')).toContainText('Meridian Watch Co.');
  // Printed: only the document, on pages with margins; a typical payout fits one page.
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(1);
  await info.attach('payout-receipt.pdf', { body: pdf, contentType: 'application/pdf' });
  const letter = await page.pdf({ format: 'Letter', printBackground: true });
  expect((letter.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
});
