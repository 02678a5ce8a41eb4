import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

// Pages are lazy: the sign-in page and the frame come in the core bundle,
// each page's code when it is first shown (`cargo leptos build --split`).

/** The WASM files the page fetched, by name. */
function wasmRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/pkg\/([^/?]+\.wasm)/);
    if (m) seen.push(m[1]);
  });
  return seen;
}

/** The first link on the page whose href matches, as a path. */
async function firstHref(page: Page, pattern: RegExp): Promise<string> {
  let href: string | undefined;
  await expect
    .poll(async () => {
      const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      href = hrefs.find((h) => pattern.test(h));
      return href;
    }, { message: `a link like ${pattern} on ${page.url()}` })
    .toBeTruthy();
  return href!;
}

async function opensDirectly(page: Page, path: string, errors: string[]) {
  await page.goto(path);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.locator('.error-code'), `${path} is not an error page`).toHaveCount(0);
  expect(errors, `no uncaught error on ${path}`).toEqual([]);
}

async function navigate(page: Page, label: string) {
  const link = page.getByRole('complementary', { name: 'Main navigation' }).getByRole('link', { name: label, exact: true });
  const href = (await link.getAttribute('href'))!;
  await link.click();
  await expect(page).toHaveURL((url) => url.pathname === href);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.locator('.error-code')).toHaveCount(0);
}

test('the sign-in page loads only the core; each page brings its own code', async ({ page }) => {
  const wasm = wasmRequests(page);
  await page.goto('/login');
  await hydrated(page);
  expect(wasm).toEqual(['dealflow.wasm']);

  await signIn(page, 'broker@meridian.demo');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  await expect.poll(() => wasm.some((f) => f.startsWith('split___overview_'))).toBe(true);
  expect(wasm.some((f) => f.startsWith('split___commissions_')), 'Commissions not fetched before it is opened').toBe(false);

  await navigate(page, 'Commissions');
  await expect.poll(() => wasm.some((f) => f.startsWith('split___commissions_'))).toBe(true);
  const before = wasm.length;
  // Back to a page already loaded: nothing is fetched again.
  await navigate(page, 'Overview');
  await page.waitForTimeout(300);
  expect(wasm.slice(before).filter((f) => f.startsWith('split___overview_'))).toEqual([]);
});

test('a deep link into every module opens directly, and navigation crosses modules', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));

  // The desk (dealer module) and the team (organization) as the owner.
  await signIn(page, 'owner@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await navigate(page, 'Submissions');
  const submission = await firstHref(page, /^\/desk\/submissions\/[^/]+$/);
  await navigate(page, 'Inventory');
  const item = await firstHref(page, /^\/desk\/inventory\/[^/]+$/);
  await navigate(page, 'Team');
  const member = await firstHref(page, /^\/team\/[^/]+$/);
  for (const path of [submission, item, '/desk/payouts', '/desk/disputes', '/desk/want-list', '/desk/commissions', member, '/audit', '/settings']) {
    await opensDirectly(page, path, errors);
  }
  // From a deep page of one module to another module and back, by the sidebar.
  await page.goto(submission);
  await hydrated(page);
  await navigate(page, 'Team');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Team');
  await navigate(page, 'Payouts');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Payout');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Team');

  // The Broker Portal as the broker.
  await page.context().clearCookies();
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await navigate(page, 'Deals');
  const deal = await firstHref(page, /^\/deals\/(?!submissions)[^/]+$/);
  const sub = await firstHref(page, /^\/deals\/submissions\/[^/]+$/);
  await navigate(page, 'Commissions');
  const receipt = await firstHref(page, /^\/commissions\/[^/]+\/receipt$/);
  for (const path of [deal, sub, receipt, '/analytics', '/messages', '/signals']) {
    await opensDirectly(page, path, errors);
  }
  await navigate(page, 'Settings');
  await navigate(page, 'Analytics');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Analytics');

  // The platform's own pages as the platform admin.
  await page.context().clearCookies();
  await signIn(page, 'admin@dealflow.demo');
  await expect(page).toHaveURL(/\/$/);
  await opensDirectly(page, '/platform/organizations', errors);
  await opensDirectly(page, '/kit', errors);
  await navigate(page, 'Overview');
});

test('a page whose code fails to download reloads into it, and says so if that fails again', async ({ page }) => {
  await signIn(page, 'owner@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);

  // The connection drops once, just as Payouts' code is fetched.
  let refused = 0;
  await page.route(/\/pkg\/split___payouts_[^/]*\.wasm/, (route) => {
    if (refused++ === 0) return route.abort('connectionreset');
    return route.continue();
  });
  await navigate(page, 'Payouts').catch(() => {});
  await expect(page).toHaveURL(/\/desk\/payouts$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Payout');
  expect(refused).toBeGreaterThan(1);
  await expect(page.getByRole('alert').filter({ hasText: 'could not be downloaded' })).toHaveCount(0);

  // Offline for good: one reload, then a clear message with a Reload link instead of a dead page.
  await page.unroute(/\/pkg\/split___payouts_[^/]*\.wasm/);
  await page.route(/\/pkg\/split___disputes_[^/]*\.wasm/, (route) => route.abort('internetdisconnected'));
  await page.getByRole('complementary', { name: 'Main navigation' }).getByRole('link', { name: 'Disputes' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  // Reload goes where the click was going.
  await expect(banner.getByRole('link', { name: 'Reload' })).toHaveAttribute('href', '/desk/disputes');
  await page.screenshot({ path: 'test-results/app-stopped.png' });
});
