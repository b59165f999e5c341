// Who has reported (GET /api/v1/completeness): every unit of the subtree, the silent ones first.
import { api, headings, minute, number, periodPicker, SUBMISSION_STATES, submitUnit, unitPicker } from './common.js';

const $ = (id) => document.getElementById(id);
const FAMILIES = { training: '学法培训', disclosure: '政务公开', cases: '行政案件', activities: '学法会议与决策' };

// A clerk submits its unit here, where it sees what its unit has reported (api.md § Reporting periods); a unit with
// a family still silent is asked once more before it submits.
function submitButton(period, row, load) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = '报送';
  b.addEventListener('click', async () => {
    const silent = row.silent.map((f) => FAMILIES[f]).join('、');
    if (silent && !window.confirm(row.unitName + ' 本期尚无以下类别的记录：' + silent + '。确认报送？')) return;
    $('message').textContent = await submitUnit(period, row.unitId, row.unitName);
    await load();
  });
  return b;
}

async function load() {
  const period = $('year').value + ($('part').value ? '-' + $('part').value : '');
  const q = 'period=' + period + '&unit=' + encodeURIComponent($('unit').value);
  $('csv').href = '/api/v1/completeness?' + q + '&format=csv';
  $('xlsx').href = '/api/v1/completeness?' + q + '&format=xlsx';
  $('status').textContent = '加载中…';
  const [result, state] = await Promise.all([
    api('/api/v1/completeness?' + q),
    api('/api/v1/periods/' + period + '?unit=' + encodeURIComponent($('unit').value)),
  ]);
  const submissions = Object.fromEntries(state.rows.map((r) => [r.unitId, r]));
  const rows = result.rows.slice().sort((a, b) => b.silent.length - a.silent.length);
  const table = $('table');
  table.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  const head = table.createTHead().insertRow();
  headings(head, ['单位', ...Object.values(FAMILIES), '未报送', '报送状态', '操作']);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = row.unitName;
    tr.appendChild(name);
    for (const family of Object.keys(FAMILIES)) {
      const seen = row.families[family];
      tr.insertCell().textContent =
        seen.events === 0 ? '—' : number.format(seen.events) + ' 条，最近 ' + seen.lastEventAt.slice(0, 10);
    }
    const silent = tr.insertCell();
    silent.textContent = row.silent.length === 0 ? '均已报送' : row.silent.map((f) => FAMILIES[f]).join('、');
    silent.className = row.silent.length === 0 ? 'reported' : 'silent';
    const submission = submissions[row.unitId];
    tr.insertCell().textContent = state.lock
      ? '已锁定（版本 ' + state.lock.version + '）'
      : SUBMISSION_STATES[submission.state] +
        (submission.state === 'RETURNED' ? '：' + submission.returnReason : '') +
        (submission.state === 'SUBMITTED' ? ' ' + minute(submission.submittedAt) : '');
    const action = tr.insertCell();
    if (!state.lock && state.may.submit && submission.state !== 'SUBMITTED') {
      action.appendChild(submitButton(period, row, load));
    }
  }
  const none = rows.filter((r) => r.silent.length === Object.keys(FAMILIES).length).length;
  $('status').textContent = result.period + ' · ' + rows.length + ' 个单位，其中 ' + none + ' 个尚无任何报送';
}

async function start() {
  await unitPicker($('unit'));
  await periodPicker($('year'), $('part'));
  ['unit', 'year', 'part'].forEach((id) => $(id).addEventListener('change', () => load()));
  await load();
}
start().catch((e) => {
  if (e.message !== 'login') $('status').textContent = '加载失败：' + e.message;
});
