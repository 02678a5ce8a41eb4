import { test, expect, Browser, Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import { hydrated, signIn, watchConsole } from './helpers';

// A real installation: a server over an empty database (see
// playwright.config.ts), its first administrator made with the real
// `dealflow admin create`, then everyone else through the browser.
const emptyPort = process.env.DEALFLOW_E2E_EMPTY_PORT!;
const emptyURL = `http://127.0.0.1:${emptyPort}`;

function dealflowAdmin(args: string[], input = ''): string {
  return execFileSync(process.env.DEALFLOW_BIN!, ['admin', ...args], {
    input,
    env: {
      ...process.env,
      DEALFLOW_DATA_DIR: process.env.DEALFLOW_E2E_EMPTY_DIR!,
      DEALFLOW_ADDR: `127.0.0.1:${emptyPort}`,
      DEALFLOW_DEMO: 'false',
      RUST_LOG: 'warn',
    },
  }).toString();
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: emptyURL });
  const page = await context.newPage();
  watchConsole(page);
  return page;
}

/** Opens a one-time link, chooses the password and submits the form. */
async function acceptLink(page: Page, link: string, password: string, button: string) {
  await page.goto(link);
  await hydrated(page);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('The same password again').fill(password);
  await page.getByRole('button', { name: button }).click();
}

test('an empty installation: admin → organization → owner → invited broker', async ({ browser }) => {
  test.setTimeout(90_000);
  const out = dealflowAdmin(['create', '--email', 'ada@acme.test', '--name', 'Ada Admin'], 'ada-password-1\nada-password-1\n');
  expect(out).toContain('Platform administrator ada@acme.test created');

  // The administrator creates the organization and gets the owner's link.
  const admin = await freshPage(browser);
  await signIn(admin, 'ada@acme.test', 'ada-password-1');
  await expect(admin).toHaveURL(/\/$/);
  await admin.goto('/platform/organizations');
  await hydrated(admin);
  await expect(admin.getByText('No organizations yet')).toBeVisible();
  await admin.getByLabel('Name', { exact: true }).fill('Acme Watches');
  await admin.getByLabel('Currency').selectOption('EUR');
  await admin.getByLabel('Time zone').selectOption('Europe/Berlin');
  await admin.getByLabel('Dealer').check();
  await admin.getByLabel("First owner's name").fill('Olga Owner');
  await admin.getByLabel("First owner's email").fill('olga@acme.test');
  await admin.getByRole('button', { name: 'Create and invite the owner' }).click();
  const ownerLink = await admin.getByTestId('invite-link').inputValue();
  expect(ownerLink).toMatch(new RegExp(`^${emptyURL}/invite/[0-9a-f]{64}$`));
  await expect(admin.getByRole('table')).toContainText('Acme Watches');

  // The owner joins through it and lands on her overview.
  const owner = await freshPage(browser);
  await owner.goto(ownerLink);
  await hydrated(owner);
  await expect(owner.getByText('Ada Admin invited you to join Acme Watches as Owner.')).toBeVisible();
  await acceptLink(owner, ownerLink, 'olga-password-1', 'Join and sign in');
  await expect(owner).toHaveURL(/\/$/);
  await expect(owner.getByRole('complementary', { name: 'Main navigation' })).toContainText('Olga Owner');

  // She invites a broker; the role list offers only what her modules have.
  await owner.goto('/team');
  await hydrated(owner);
  const roles = await owner.getByLabel('Role').locator('option').allInnerTexts();
  expect(roles).toEqual(['Owner', 'Manager', 'Staff', 'Viewer', 'Broker']);
  await owner.getByLabel('Email').fill('ben@brokers.test');
  await owner.getByLabel('Name').fill('Ben Broker');
  await owner.getByLabel('Role').selectOption('broker');
  await owner.getByRole('button', { name: 'Send invitation' }).click();
  const brokerLink = await owner.getByTestId('invite-link').inputValue();
  await expect(owner.getByRole('table').first()).toContainText('ben@brokers.test');

  // The broker joins and sees his own, empty portal with its empty states.
  const broker = await freshPage(browser);
  await acceptLink(broker, brokerLink, 'ben-password-1', 'Join and sign in');
  await expect(broker).toHaveURL(/\/$/);
  await expect(broker.getByRole('complementary', { name: 'Main navigation' })).toContainText('Ben Broker');
  await expect(broker.getByRole('link', { name: 'Submit your first watch' })).toBeVisible();
  await broker.goto('/deals');
  await hydrated(broker);
  await expect(broker.getByText('No accepted deals yet')).toBeVisible();
  await broker.goto('/commissions');
  await hydrated(broker);
  await expect(broker.getByText('No commissions')).toBeVisible();

  // The link worked once.
  const again = await freshPage(browser);
  await again.goto(brokerLink);
  await expect(again.getByRole('alert')).toContainText('This invitation was used already.');
});

test('forgot password answers the same for any address, and a printed link sets a new one', async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot$/);
  await hydrated(page);
  await page.getByLabel('Email').fill('nobody@acme.test');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText('If that address has a Dealflow login, we emailed it a link');

  // Without SMTP the operator prints a link for the person.
  const printed = dealflowAdmin(['link', '--email', 'ada@acme.test']);
  const link = printed.split(/\s+/).find((w) => w.includes('/reset/'))!;
  await acceptLink(page, link, 'ada-password-2', 'Save password');
  await expect(page).toHaveURL(/\/login\?changed=1$/);
  await signIn(page, 'ada@acme.test', 'ada-password-2');
  await expect(page).toHaveURL(/\/$/);
});

test('an owner deactivates a member and lets him back in', async ({ page }) => {
  await signIn(page, 'owner@meridian.demo');
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/team');
  await hydrated(page);
  await page.getByRole('link', { name: 'Victor Chen' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByTestId('member-status')).toHaveText('Deactivated');
  await page.getByRole('button', { name: 'Let back in' }).click();
  await expect(page.getByTestId('member-status')).toHaveText('Active');
});
