import { expect, Page } from '@playwright/test';

export const PASSWORD = 'dealflow-demo';

/** Waits until the WASM has taken over the page (hydration finished). */
export async function hydrated(page: Page) {
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 15_000 });
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
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
