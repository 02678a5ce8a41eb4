import { test, expect } from '@playwright/test';
import { PASSWORD, hydrated, signIn, sidebar } from './helpers';

const TEAM_ADMIN = ['Overview', 'Team', 'Audit log', 'Settings'];
const BASIC = ['Overview', 'Settings'];
const DEALER_OWNER = ['Overview', 'Submissions', 'Inventory', 'Commissions', 'Payouts', 'Disputes', 'Want list', 'Contacts', 'Team', 'Audit log', 'Settings'];

// Every demo login and exactly the sidebar its role may open.
const people: [string, string, string[]][] = [
  ['admin@dealflow.demo', 'Platform admin', ['Overview', 'Organizations', 'Audit log', 'Settings']],
  ['owner@meridian.demo', 'Owner', DEALER_OWNER],
  ['manager@meridian.demo', 'Manager', ['Overview', 'Submissions', 'Inventory', 'Payouts', 'Disputes', 'Want list', 'Contacts', 'Settings']],
  ['staff@meridian.demo', 'Staff', ['Overview', 'Submissions', 'Inventory', 'Want list', 'Contacts', 'Settings']],
  ['viewer@meridian.demo', 'Viewer', ['Overview', 'Contacts', 'Settings']],
  ['broker@meridian.demo', 'Broker', ['Overview', 'Signals', 'Deals', 'Commissions', 'Analytics', 'Messages', 'Settings']],
  ['investor@meridian.demo', 'Investor', BASIC],
  ['seller@meridian.demo', 'Seller', BASIC],
  ['owner@riley.demo', 'Owner', TEAM_ADMIN],
  ['agent@riley.demo', 'Agent', BASIC],
  ['owner@leadflow.demo', 'Owner', TEAM_ADMIN],
  ['partner@leadflow.demo', 'Channel partner', BASIC],
  ['sales@leadflow.demo', 'Sales member', BASIC],
];

for (const [email, role, links] of people) {
  test(`${email} signs in and sees exactly the ${role} sidebar`, async ({ page }) => {
    await signIn(page, email);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    expect(await sidebar(page)).toEqual(links);
    await expect(page.locator('.user-role')).toHaveText(role);
    // every link in it opens a working page, by client-side navigation and by a full load that hydrates cleanly
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    for (const label of links) {
      const link = page.getByRole('complementary', { name: 'Main navigation' }).getByRole('link', { name: label });
      const href = await link.getAttribute('href');
      await link.click();
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await expect(page.locator('.error-code')).toHaveCount(0);
      await page.goto(href!);
      await hydrated(page);
      await expect(page.locator('.error-code')).toHaveCount(0);
    }
    expect(errors).toEqual([]);
  });
}

test('a wrong password shows one clear message', async ({ page }) => {
  await signIn(page, 'owner@meridian.demo', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await expect(page).toHaveURL(/\/login/);
  // the same message for an address that does not exist
  await page.getByLabel('Email').fill('nobody@meridian.demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
});

test('a malformed email is flagged next to the field', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('whatever1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.field-error').first()).toContainText('valid email');
});

test('seller routes land on the role-disabled page', async ({ page }) => {
  await signIn(page, 'seller@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  for (const path of ['/seller', '/seller/inventory', '/seller/sales', '/seller/settings']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/role-disabled$/);
    await expect(page.getByRole('heading', { name: 'Role disabled' })).toBeVisible();
    await expect(page.getByText('Seller portal disabled for launch.')).toBeVisible();
  }
});

test('sign out ends the session', async ({ page }) => {
  await signIn(page, 'viewer@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.locator('.user-menu summary').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login\?next=\/settings/);
});

test('a page outside the role answers 403 and unknown pages 404', async ({ page }) => {
  await signIn(page, 'broker@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  const forbidden = await page.goto('/team');
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'No access' })).toBeVisible();
  const missing = await page.goto('/no-such-page');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('password change signs out and the new password works', async ({ page }) => {
  await signIn(page, 'staff@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/settings');
  await hydrated(page);
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('short');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('.field-error')).toContainText('Use at least 8 characters.');
  await page.getByLabel('New password', { exact: true }).fill('staff-new-pass');
  await page.getByLabel('Confirm new password').fill('staff-new-pass');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/login\?changed=1/);
  await expect(page.getByText('Your password was changed.')).toBeVisible();
  await signIn(page, 'staff@meridian.demo', 'staff-new-pass');
  await expect(page).toHaveURL(/\/$/);
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('the login form still works', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('manager@meridian.demo');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
    await page.getByLabel('Email').fill('manager@meridian.demo');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome, Marcus');
  });
});

test('the layout works on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'owner@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  const nav = page.getByRole('complementary', { name: 'Main navigation' });
  await expect(nav).not.toBeInViewport();
  await page.getByRole('button', { name: 'Open menu' }).click();
  await expect(nav).toBeInViewport();
  await nav.getByRole('link', { name: 'Team' }).click();
  await expect(page.getByRole('heading', { name: 'Team' })).toBeVisible();
  await page.screenshot({ path: 'test-results/phone-team.png' });
});

test('every page hydrates under the content security policy', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('Content Security Policy')) violations.push(m.text()); });
  for (const path of ['/login', '/no-such-page', '/role-disabled']) {
    await page.goto(path);
    await hydrated(page);
  }
  expect(violations).toEqual([]);
});

test('the team table sorts, searches, filters and exports CSV', async ({ page }) => {
  await signIn(page, 'owner@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/team');
  await hydrated(page);
  const table = page.getByRole('table', { name: 'Team members' });
  const names = () => table.locator('tbody tr td:first-child').allInnerTexts();
  await table.getByRole('button', { name: 'Name' }).click();
  const asc = await names();
  expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b)));
  await table.getByRole('button', { name: 'Name' }).click();
  expect(await names()).toEqual([...asc].reverse());
  await expect(table.locator('thead th').first()).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('searchbox', { name: 'Search team members' }).fill('broker');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await page.getByRole('searchbox', { name: 'Search team members' }).fill('');
  await page.getByRole('button', { name: 'External' }).click();
  for (const role of await table.locator('tbody tr td:nth-child(3)').allInnerTexts()) {
    expect(['Broker', 'Investor', 'Seller']).toContain(role.trim());
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = await (await import('fs')).promises.readFile((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('Name,Email,Role,Status,Joined (America/New_York)');
  expect(csv).toContain('broker@meridian.demo');
  // a row opens the member page
  await page.getByRole('button', { name: 'All' }).click();
  await table.getByRole('link', { name: 'Marco Bellini' }).click();
  await expect(page.getByRole('heading', { name: 'Marco Bellini' })).toBeVisible();
});
