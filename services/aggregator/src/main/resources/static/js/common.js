// Shared by the pages (an ES module each imports): the navigation, the API with the session, the pickers, the
// formats and the table headings. Importing it sets the page up: the navigation and the CSRF token of its forms.

// The pages a reader opens, and those of one who enters data: the one navigation, its current page marked.
const NAVIGATION = {
  read: [
    ['/', '驾驶舱'],
    ['/stats.html', '季度统计'],
    ['/completeness.html', '报送情况'],
    ['/periods.html', '报送与锁定'],
    ['/counsel.html', '律师顾问考核'],
    ['/cases.html', '案件检索'],
  ],
  write: [
    ['/entry.html', '数据填报'],
    ['/import.html', '台账导入'],
  ],
};
document.querySelectorAll('nav[data-nav]').forEach((nav) => {
  const here = location.pathname === '/index.html' ? '/' : location.pathname;
  for (const [href, text] of NAVIGATION[nav.dataset.nav] || []) {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = text;
    if (href === here) {
      link.setAttribute('aria-current', 'page');
    }
    nav.append(link, ' ');
  }
  const logout = document.createElement('form');
  logout.method = 'post';
  logout.action = '/logout';
  logout.className = 'logout';
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = '退出';
  logout.appendChild(button);
  nav.appendChild(logout);
});

// The CSRF token the server sets in the XSRF-TOKEN cookie; every form that posts and every POST sends it back.
export const csrfToken = () => {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
};
document.querySelectorAll('form[method=post]').forEach((form) => {
  form.addEventListener('submit', () => {
    let field = form.querySelector('input[name=_csrf]');
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = '_csrf';
      form.appendChild(field);
    }
    field.value = csrfToken();
  });
});
export const api = async (path) => {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    location.href = '/login.html';
    throw new Error('login');
  }
  if (!response.ok) {
    throw new Error((await response.json()).message);
  }
  return response.json();
};
// Today as the server counts it (the registry's zone, the server's clock): the current year and quarter of every
// page come from it, never from the browser's clock, so that a page and the figures agree on what "now" is.
let todayAsked = null;
export const today = () => {
  todayAsked = todayAsked || api('/api/v1/calendar/today');
  return todayAsked;
};
export async function unitPicker(select) {
  const units = await api('/api/v1/units');
  const depth = {};
  units.forEach((u) => {
    depth[u.id] = u.parent && depth[u.parent] !== undefined ? depth[u.parent] + 1 : 0;
  });
  units.forEach((u) => {
    const option = document.createElement('option');
    option.value = u.id;
    option.textContent = '\u3000'.repeat(depth[u.id]) + u.name;
    select.appendChild(option);
  });
  return units;
}
// The last five years, this one first, and this quarter chosen: the pickers of the quarterly pages.
export async function periodPicker(year, part) {
  const now = await today();
  const y0 = Number(now.year);
  for (let y = y0; y > y0 - 5; y--) {
    const o = document.createElement('option');
    o.value = y;
    o.textContent = y + '年';
    year.appendChild(o);
  }
  part.value = now.quarter.slice(5);
}
export const percent = (v) => (v === null || v === undefined ? '—' : Math.round(v * 10000) / 100 + '%');
export const number = new Intl.NumberFormat('zh-CN');
// A time the server wrote (ISO 8601) to the minute, as the pages show it: 2024-07-03 10:00.
export const minute = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

// Whether a shown period is locked, and whether its figures have changed since (api.md § Reporting periods), said the
// same way on the quarterly table and the dashboard. `answer` is the figures shown: as reported, it names its lock.
export async function lockNote(period, unit, answer) {
  if (answer.lockVersion) {
    return '报送版本 ' + answer.lockVersion + '，锁定于 ' + minute(answer.reportedAt) + '。';
  }
  if (!/^\d{4}(-Q[1-4])?$/.test(period)) return '月度数据不锁定，随报送实时更新。';
  const state = await api('/api/v1/periods/' + period + '?unit=' + encodeURIComponent(unit));
  if (!state.lock) return '本期尚未锁定：数据随报送实时更新。';
  const locked = '本期已于 ' + minute(state.lock.lockedAt) + ' 锁定（版本 ' + state.lock.version + '），';
  let changes;
  try {
    changes = await api('/api/v1/periods/' + period + '/changes?unit=' + encodeURIComponent(unit));
  } catch (e) {
    // A subtree too large to compare at once (400) must not take the figures' page down with it.
    if (e.message === 'login') throw e;
    return locked + '锁定后的变动请在“报送与锁定”页按下级单位查看（' + e.message + '）。';
  }
  return (
    locked +
    (changes.changes.length === 0 ? '锁定后数值未变。' : '锁定后有 ' + changes.changes.length + ' 项数值变动。')
  );
}

// A POST of JSON with the session's CSRF token; the response as it comes (the caller reads its errors).
export const postJson = (path, body) =>
  fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken() },
    body: JSON.stringify(body),
  });

// A unit's submission for a period (api.md § Reporting periods), in the words of the pages.
export const SUBMISSION_STATES = { NOT_SUBMITTED: '未报送', SUBMITTED: '已报送', RETURNED: '已退回' };

// Submits a unit for a period (报送): the one way the pages do it. Answers what to tell the user.
export async function submitUnit(period, unitId, unitName) {
  const response = await postJson('/api/v1/periods/' + period + '/submissions', { unit: unitId });
  if (response.ok) return unitName + ' ' + period + ' 已报送';
  const body = await response.json().catch(() => ({}));
  return '报送失败：' + (body.message || response.status);
}

// A row of column (or row) headings: the one way the pages' tables are headed.
export function headings(row, texts, scope = 'col') {
  for (const text of texts) {
    const th = document.createElement('th');
    th.scope = scope;
    th.textContent = text;
    row.appendChild(th);
  }
}
