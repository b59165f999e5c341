// The leadership dashboard: one answer of /api/v1/dashboard per load (the cards, trend, ranking, time limits and
// silent units, with their names), refreshed live over SSE at most once a second.
import { api, headings, lockNote, number, percent } from './common.js';

const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9'];
const REFRESH_MS = 1000;
const $ = (id) => document.getElementById(id);
// year 0: the server's current year, until the first answer says which that is.
const state = { view: null, crumbs: [], unit: null, year: 0, part: '', rankBy: '', reported: false };
const unitNames = {};
const rate = (kind) => kind === 'rate';

const format = (kind, v) => {
  if (v === null || v === undefined) return '—';
  return rate(kind) ? percent(v) : number.format(v);
};
const period = () => (state.year ? state.year + (state.part ? '-' + state.part : '') : '');
const unitQuery = () => (state.unit ? '&unit=' + encodeURIComponent(state.unit) : '');
const reportedQuery = () => (state.reported ? '&asReported=true' : '');

// One request at a time, and at most one a second: a burst of notices makes one more load after the running one.
let running = null;
let again = false;
let last = 0;
function refresh() {
  if (running) {
    again = true;
    return running;
  }
  const wait = Math.max(0, last + REFRESH_MS - Date.now());
  running = new Promise((resolve) => setTimeout(resolve, wait))
    .then(() => {
      last = Date.now();
      return load();
    })
    .catch((e) => {
      if (e.message !== 'login') {
        $('live').textContent = '加载失败：' + e.message;
      }
    })
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        refresh();
      }
    });
  return running;
}

async function load() {
  let view;
  try {
    view = await api('/api/v1/dashboard?period=' + period() + unitQuery() + reportedQuery());
  } catch (e) {
    if (!state.reported || e.message === 'login') throw e;
    // No lock over the period: say so rather than show live figures under the switch.
    clearFigures();
    $('lock').textContent = '所选期间没有锁定的报送版本：' + e.message;
    return;
  }
  state.view = view;
  if (!state.year) {
    start(view);
  }
  if (!state.unit) {
    state.unit = view.unit;
  }
  if (state.crumbs.length === 0) {
    state.crumbs.push({ id: view.unit, name: view.unitName });
    renderCrumbs();
  }
  renderCards(view);
  renderTrend(view);
  renderRanking(view);
  renderDeadlines(view.deadlines);
  renderSilent(view);
  renderLinks(view);
  await renderLock(view);
  $('live').textContent = '最后更新 ' + new Date().toLocaleTimeString('zh-CN', { hour12: false });
}

// The lock note asks for the changes since the lock, a heavier question than the figures: on a new selection, and
// otherwise at most once a minute however often the figures refresh.
const NOTE_MS = 60000;
let noted = { key: '', at: 0 };
async function renderLock(view) {
  const key = view.period + '|' + view.unit + '|' + state.reported;
  if (key === noted.key && Date.now() - noted.at < NOTE_MS) return;
  noted = { key: key, at: Date.now() };
  // The note is of the whole period (locks are of whole quarters and years), not of the part to date.
  $('lock').textContent = await lockNote(period(), view.unit, view);
}

function clearFigures() {
  $('cards').replaceChildren();
  trendChart && trendChart.clear();
  rankingChart && rankingChart.clear();
  noted = { key: '', at: 0 };
}

// The pickers, once the server has said which year is the current one.
function start(view) {
  state.year = Number(view.today.slice(0, 4));
  const year = $('year');
  for (let y = state.year; y > state.year - 5; y--) {
    const o = document.createElement('option');
    o.value = y;
    o.textContent = y + '年';
    year.appendChild(o);
  }
  year.addEventListener('change', () => {
    state.year = Number(year.value);
    refresh();
  });
  $('part').addEventListener('change', (e) => {
    state.part = e.target.value;
    refresh();
  });
  $('reported').addEventListener('change', (e) => {
    state.reported = e.target.checked;
    refresh();
  });
  const rankBy = $('rankBy');
  view.rankings.forEach((c) => {
    const o = document.createElement('option');
    o.value = c.indicator;
    o.textContent = c.name;
    rankBy.appendChild(o);
  });
  state.rankBy = view.rankBy;
  rankBy.value = view.rankBy;
  rankBy.addEventListener('change', () => {
    state.rankBy = rankBy.value;
    renderRanking(state.view);
  });
}

function renderCards(view) {
  const cards = $('cards');
  cards.replaceChildren();
  for (const c of view.cards) {
    const card = document.createElement('article');
    card.className = 'card';
    card.dataset.indicator = c.indicator;
    const title = document.createElement('h2');
    title.textContent = c.name;
    // Every figure opens onto the records behind it.
    const value = document.createElement('a');
    value.className = 'value';
    value.href = recordsLink(c.indicator, view.period, view.toDate, Boolean(view.lockVersion));
    value.textContent = format(c.kind, c.value);
    value.title = '查看明细';
    const compare = document.createElement('div');
    compare.className = 'compare';
    const change = c.value === null || c.previous === null || c.previous === undefined ? null : c.value - c.previous;
    const changeText =
      change === null
        ? '—'
        : (change > 0 ? '+' : '') +
          (rate(c.kind) ? Math.round(change * 10000) / 100 + '个百分点' : number.format(change));
    const previous = view.lockVersion ? (view.previousReportedAt ? '上年同期报送 ' : '上年同期（实时）') : '上年同期 ';
    compare.textContent = previous + format(c.kind, c.previous) + '，变化 ';
    const delta = document.createElement('span');
    delta.textContent = changeText;
    delta.className = change > 0 ? 'up' : change < 0 ? 'down-change' : '';
    compare.appendChild(delta);
    card.append(title, value, compare);
    cards.appendChild(card);
  }
}

// The legal time limits of the selected subtree (api.md § Deadlines): counts by status and kind, then the list,
// overdue first. Texts from the units go in with textContent only.
const PROVISIONAL = '暂定';
let kindNames = {};
function renderDeadlines(panel) {
  const statuses = Object.keys(panel.statuses);
  kindNames = Object.fromEntries(panel.kinds.map((k) => [k.kind, k.name]));
  $('overdueCount').textContent = number.format(panel.overdue);
  $('dueSoonCount').textContent = number.format(panel.dueSoon);
  const kinds = $('deadlineKinds');
  kinds.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  headings(kinds.createTHead().insertRow(), ['期限类型', ...statuses.map((s) => panel.statuses[s])]);
  const body = kinds.createTBody();
  for (const k of panel.kinds) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = k.name;
    row.appendChild(th);
    row.insertCell().textContent = number.format(k.overdue);
    row.insertCell().textContent = number.format(k.dueSoon);
  }
  const list = $('deadlineList');
  list.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  headings(list.createTHead().insertRow(), ['状态', '期限类型', '单位', '编号', '起算日', '到期日', '剩余工作日']);
  const lb = list.createTBody();
  if (panel.items.length === 0) {
    const c = lb.insertRow().insertCell();
    c.colSpan = 7;
    c.textContent = '暂无即将到期或已逾期的事项';
  }
  let provisional = false;
  for (const item of panel.items) {
    const row = lb.insertRow();
    row.dataset.status = item.status;
    const badge = document.createElement('span');
    badge.className = 'badge ' + item.status;
    badge.textContent = panel.statuses[item.status];
    row.insertCell().appendChild(badge);
    row.insertCell().textContent = kindNames[item.kind] || item.kind;
    row.insertCell().textContent = unitNames[item.unitId] || item.unitId;
    const ref = row.insertCell();
    if (item.kind === 'DISCLOSURE_REPLY') {
      ref.textContent = item.ref;
    } else {
      // A case opens in the case search, found by its number within its unit.
      const a = document.createElement('a');
      a.href = '/cases.html?unit=' + encodeURIComponent(item.unitId) + '&q=' + encodeURIComponent(item.ref);
      a.textContent = item.ref;
      ref.appendChild(a);
    }
    row.insertCell().textContent = item.startedOn;
    const due = row.insertCell();
    due.textContent = item.dueOn;
    if (item.provisional) {
      // Counted over a year whose holiday notice is not in the calendar yet: said on the date and under the list.
      provisional = true;
      const mark = document.createElement('span');
      mark.className = 'provisional';
      mark.textContent = PROVISIONAL;
      mark.title = '该年度节假日安排通知尚未收录，暂按法定节假日和周末推算';
      due.append(' ', mark);
    }
    const left = item.workingDaysLeft;
    row.insertCell().textContent =
      left === null || left === undefined
        ? '—'
        : left < 0
          ? '逾期' + -left + '个工作日'
          : left === 0
            ? '今日到期'
            : String(left);
  }
  $('deadlineProvisional').hidden = !provisional;
}

// How many units of the subtree have reported nothing at all this quarter: the office's first question.
function renderSilent(view) {
  const link = $('silentUnits');
  link.textContent = '本季度尚未报送任何记录的单位：' + view.silentUnits + ' 个（查看报送情况）';
  link.hidden = view.silentUnits === 0;
}

// As reported, a card opens onto the records of the lock; a month of the trend has no lock and opens live.
const recordsLink = (id, p, cut, reported) =>
  '/records.html?indicator=' +
  encodeURIComponent(id) +
  '&period=' +
  p +
  (state.unit ? '&unit=' + encodeURIComponent(state.unit) : '') +
  (cut ? '&todate=true' : '') +
  (reported ? '&asReported=true' : '');

let trendChart, rankingChart;
function renderTrend(view) {
  trendChart = trendChart || echarts.init($('trend'));
  trendChart.setOption(
    {
      color: COLOURS,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: view.months.map((m) => Number(m.slice(5)) + '月') },
      yAxis: { type: 'value', minInterval: 1 },
      // Months that have not begun come as null: gaps, not zeros.
      series: view.trend.map((s) => ({ name: s.name, type: 'line', smooth: true, data: s.values })),
    },
    true,
  );
  trendChart.off('click');
  trendChart.on('click', (p) => {
    location.href = recordsLink(view.trend[p.seriesIndex].indicator, view.months[p.dataIndex], false);
  });
}

function renderRanking(view) {
  const by = state.rankBy;
  const rows = view.ranking.slice().sort((a, b) => (a.values[by] ?? -1) - (b.values[by] ?? -1));
  rankingChart = rankingChart || echarts.init($('ranking'));
  rankingChart.off('click');
  rankingChart.setOption(
    {
      color: [COLOURS[0]],
      tooltip: {},
      grid: { left: 180, right: 40, top: 16, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: rows.map((r) => r.unitName), axisLabel: { interval: 0, fontSize: 11 } },
      animationDurationUpdate: 300,
      series: [
        {
          type: 'bar',
          data: rows.map((r) => ({ value: r.values[by], unitId: r.unitId, name: r.unitName })),
          label: { show: true, position: 'right', formatter: (p) => format('count', p.value) },
        },
      ],
    },
    true,
  );
  rankingChart.on('click', (p) => drill(p.data.unitId, p.data.name));
}

function drill(unitId, name) {
  state.unit = unitId;
  state.crumbs.push({ id: unitId, name: name });
  renderCrumbs();
  refresh();
}

function renderCrumbs() {
  const crumbs = $('crumbs');
  crumbs.replaceChildren();
  state.crumbs.forEach((c, i) => {
    if (i > 0) {
      const sep = document.createElement('span');
      sep.className = 'sep';
      sep.textContent = '›';
      crumbs.appendChild(sep);
    }
    const last = i === state.crumbs.length - 1;
    const el = document.createElement(last ? 'span' : 'a');
    el.textContent = c.name;
    if (last) {
      el.className = 'here';
    } else {
      el.addEventListener('click', () => {
        state.crumbs = state.crumbs.slice(0, i + 1);
        state.unit = c.id;
        renderCrumbs();
        refresh();
      });
    }
    crumbs.appendChild(el);
  });
}

function renderLinks(view) {
  const reported = view.lockVersion ? '&asReported=true' : '';
  const q = 'period=' + view.period + unitQuery() + reported;
  $('csv').href = '/api/v1/stats/breakdown?' + q + '&format=csv';
  $('xlsx').href = '/api/v1/stats/breakdown?' + q + '&format=xlsx';
  // The Word report is of a year: as reported, from the year's lock (a quarter's lock is not a year's report).
  const yearReported = view.lockVersion && !view.period.includes('-') ? reported : '';
  $('report').href =
    '/api/v1/reports/annual?year=' + view.period.slice(0, 4) + unitQuery() + yearReported + '&format=docx';
}

function live() {
  const source = new EventSource('/api/v1/stream');
  // The server announces changes once they are searchable, at most once a second; refresh() keeps it so.
  // Figures as reported do not move with what is stored: nothing to refresh (each load evaluates the lock's copy).
  source.addEventListener('stored', () => state.reported || refresh());
  source.addEventListener('hello', () => {
    $('live').classList.remove('down');
  });
  // A matter of a unit this user may read turned due soon or overdue: say which, and refresh.
  source.addEventListener('deadline', (e) => {
    const d = JSON.parse(e.data);
    $('deadlineNotice').textContent =
      (d.status === 'OVERDUE' ? '新逾期：' : '新到期提醒：') +
      (kindNames[d.kind] || d.kind) +
      ' ' +
      d.ref +
      '（' +
      (unitNames[d.unitId] || d.unitId) +
      '，' +
      d.dueOn +
      '到期' +
      (d.provisional ? '，' + PROVISIONAL : '') +
      '）';
    refresh();
  });
  // EventSource reconnects by itself; say so while it does.
  source.onerror = () => {
    $('live').textContent = '实时连接中断，正在重连…';
    $('live').classList.add('down');
  };
}

async function begin() {
  const units = await api('/api/v1/units');
  units.forEach((u) => {
    unitNames[u.id] = u.name;
  });
  window.addEventListener('resize', () => {
    trendChart && trendChart.resize();
    rankingChart && rankingChart.resize();
  });
  await refresh();
  live();
}

begin().catch((e) => {
  if (e.message !== 'login') {
    $('live').textContent = '加载失败：' + e.message;
  }
});
