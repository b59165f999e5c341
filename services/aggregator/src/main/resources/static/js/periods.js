// Reporting periods (api.md § Reporting periods): each unit's state, submit and return, lock and unlock, and what
// changed since the lock, with links to the records behind each figure.
import {
  api,
  csrfToken,
  headings,
  minute,
  periodPicker,
  postJson,
  SUBMISSION_STATES,
  submitUnit,
  unitPicker,
} from './common.js';

const $ = (id) => document.getElementById(id);
let names = {};

const period = () => $('year').value + ($('part').value ? '-' + $('part').value : '');

async function answer(response, done) {
  if (response.ok) {
    $('message').textContent = done;
    await load();
    return;
  }
  const body = await response.json().catch(() => ({}));
  $('message').textContent =
    (body.message || '操作失败') + (body.notSubmitted ? '（未报送：' + body.notSubmitted.join('、') + '）' : '');
}

const act = (path, body, done) => postJson('/api/v1/periods/' + period() + path, body).then((r) => answer(r, done));

function button(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function lockText(lock) {
  return (
    '版本 ' +
    lock.version +
    '，' +
    minute(lock.lockedAt) +
    ' 由 ' +
    lock.lockedBy +
    ' 锁定' +
    (lock.unit !== $('unit').value ? '（上级单位 ' + (names[lock.unit] || lock.unit) + ' 的锁定）' : '') +
    (lock.forced ? '，强制锁定：' + lock.reason : '')
  );
}

async function loadChanges(locked) {
  const table = $('changes');
  table.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  if (!locked) {
    $('changes-status').textContent = '未锁定，没有报送值可比较。';
    return;
  }
  const q = '?unit=' + encodeURIComponent($('unit').value);
  const result = await api('/api/v1/periods/' + period() + '/changes' + q);
  $('changes-status').textContent =
    result.changes.length === 0 ? '锁定后各项数值均未变化。' : '共 ' + result.changes.length + ' 项数值与报送时不同。';
  if (result.changes.length === 0) return;
  headings(table.createTHead().insertRow(), ['单位', '指标', '报送值', '当前值', '锁定后写入的记录']);
  const body = table.createTBody();
  for (const change of result.changes) {
    const tr = body.insertRow();
    tr.insertCell().textContent = names[change.unitId] || change.unitId;
    const indicator = tr.insertCell();
    const link = document.createElement('a');
    link.href =
      '/records.html?indicator=' +
      encodeURIComponent(change.indicator) +
      '&period=' +
      period() +
      '&unit=' +
      encodeURIComponent(change.unitId);
    link.textContent = change.indicator;
    indicator.appendChild(link);
    tr.insertCell().textContent = change.reported === null ? '—' : String(change.reported);
    tr.insertCell().textContent = change.current === null ? '—' : String(change.current);
    tr.insertCell().textContent = change.events
      .map((e) => e.eventId + ' 第' + e.revision + '版 ' + minute(e.writtenAt) + (e.writer ? ' ' + e.writer.name : ''))
      .join('；');
  }
}

async function load() {
  $('status').textContent = '加载中…';
  const state = await api('/api/v1/periods/' + period() + '?unit=' + encodeURIComponent($('unit').value));
  $('lock').textContent = state.lock ? '已锁定：' + lockText(state.lock) : '未锁定';
  const history = $('history');
  history.replaceChildren();
  for (const earlier of state.history) {
    const li = document.createElement('li');
    li.textContent =
      lockText(earlier) +
      '；' +
      minute(earlier.unlockedAt) +
      ' 由 ' +
      earlier.unlockedBy +
      ' 解锁：' +
      earlier.unlockReason;
    history.appendChild(li);
  }
  const table = $('rows');
  table.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  headings(table.createTHead().insertRow(), ['单位', '状态', '报送时间', '报送人', '退回原因', '操作']);
  const body = table.createTBody();
  for (const row of state.rows) {
    const tr = body.insertRow();
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = row.unitName;
    tr.appendChild(name);
    tr.insertCell().textContent = SUBMISSION_STATES[row.state];
    tr.insertCell().textContent = minute(row.submittedAt);
    tr.insertCell().textContent = row.submittedBy || '';
    tr.insertCell().textContent = row.returnReason || '';
    const actions = tr.insertCell();
    // Only the actions the caller may take are offered; the server refuses the others all the same.
    if (!state.lock && state.may.submit) {
      actions.append(
        button('报送', async () => {
          $('message').textContent = await submitUnit(period(), row.unitId, row.unitName);
          await load();
        }),
        ' ',
      );
    }
    if (!state.lock && state.may.review) {
      actions.append(
        button('退回', () =>
          act('/returns', { unit: row.unitId, reason: $('reason').value }, row.unitName + ' 已退回'),
        ),
      );
    }
  }
  $('do-lock').hidden = !state.may.review || Boolean(state.lock);
  $('force').parentElement.hidden = $('do-lock').hidden;
  $('do-unlock').hidden = !state.may.unlock || !state.lock;
  $('status').textContent = state.period + ' · ' + state.rows.length + ' 个单位';
  await loadChanges(Boolean(state.lock));
}

async function unlock() {
  const response = await fetch(
    '/api/v1/periods/' +
      period() +
      '/locks/' +
      encodeURIComponent($('unit').value) +
      '?reason=' +
      encodeURIComponent($('reason').value),
    { method: 'DELETE', credentials: 'same-origin', headers: { 'X-XSRF-TOKEN': csrfToken() } },
  );
  await answer(response, '已解锁');
}

async function start() {
  const units = await unitPicker($('unit'));
  names = Object.fromEntries(units.map((u) => [u.id, u.name]));
  await periodPicker($('year'), $('part'));
  ['unit', 'year', 'part'].forEach((id) => $(id).addEventListener('change', () => load()));
  $('do-lock').addEventListener('click', () =>
    act('/locks', { unit: $('unit').value, force: $('force').checked, reason: $('reason').value || null }, '已锁定'),
  );
  $('do-unlock').addEventListener('click', unlock);
  await load();
}
start().catch((e) => {
  if (e.message !== 'login') $('status').textContent = '加载失败：' + e.message;
});
