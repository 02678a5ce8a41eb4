import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// The broker's dashboard, analytics, messages and settings; the desk's want list.
test('the broker dashboard shows KPIs, charts, the want list and the checklist', async ({ page }) => {
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);
  await expect(page.locator('.kpi-card')).toHaveCount(5);
  // Trends say what they compare with, and a lifetime total never reads −100 %.
  for (const t of await page.locator('.kpi-trend').allInnerTexts()) expect(t).toMatch(/(vs the same days last month|since last month ended)$/);
  await expect(page.locator('.kpi-card').first()).not.toContainText('−100');
  await expect(page.locator('.kpi-card').first()).toContainText('Total earned');
  for (const kind of ['funnel', 'bar', 'donut']) {
    await expect(page.locator(`figure[data-chart="${kind}"]`)).toHaveAttribute('data-drawn', 'true');
  }
  const item = page.locator('.want-list li').first();
  const button = item.getByRole('button', { name: 'I can find this' });
  const before = await button.getAttribute('aria-pressed');
  await button.click();
  await expect(page.locator('.want-list li').first().getByRole('button', { name: 'I can find this' })).toHaveAttribute('aria-pressed', before === 'true' ? 'false' : 'true');
  await expect(page.locator('.checklist li').first()).toBeVisible();
});

test('analytics draws every chart with a year of history', async ({ page }) => {
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/analytics');
  await hydrated(page);
  for (const kind of ['bar', 'funnel', 'donut', 'sparkline', 'heatmap']) {
    await expect(page.locator(`figure[data-chart="${kind}"]`)).toHaveAttribute('data-drawn', 'true');
  }
  await expect(page.locator('.kpi-card').filter({ hasText: 'Submission to sale' })).toContainText('%');
  // The heatmap's rows are the broker's WhatsApp groups, with "Direct" for the form.
  await expect(page.locator('figure[data-chart="heatmap"] table.chart-data')).toContainText('Direct');
});

test('messages are history only: there is no way to send', async ({ page }) => {
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/messages');
  await hydrated(page);
  await expect(page.getByRole('list', { name: 'Message history' }).locator('li')).toHaveCount(6);
  await expect(page.locator('main textarea, main input[type="text"]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /send/i })).toHaveCount(0);
});

test('payout info: the account number is stored encrypted and only its last four come back', async ({ page }) => {
  await signIn(page, 'broker2@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/settings');
  await hydrated(page);
  await page.getByRole('tab', { name: 'Payout info' }).click();
  await page.getByLabel('Institution').fill('Deutsche Bank');
  await page.getByLabel('SWIFT/BIC').fill('DEUTDEFF500');
  await page.getByLabel('Account number').fill('DE89 3704 0044 0532 0130 00');
  await page.getByLabel('Preferred method').selectOption('wire');
  await page.getByRole('button', { name: 'Save payout info' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'Payout details saved' })).toBeVisible();
  await expect(page.getByTestId('last4')).toContainText('3000');
  await expect(page.getByLabel('Account number')).toHaveValue('');
  await page.reload();
  await hydrated(page);
  await page.getByRole('tab', { name: 'Payout info' }).click();
  await expect(page.getByTestId('last4')).toContainText('3000');
  expect(await page.content()).not.toContain('370400440532013000');
  const api = await (await page.request.post('/api/broker/profile', { headers: { origin: new URL(page.url()).origin } })).text();
  expect(api).toContain('"account_last4":"3000"');
  expect(api).not.toContain('3704004405');
  // A bad SWIFT code is refused next to its field.
  await page.getByLabel('SWIFT/BIC').fill('ABC');
  await page.getByRole('button', { name: 'Save payout info' }).click();
  await expect(page.locator('.field-error').filter({ hasText: 'SWIFT/BIC code has 8 or 11 characters' })).toBeVisible();
});

test('the desk keeps a want list that brokers see', async ({ browser }) => {
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, 'owner@meridian.demo');
  await expect(owner).toHaveURL(/\/$/);
  await owner.goto('/desk/want-list');
  await hydrated(owner);
  const model = `Pepsi ${Date.now() % 100000}`;
  await owner.getByLabel('Brand').fill('Rolex');
  await owner.getByLabel('Model').fill(model);
  await owner.getByLabel('Reference').fill('126710 blro');
  await owner.getByLabel('Urgency').selectOption('3');
  await owner.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(owner.locator('.want-list li').filter({ hasText: model })).toContainText('126710BLRO');
  const broker = await (await browser.newContext()).newPage();
  await signIn(broker, 'broker@meridian.demo');
  await expect(broker).toHaveURL(/\/$/);
  await hydrated(broker);
  const mine = broker.locator('.want-list li').filter({ hasText: model });
  await expect(mine).toContainText('Urgent');
  await mine.getByRole('button', { name: 'I’m working on this' }).click();
  await expect(broker.locator('.want-list li').filter({ hasText: model }).getByRole('button', { name: 'I’m working on this' })).toHaveAttribute('aria-pressed', 'true');
  await owner.reload();
  await hydrated(owner);
  const row = owner.locator('.want-list li').filter({ hasText: model });
  await expect(row).toContainText('Marco Bellini: Working on it');
  await row.getByRole('button', { name: 'Close' }).click();
  await expect(owner.locator('.want-list li').filter({ hasText: model })).toContainText('Closed');
});
