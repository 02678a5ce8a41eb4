import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signIn } from './helpers';

// Accessibility, checked by machine: axe-core on every page each role opens
// (WCAG 2.1 A and AA rules), at desktop and phone widths; no serious or
// critical violation anywhere (labels, contrast, roles, names, focus order).
// The pages follow the demo data: detail pages are reached from their lists.

type Entry = string | { from: string; follow: string };
const ROLES: { email: string | null; pages: Entry[] }[] = [
  {
    email: 'broker@meridian.demo',
    pages: ['/', '/signals', '/deals', '/commissions', '/analytics', '/messages', '/settings', '/settings?tab=whatsapp',
      { from: '/deals', follow: 'a[href^="/deals/submissions/"]' },
      { from: '/commissions', follow: 'a[href$="/receipt"]' }],
  },
  {
    email: 'owner@meridian.demo',
    pages: ['/', '/desk/submissions', '/desk/inventory', '/desk/commissions', '/desk/payouts', '/desk/disputes', '/desk/want-list', '/team', '/audit', '/settings', '/deals', '/contacts', '/contacts?segment=client&view=vip', '/contacts/import',
      { from: '/desk/submissions', follow: 'a[href^="/desk/submissions/"]' },
      { from: '/desk/inventory', follow: 'a[href^="/desk/inventory/"]' },
      { from: '/team', follow: 'a[href^="/team/"]' }],
  },
  { email: 'staff@meridian.demo', pages: ['/', '/desk/submissions', '/contacts'] },
  { email: 'viewer@meridian.demo', pages: ['/', '/contacts'] },
  { email: 'admin@dealflow.demo', pages: ['/', '/platform/organizations'] },
  { email: null, pages: ['/login', '/forgot', '/no/such/page'] },
];

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const role of ROLES) {
  for (const width of [1280, 390]) {
    test(`axe: ${role.email ?? 'signed out'} at ${width}px`, async ({ browser }) => {
      test.setTimeout(120_000);
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      if (role.email) {
        await signIn(page, role.email);
        await expect(page).toHaveURL(/\/$/);
      }
      const found: string[] = [];
      for (const entry of role.pages) {
        let path = typeof entry === 'string' ? entry : entry.from;
        await page.goto(path);
        await hydrated(page);
        if (typeof entry !== 'string') {
          const href = await page.locator(entry.follow).first().getAttribute('href');
          expect(href, `${entry.follow} on ${entry.from}`).toBeTruthy();
          path = href!;
          await page.goto(path);
          await hydrated(page);
        }
        await page.waitForLoadState('networkidle');
        for (const v of await violations(page)) found.push(`${path}: ${v}`);
      }
      expect(found, found.join('\n')).toEqual([]);
    });
  }
}
