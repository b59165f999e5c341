// Time to first paint and to figures of the dashboard, and the delay of a live update, on `./lawstats up`.
// Run: npm install playwright-core && node docs/bench/dashboard-timing.js (uses /usr/bin/chromium, no download).
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await ctx.newPage();
  await page.goto('http://localhost:8080/login.html');
  await page.fill('input[name=username]', 'leader');
  await page.fill('input[name=password]', 'leader-demo');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.getElementById('live').textContent.startsWith('最后更新'), null, { timeout: 30000 });
  const runs = [];
  for (let i = 0; i < 6; i++) {
    const t0 = Date.now();
    await page.goto('http://localhost:8080/');
    await page.waitForFunction(() => document.getElementById('live').textContent.startsWith('最后更新'), null, { timeout: 30000 });
    const figures = Date.now() - t0;
    const fcp = await page.evaluate(() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime);
    runs.push({ fcp: Math.round(fcp), figures });
  }
  console.log('paint', JSON.stringify(runs));
  // live update: POST one completion to the gateway, time until the card shows the new figure
  const lat = [];
  for (let i = 0; i < 10; i++) {
    const card = '[data-indicator="training.completed_persons"] .value';
    const before = await page.textContent(card);
    const id = 'nk.justice:paint-' + Date.now() + '-' + i;
    const body = JSON.stringify({ eventId: id, type: 'training.completed', unitId: 'nk.justice',
      occurredAt: new Date().toISOString(), payload: { personId: 'paint-person-' + id, courseId: 'c' } });
    const t0 = Date.now();
    const r = await fetch('http://localhost:8080/api/v1/events', { method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + Buffer.from('justice-emitter:emitter-demo').toString('base64') }, body });
    if (r.status !== 202) throw new Error('gateway ' + r.status + ' ' + await r.text());
    const tAck = Date.now();
    await page.waitForFunction(([sel, b]) => document.querySelector(sel).textContent !== b, [card, before], { timeout: 10000, polling: 20 });
    lat.push({ ack: tAck - t0, shown: Date.now() - tAck });
    await page.waitForTimeout(1500);
  }
  console.log('live', JSON.stringify(lat));
  const s = lat.map((x) => x.shown).sort((a, b) => a - b);
  console.log('live shown after ack ms: min', s[0], 'p50', s[Math.floor(s.length / 2)], 'max', s[s.length - 1]);
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
