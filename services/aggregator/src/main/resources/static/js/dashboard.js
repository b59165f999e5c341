// The leadership dashboard: the API's figures for a period and a unit subtree, refreshed live over SSE.
(function () {
  'use strict';
  const CARDS = ['training.completed_persons', 'exam.participation_rate', 'study.standing_meeting',
    'study.central_group', 'meeting.executive_rule_of_law', 'meeting.key_matters', 'proposal.district',
    'proposal.satisfaction_rate', 'disclosure.received', 'disclosure.on_time_rate', 'case.litigation.filed',
    'case.head_appearance_rate'];
  const TREND = ['training.completed_persons', 'disclosure.received', 'case.litigation.filed'];
  const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9'];
  const { api, today, number } = window.lawstats;
  const $ = (id) => document.getElementById(id);
  // now: the server's today ({today, year, quarter}), set at start.
  const state = { indicators: {}, crumbs: [], unit: null, year: 0, part: '', now: null };

  const format = (id, v) => {
    if (v === null || v === undefined) return '—';
    if (state.indicators[id] && state.indicators[id].kind === 'rate') {
      return (Math.round(v * 10000) / 100).toString() + '%';
    }
    return number.format(v);
  };
  const period = (year) => state.part ? year + '-' + state.part : String(year);
  // The current year (or quarter) is cut at today on both sides, so that a year to date compares with the same
  // span of last year rather than with last year as a whole; the server cuts in the registry's zone.
  const current = () => String(state.year) === state.now.year;
  const toDate = () => (current() ? '&todate=true' : '');
  const unitQuery = () => state.unit ? '&unit=' + encodeURIComponent(state.unit) : '';

  async function load() {
    const [now, before] = await Promise.all([
      api('/api/v1/stats?period=' + period(state.year) + unitQuery() + toDate()),
      api('/api/v1/stats?period=' + period(state.year - 1) + unitQuery() + toDate())]);
    if (!state.unit) { state.unit = now.unit; }
    renderCards(now.values, before.values);
    await Promise.all([renderTrend(), renderRanking(), renderDeadlines(), renderSilent()]);
    renderLinks();
    $('live').textContent = '最后更新 ' + new Date().toLocaleTimeString('zh-CN', { hour12: false });
  }

  function renderCards(values, last) {
    const cards = $('cards');
    cards.replaceChildren();
    for (const id of CARDS) {
      const card = document.createElement('article');
      card.className = 'card';
      card.dataset.indicator = id;
      const title = document.createElement('h2');
      title.textContent = (state.indicators[id] || { name: id }).name;
      // Every figure opens onto the records behind it.
      const value = document.createElement('a');
      value.className = 'value';
      value.href = recordsLink(id, period(state.year), current());
      value.textContent = format(id, values[id]);
      value.title = '查看明细';
      const compare = document.createElement('div');
      compare.className = 'compare';
      const change = values[id] === null || last[id] === null || last[id] === undefined ? null : values[id] - last[id];
      const rate = state.indicators[id] && state.indicators[id].kind === 'rate';
      const changeText = change === null ? '—'
        : (change > 0 ? '+' : '') + (rate ? (Math.round(change * 10000) / 100) + '个百分点' : number.format(change));
      compare.textContent = '上年同期 ' + format(id, last[id]) + '，变化 ';
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
  const KINDS = { DISCLOSURE_REPLY: '依申请公开答复', LITIGATION_DEFENCE: '行政诉讼答辩', RECONSIDERATION_ANSWER: '行政复议答复' };
  const STATUS = { OVERDUE: '已逾期', DUE_SOON: '即将到期' };
  const PROVISIONAL = '暂定';
  const unitNames = {};
  async function renderDeadlines() {
    const q = '/api/v1/deadlines?unit=' + encodeURIComponent(state.unit);
    const statuses = Object.keys(STATUS);
    const [lists, counts] = await Promise.all([
      Promise.all(statuses.map((s) => api(q + '&status=' + s + '&size=50'))),
      Promise.all(statuses.flatMap((s) => Object.keys(KINDS).map((k) => api(q + '&status=' + s + '&kind=' + k + '&size=1'))))]);
    $('overdueCount').textContent = number.format(lists[0].total);
    $('dueSoonCount').textContent = number.format(lists[1].total);
    const kinds = $('deadlineKinds');
    kinds.querySelectorAll('thead, tbody').forEach((e) => e.remove());
    const head = kinds.createTHead().insertRow();
    ['期限类型', '已逾期', '即将到期'].forEach((t) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = t; head.appendChild(th); });
    const body = kinds.createTBody();
    Object.keys(KINDS).forEach((k, i) => {
      const row = body.insertRow();
      const th = document.createElement('th'); th.scope = 'row'; th.textContent = KINDS[k]; row.appendChild(th);
      statuses.forEach((s, j) => { row.insertCell().textContent = number.format(counts[j * Object.keys(KINDS).length + i].total); });
    });
    const list = $('deadlineList');
    list.querySelectorAll('thead, tbody').forEach((e) => e.remove());
    const items = lists.flatMap((l) => l.items);
    const lh = list.createTHead().insertRow();
    let provisional = false;
    ['状态', '期限类型', '单位', '编号', '起算日', '到期日', '剩余工作日'].forEach((t) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = t; lh.appendChild(th); });
    const lb = list.createTBody();
    if (items.length === 0) { const c = lb.insertRow().insertCell(); c.colSpan = 7; c.textContent = '暂无即将到期或已逾期的事项'; }
    for (const item of items) {
      const row = lb.insertRow();
      row.dataset.status = item.status;
      const badge = document.createElement('span'); badge.className = 'badge ' + item.status; badge.textContent = STATUS[item.status];
      row.insertCell().appendChild(badge);
      row.insertCell().textContent = KINDS[item.kind] || item.kind;
      row.insertCell().textContent = unitNames[item.unitId] || item.unitId;
      const ref = row.insertCell();
      if (item.kind === 'DISCLOSURE_REPLY') { ref.textContent = item.ref; } else {
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
        const mark = document.createElement('span'); mark.className = 'provisional'; mark.textContent = PROVISIONAL;
        mark.title = '该年度节假日安排通知尚未收录，暂按法定节假日和周末推算';
        due.append(' ', mark);
      }
      const left = item.workingDaysLeft;
      row.insertCell().textContent = left === null || left === undefined ? '—' : left < 0 ? '逾期' + (-left) + '个工作日' : left === 0 ? '今日到期' : String(left);
    }
    $('deadlineProvisional').hidden = !provisional;
  }

  // How many units of the subtree have reported nothing at all this quarter: the office's first question.
  async function renderSilent() {
    const result = await api('/api/v1/completeness?period=' + state.now.quarter + unitQuery());
    const silent = result.rows.filter((r) => r.silent.length === 4).length;
    const link = $('silentUnits');
    link.textContent = '本季度尚未报送任何记录的单位：' + silent + ' 个（查看报送情况）';
    link.hidden = silent === 0;
  }

  const recordsLink = (id, p, cut) => '/records.html?indicator=' + encodeURIComponent(id) + '&period=' + p
    + (state.unit ? '&unit=' + encodeURIComponent(state.unit) : '') + (cut ? '&todate=true' : '');

  let trendChart, rankingChart;
  async function renderTrend() {
    const months = Array.from({ length: 12 }, (_, i) => state.year + '-' + String(i + 1).padStart(2, '0'));
    const results = await Promise.all(months.map((m) => api('/api/v1/stats?period=' + m + unitQuery())));
    trendChart = trendChart || echarts.init($('trend'));
    trendChart.setOption({
      color: COLOURS, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: months.map((m) => Number(m.slice(5)) + '月') },
      yAxis: { type: 'value', minInterval: 1 },
      // Months that have not begun are gaps, not zeros: a line falling to 0 in December would read as a collapse.
      series: TREND.map((id) => ({ name: state.indicators[id].name, type: 'line', smooth: true,
        data: results.map((r, i) => (months[i] > state.now.today.slice(0, 7) ? null : r.values[id])) }))
    }, true);
    trendChart.off('click');
    trendChart.on('click', (p) => { location.href = recordsLink(TREND[p.seriesIndex], months[p.dataIndex], false); });
  }

  async function renderRanking() {
    const by = $('rankBy').value || 'training.completed_persons';
    const breakdown = await api('/api/v1/stats/breakdown?period=' + period(state.year) + unitQuery());
    const rows = breakdown.rows.filter((r) => r.scope === 'subtree')
      .sort((a, b) => (a.values[by] ?? -1) - (b.values[by] ?? -1));
    const self = breakdown.rows.find((r) => r.scope === 'self');
    if (self && state.crumbs.length === 0) { state.crumbs.push({ id: self.unitId, name: self.unitName }); renderCrumbs(); }
    rankingChart = rankingChart || echarts.init($('ranking'));
    rankingChart.off('click');
    rankingChart.setOption({
      color: [COLOURS[0]], tooltip: {}, grid: { left: 180, right: 40, top: 16, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: rows.map((r) => r.unitName), axisLabel: { interval: 0, fontSize: 11 } },
      animationDurationUpdate: 300,
      series: [{ type: 'bar', data: rows.map((r) => ({ value: r.values[by], unitId: r.unitId, name: r.unitName })),
        label: { show: true, position: 'right', formatter: (p) => format(by, p.value) } }]
    }, true);
    rankingChart.on('click', (p) => drill(p.data.unitId, p.data.name));
  }

  function drill(unitId, name) {
    state.unit = unitId;
    state.crumbs.push({ id: unitId, name: name });
    renderCrumbs();
    load();
  }

  function renderCrumbs() {
    const crumbs = $('crumbs');
    crumbs.replaceChildren();
    state.crumbs.forEach((c, i) => {
      if (i > 0) { const sep = document.createElement('span'); sep.className = 'sep'; sep.textContent = '›'; crumbs.appendChild(sep); }
      const last = i === state.crumbs.length - 1;
      const el = document.createElement(last ? 'span' : 'a');
      el.textContent = c.name;
      if (last) { el.className = 'here'; } else {
        el.addEventListener('click', () => { state.crumbs = state.crumbs.slice(0, i + 1); state.unit = c.id; renderCrumbs(); load(); });
      }
      crumbs.appendChild(el);
    });
  }

  function renderLinks() {
    const q = 'period=' + period(state.year) + unitQuery();
    $('csv').href = '/api/v1/stats/breakdown?' + q + '&format=csv';
    $('xlsx').href = '/api/v1/stats/breakdown?' + q + '&format=xlsx';
    $('report').href = '/api/v1/reports/annual?year=' + state.year + unitQuery() + '&format=docx';
  }

  function live() {
    const source = new EventSource('/api/v1/stream');
    let timer = null;
    // The server announces changes once they are searchable, at most once a second.
    source.addEventListener('stored', () => {
      clearTimeout(timer);
      timer = setTimeout(() => load().catch(() => {}), 50);
    });
    source.addEventListener('hello', () => { $('live').classList.remove('down'); });
    // A matter of a unit this user may read turned due soon or overdue: say which, and refresh the panel.
    source.addEventListener('deadline', (e) => {
      const d = JSON.parse(e.data);
      $('deadlineNotice').textContent = (d.status === 'OVERDUE' ? '新逾期：' : '新到期提醒：') + (KINDS[d.kind] || d.kind)
        + ' ' + d.ref + '（' + (unitNames[d.unitId] || d.unitId) + '，' + d.dueOn + '到期' + (d.provisional ? '，' + PROVISIONAL : '') + '）';
      renderDeadlines().catch(() => {});
    });
    // EventSource reconnects by itself; say so while it does.
    source.onerror = () => { $('live').textContent = '实时连接中断，正在重连…'; $('live').classList.add('down'); };
  }

  async function start() {
    const [list, units, now] = await Promise.all([api('/api/v1/indicators'), api('/api/v1/units'), today()]);
    state.now = now;
    state.year = Number(now.year);
    units.forEach((u) => { unitNames[u.id] = u.name; });
    list.forEach((i) => { state.indicators[i.id] = i; });
    const year = $('year');
    for (let y = state.year; y > state.year - 5; y--) { const o = document.createElement('option'); o.value = y; o.textContent = y + '年'; year.appendChild(o); }
    year.addEventListener('change', () => { state.year = Number(year.value); load(); });
    $('part').addEventListener('change', (e) => { state.part = e.target.value; load(); });
    const rankBy = $('rankBy');
    list.filter((i) => i.kind !== 'rate').forEach((i) => { const o = document.createElement('option'); o.value = i.id; o.textContent = i.name; rankBy.appendChild(o); });
    rankBy.value = 'training.completed_persons';
    rankBy.addEventListener('change', () => renderRanking());
    window.addEventListener('resize', () => { trendChart && trendChart.resize(); rankingChart && rankingChart.resize(); });
    await load();
    live();
  }

  start().catch((e) => { if (e.message !== 'login') { $('live').textContent = '加载失败：' + e.message; } });
})();
