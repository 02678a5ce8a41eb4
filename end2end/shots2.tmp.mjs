import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3000';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
async function login(email) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.request.post(base + '/api/login', { form: { email, password: 'dealflow-demo' }, headers: { origin: base } });
  return ctx;
}
const b = await login('broker@meridian.demo');
const o = await login('owner@meridian.demo');
const post = async (ctx, name, form) => { const r = await ctx.request.post(base + '/api/' + name, { form, headers: { origin: base } }); return JSON.parse(await r.text()); };
const watches = [['Rolex','Submariner Date','126610LN','14500'],['Patek Philippe','Nautilus','5711/1A-010','120000'],['Audemars Piguet','Royal Oak','15500ST.OO.1220ST.01',''],['Omega','Speedmaster','310.30.42.50.01.001','6200'],['Tudor','Black Bay 58','79030N','3400']];
const ids = [];
for (const [brand, model, reference, asking] of watches) ids.push(await post(b, 'broker/submit', { brand, model, reference, asking, notes: 'Full set', source_type: 'sourced', photos: '' }));
await post(o, 'desk/submission/review', { id: ids[1] });
const d0 = await post(o, 'desk/submission/accept', { id: ids[0], cost: '12000', serial: 'A1', co_broker_id: '', co_share: '' });
const d1 = await post(o, 'desk/submission/accept', { id: ids[1], cost: '100000', serial: 'B2', co_broker_id: '', co_share: '' });
await post(o, 'desk/submission/decline', { id: ids[4], reason: 'We have two in stock already.' });
await post(o, 'desk/deal/sale', { id: d0, price: '16000', buyer: 'Jane', sold_on: '', basis: '', rate: '', fixed: '' });
await post(o, 'desk/submission/feedback', { id: ids[2], body: 'Can you get the box and papers?' });
const deals = await post(b, 'broker/deals', {});
await post(o, 'desk/commission/release', { id: deals.find(d => d.commission_id).commission_id });
async function shot(ctx, path, name) {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.log('pageerror', path, e.message));
  await page.goto(base + path);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  await page.close();
}
await shot(b, '/deals', 'b-deals');
await shot(b, '/commissions', 'b-commissions');
await shot(b, `/deals/${d0}`, 'b-deal');
await shot(b, `/deals/submissions/${ids[2]}`, 'b-sub');
await shot(o, '/desk/submissions', 'o-subs');
await shot(o, `/desk/submissions/${ids[2]}`, 'o-sub');
await shot(o, `/desk/inventory/${d1}`, 'o-deal');
await shot(o, '/desk/commissions', 'o-comms');
await browser.close();
