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
  await expect(strip.getByLabel('+12.5% since last month ended')).toHaveClass(/trend-good/);
  // outstanding going down is good news
  await expect(strip.getByLabel('−8.2% since last month ended')).toHaveClass(/trend-good/);
  await expect(strip.getByLabel('−10.0% vs the same days last month')).toHaveClass(/trend-bad/);
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
  await page.getByLabel('From', { exact: true }).fill('2026-03-01');
  await page.getByLabel('To', { exact: true }).fill('2026-02-01');
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

const KINDS = ['line', 'area', 'bar', 'donut', 'funnel', 'sparkline', 'heatmap'];

/** How many pixels of a canvas are painted (not transparent). */
async function painted(canvas: import('@playwright/test').Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
}

test('every chart kind draws on a canvas and keeps its numbers for screen readers', async ({ page }) => {
  for (const kind of KINDS) {
    const fig = page.locator(`figure.chart[data-chart="${kind}"]`);
    await expect(fig).toHaveAttribute('data-drawn', 'true');
    const canvas = fig.locator('canvas').first();
    await expect(canvas).toBeVisible();
    await expect.poll(() => painted(canvas), { message: `${kind} chart paints pixels` }).toBeGreaterThan(200);
    // The table stays in the page for assistive technology, out of sight.
    await expect(fig.locator('table.chart-data')).toBeAttached();
    await expect(fig.locator('.chart-fallback')).toHaveClass(/sr-only/);
  }
  await expect(page.locator('figure[data-chart="donut"] table.chart-data')).toContainText('Rolex');
  await expect(page.locator('figure[data-chart="area"] table.chart-data th[scope="row"]')).toHaveText(['Earned', 'Paid out']);
});

test('charts follow the window size', async ({ page }) => {
  const canvas = page.locator('figure[data-chart="area"] canvas').first();
  await expect(page.locator('figure[data-chart="area"]')).toHaveAttribute('data-drawn', 'true');
  const width = () => canvas.evaluate((c) => c.getBoundingClientRect().width);
  const before = await width();
  await page.setViewportSize({ width: 760, height: 900 });
  await expect.poll(width).toBeLessThan(before - 100);
  const body = await page.locator('figure[data-chart="area"] .chart-body').evaluate((b) => b.getBoundingClientRect().width);
  expect(Math.abs((await width()) - body)).toBeLessThan(2);
});

test('before hydration a chart is a table of its numbers', async ({ page }) => {
  const html = await (await page.request.get('/kit', { headers: { accept: 'text/html' } })).text();
  const area = html.slice(html.indexOf('data-chart="area"'));
  expect(area).toContain('<table class="chart-data"');
  expect(area).toMatch(/<th scope="row">Earned<\/th><td>\$[\d,]+\.\d\d<\/td>/);
  // The fallback is visible until the browser draws (not sr-only in the HTML).
  expect(area.slice(0, area.indexOf('</figure>'))).not.toContain('sr-only"><table');
});

test('ECharts loads only on pages that draw a chart', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/');
  await hydrated(page);
  await page.goto('/audit');
  await hydrated(page);
  expect(await page.evaluate(() => typeof (window as any).echarts)).toBe('undefined');
  expect(requested).not.toContain('/echarts.min.js');
  await page.goto('/kit');
  await hydrated(page);
  await expect(page.locator('figure[data-chart="bar"]')).toHaveAttribute('data-drawn', 'true');
  expect(requested.filter((p) => p === '/echarts.min.js')).toHaveLength(1);
});

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');

test('files upload by choosing and by dropping; refused files say why', async ({ page }) => {
  const items = page.locator('.upload-item');
  await page.locator('#kit-upload').setInputFiles({ name: 'watch.png', mimeType: 'image/png', buffer: PNG });
  const done = items.filter({ hasText: 'watch.png' });
  await expect(done).toHaveAttribute('data-state', 'done');
  await expect(page.locator('.toast').filter({ hasText: 'Uploaded watch.png.' })).toBeVisible();
  const href = await done.getByRole('link').getAttribute('href');
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('image/png');
  expect(Buffer.compare(await file.body(), PNG)).toBe(0);

  // Drag and drop.
  const dt = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const t = new DataTransfer();
    t.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    return t;
  }, PNG.toString('base64'));
  await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: dt });
  await expect(items.filter({ hasText: 'dropped.png' })).toHaveAttribute('data-state', 'done');

  // Too large: refused before sending. Not a photo: refused by the server, with the reason.
  await page.locator('#kit-upload').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(11 * 1024 * 1024, 1) });
  await expect(items.filter({ hasText: 'huge.png' })).toContainText('Larger than 10.0 MB');
  await page.locator('#kit-upload').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just text') });
  const refused = items.filter({ hasText: 'notes.png' });
  await expect(refused).toHaveAttribute('data-state', 'failed');
  await expect(refused).toContainText('is not a file we accept');
});
