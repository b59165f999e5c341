// Quarterly statistics for legal advisers: the breakdown table of the API, indicators as rows.
import { api, lockNote, number, percent, periodPicker, unitPicker } from './common.js';

const $ = (id) => document.getElementById(id);
let indicators = [];

async function load() {
  const period = $('year').value + ($('part').value ? '-' + $('part').value : '');
  const reported = $('reported').checked ? '&asReported=true' : '';
  const q = 'period=' + period + '&unit=' + encodeURIComponent($('unit').value) + reported;
  $('csv').href = '/api/v1/stats/breakdown?' + q + '&format=csv';
  $('xlsx').href = '/api/v1/stats/breakdown?' + q + '&format=xlsx';
  $('status').textContent = '加载中…';
  const table = $('table');
  table.replaceChildren();
  let breakdown;
  try {
    breakdown = await api('/api/v1/stats/breakdown?' + q);
  } catch (e) {
    if (!reported) throw e;
    $('status').textContent = '';
    $('lock').textContent = '所选期间没有锁定的报送版本：' + e.message;
    return;
  }
  const head = table.createTHead().insertRow();
  const th = (row, text, cls) => {
    const c = document.createElement('th');
    c.textContent = text;
    if (cls) c.className = cls;
    row.appendChild(c);
  };
  th(head, '指标');
  breakdown.rows.forEach((r) => th(head, r.scope === 'self' ? r.unitName + '（本级）' : r.unitName));
  th(head, '合计', 'total');
  const body = table.createTBody();
  for (const indicator of indicators) {
    const row = body.insertRow();
    row.dataset.indicator = indicator.id;
    const name = row.insertCell();
    name.textContent = indicator.name;
    name.title = indicator.id;
    const show = (v) => (indicator.kind === 'rate' ? percent(v) : v === null ? '—' : number.format(v));
    // Every cell opens onto the records behind it: the self row's are the unit's own, a child's its subtree's.
    const link = (cell, value, unit, scope) => {
      const a = document.createElement('a');
      a.href =
        '/records.html?indicator=' +
        encodeURIComponent(indicator.id) +
        '&period=' +
        breakdown.period +
        '&unit=' +
        encodeURIComponent(unit) +
        (scope === 'self' ? '&scope=self' : '') +
        reported;
      a.textContent = show(value);
      cell.appendChild(a);
    };
    breakdown.rows.forEach((r) => link(row.insertCell(), r.values[indicator.id], r.unitId, r.scope));
    const total = row.insertCell();
    total.className = 'total';
    link(total, breakdown.total.values[indicator.id], breakdown.unit, 'subtree');
  }
  $('status').textContent = breakdown.period + ' · 共 ' + indicators.length + ' 项指标';
  $('lock').textContent = await lockNote(period, $('unit').value, breakdown);
}

async function start() {
  indicators = await api('/api/v1/indicators');
  await unitPicker($('unit'));
  await periodPicker($('year'), $('part'));
  ['unit', 'year', 'part', 'reported'].forEach((id) => $(id).addEventListener('change', () => load()));
  await load();
}
start().catch((e) => {
  if (e.message !== 'login') $('status').textContent = '加载失败：' + e.message;
});
