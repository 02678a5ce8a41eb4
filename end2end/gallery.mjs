// A gallery to review by eye: every page each demo role can open, at desktop
// and phone widths, as full-page screenshots with an index.html beside them.
// Not assertions — the browser tests assert; this is for people to look at.
//
//   node end2end/gallery.mjs [BASE_URL] [OUT_DIR] [--only ROLE,ROLE]
//
// BASE_URL defaults to http://127.0.0.1:3000 (a server with demo data);
// OUT_DIR to target/gallery. Detail pages are reached by following the first
// link of their list page, so the gallery follows the demo data it finds.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1].split(',') : null;
const [base = 'http://127.0.0.1:3000', out = 'target/gallery'] = args;
const PASSWORD = 'dealflow-demo';

// Each role: its sign-in and the pages to open. `follow` opens the first
// link matching the selector on the list page (a detail page).
const ROLES = [
  {
    name: 'broker', email: 'broker@meridian.demo', pages: [
      '/', '/signals', '/deals', '/commissions', '/analytics', '/messages', '/settings', '/settings?tab=whatsapp',
      { from: '/deals', follow: 'a[href^="/deals/submissions/"]' },
      { from: '/deals?tab=deals', follow: 'a[href^="/deals/"]:not([href^="/deals/submissions"])' },
      { from: '/commissions', follow: 'a[href$="/receipt"]' },
      '/desk/submissions',
    ],
  },
  {
    name: 'owner', email: 'owner@meridian.demo', pages: [
      '/', '/signals', '/desk/submissions', '/desk/inventory', '/desk/commissions', '/desk/payouts', '/desk/disputes',
      '/desk/want-list', '/contacts', '/team', '/audit', '/settings',
      { from: '/desk/submissions', follow: 'a[href^="/desk/submissions/"]' },
      { from: '/desk/inventory', follow: 'a[href^="/desk/inventory/"]' },
      { from: '/team', follow: 'a[href^="/team/"]' },
    ],
  },
  { name: 'manager', email: 'manager@meridian.demo', pages: ['/', '/desk/submissions', '/desk/commissions', '/team'] },
  { name: 'staff', email: 'staff@meridian.demo', pages: ['/', '/desk/submissions', '/desk/inventory', '/deals', '/desk/payouts'] },
  { name: 'viewer', email: 'viewer@meridian.demo', pages: ['/', '/desk/inventory', '/signals', '/desk/want-list'] },
  { name: 'admin', email: 'admin@dealflow.demo', pages: ['/', '/platform/organizations', '/settings'] },
  { name: 'guest', email: null, pages: ['/login', '/forgot', '/seller', '/nope'] },
];
const WIDTHS = [{ tag: 'desktop', viewport: { width: 1280, height: 800 } }, { tag: 'phone', viewport: { width: 390, height: 844 } }];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
mkdirSync(out, { recursive: true });
const shots = [];
const problems = [];

async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 15000 }).catch(() => problems.push(`not hydrated: ${page.url()}`));
  await page.waitForLoadState('networkidle').catch(() => {});
}

function fileName(role, path, tag) {
  const slug = path.replace(/[^a-z0-9]+/gi, '_').replace(/^_+|_+$/g, '') || 'home';
  return `${role}-${slug}-${tag}.png`;
}

for (const role of ROLES.filter((r) => !only || only.includes(r.name))) {
  for (const { tag, viewport } of WIDTHS) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`${role.name} ${page.url()}: ${e.message.slice(0, 200)}`));
    if (role.email) {
      await page.goto(base + '/login');
      await hydrated(page);
      await page.getByLabel('Email').fill(role.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    }
    for (const entry of role.pages) {
      let path = typeof entry === 'string' ? entry : entry.from;
      let response = await page.goto(base + path);
      await hydrated(page);
      if (typeof entry !== 'string') {
        const link = page.locator(entry.follow).first();
        if (!(await link.count())) {
          problems.push(`${role.name}: no ${entry.follow} on ${entry.from}`);
          continue;
        }
        path = await link.getAttribute('href');
        response = await page.goto(base + path);
        await hydrated(page);
      }
      const file = fileName(role.name, path, tag);
      await page.screenshot({ path: `${out}/${file}`, fullPage: true });
      shots.push({ role: role.name, path, tag, file, status: response ? response.status() : 0 });
    }
    await context.close();
  }
}
await browser.close();

const rows = shots
  .map((s) => `<figure><figcaption>${s.role} · ${s.path} · ${s.tag} · ${s.status}</figcaption><a href="${s.file}"><img src="${s.file}" loading="lazy" width="${s.tag === 'phone' ? 195 : 480}"></a></figure>`)
  .join('\n');
writeFileSync(
  `${out}/index.html`,
  `<!doctype html><meta charset="utf-8"><title>Dealflow gallery</title><style>body{font:14px system-ui;margin:16px}figure{display:inline-block;vertical-align:top;margin:8px}img{border:1px solid #ccc}</style>\n<h1>Dealflow gallery (${shots.length} screenshots)</h1>\n${problems.map((p) => `<p>⚠ ${p}</p>`).join('\n')}\n${rows}\n`,
);
console.log(`${shots.length} screenshots in ${out}/ (index.html)`);
for (const p of problems) console.log('problem:', p);
