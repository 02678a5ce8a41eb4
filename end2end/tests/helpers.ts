import { expect, Page } from '@playwright/test';

export const PASSWORD = 'dealflow-demo';

/** Waits until the WASM has taken over the page (hydration finished). */
export async function hydrated(page: Page) {
  try {
    await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 15_000 });
  } catch (e) {
    // Say why: what the page's console and uncaught errors reported.
    throw new Error(`${page.url()} did not hydrate. Console:\n${(consoleOf.get(page) ?? []).join('\n')}\n${e}`);
  }
}

const consoleOf = new WeakMap<Page, string[]>();

/** Keeps the page's console errors and uncaught exceptions for failure messages. */
export function watchConsole(page: Page) {
  if (consoleOf.has(page)) return;
  const logs: string[] = [];
  consoleOf.set(page, logs);
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') logs.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => logs.push(`uncaught: ${e.message}`));
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  watchConsole(page);
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The link labels of the main navigation, in order. */
export async function sidebar(page: Page): Promise<string[]> {
  const nav = page.getByRole('complementary', { name: 'Main navigation' }).locator('nav');
  await expect(nav).toBeVisible();
  return (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
}
