// The records behind one figure (GET /api/v1/stats/records): events, persons, or the requests' time limits, paged,
// with the same exports as the API. Every text from a unit goes in with textContent only.
import { api, minute, number } from './common.js';

const $ = (id) => document.getElementById(id);
const SIZE = 50;
const asked = new URLSearchParams(location.search);
const TYPES = {
  'training.enrolled': '培训报名',
  'training.completed': '培训结业',
  'exam.assigned': '应考',
  'exam.taken': '参考',
  'disclosure.received': '依申请公开受理',
  'disclosure.extended': '延期答复',
  'disclosure.suspended': '中止',
  'disclosure.resumed': '恢复',
  'disclosure.replied': '答复',
  'case.filed': '立案',
  'case.answered': '答辩/答复',
  'case.hearing': '开庭',
  'case.closed': '结案',
  'study.held': '学法',
  'meeting.held': '会议',
  'proposal.handled': '建议提案办理',
  'decision.listed': '重大行政决策',
  'document.published': '文件发布',
  'counsel.served': '公职律师和法律顾问工作',
};
const STATUS = { OVERDUE: '已逾期', MISSED: '逾期答复', MET: '按期', DUE_SOON: '即将到期', OPEN: '办理中' };
let page = 0;
let indicator = null;
const units = {};

function query(extra) {
  const q = new URLSearchParams();
  for (const k of ['indicator', 'period', 'unit', 'part', 'todate', 'scope', 'asReported', 'lockVersion']) {
    if (asked.get(k)) q.set(k, asked.get(k));
  }
  Object.entries(extra || {}).forEach(([k, v]) => q.set(k, v));
  return q.toString();
}

const text = (tag, value) => {
  const el = document.createElement(tag);
  el.textContent = value === null || value === undefined ? '' : String(value);
  return el;
};
const summary = (payload) =>
  Object.entries(payload || {})
    .filter(([k]) => !['dueAt', 'servedAt'].includes(k))
    .map(([k, v]) => k + '：' + (v === true ? '是' : v === false ? '否' : v))
    .join('；');

function render(result) {
  const table = $('table');
  table.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  const head = table.createTHead().insertRow();
  const body = table.createTBody();
  const items = result.items;
  const first = items[0] || {};
  let columns;
  if (first.eventId) {
    columns = [
      ['发生时间', (i) => minute(i.occurredAt)],
      ['单位', (i) => units[i.unitId] || i.unitId],
      ['类型', (i) => TYPES[i.type] || i.type],
      ['内容', (i) => summary(i.payload)],
      ['版本', (i) => i.revision || 1],
      ['事件编号', (i) => i.eventId],
    ];
  } else if (first.events) {
    const key = Object.keys(first).find((k) => k !== 'events');
    columns = [
      ['人员', (i) => i[key]],
      ['记录数', (i) => i.events.length],
      [
        '记录',
        (i) => i.events.map((e) => (e.occurredAt || '').slice(0, 10) + ' ' + (units[e.unitId] || e.unitId)).join('；'),
      ],
    ];
  } else {
    columns = [
      ['单位', (i) => units[i.unitId] || i.unitId],
      ['申请编号', (i) => i.ref],
      ['受理日', (i) => i.startedOn],
      ['法定期限', (i) => i.dueOn],
      ['答复日', (i) => i.metOn],
      ['状态', (i) => STATUS[i.status] || i.status],
    ];
  }
  columns.forEach(([name]) => {
    const th = text('th', name);
    th.scope = 'col';
    head.appendChild(th);
  });
  if (items.length === 0) {
    const c = body.insertRow().insertCell();
    c.colSpan = columns.length;
    c.textContent = '没有记录';
  }
  items.forEach((item) => {
    const row = body.insertRow();
    columns.forEach(([, get]) => {
      row.insertCell().textContent = get(item);
    });
  });
  $('total').textContent =
    '共 ' + number.format(result.total) + ' 条' + (indicator && indicator.kind === 'sum' ? '（合计为各条之和）' : '');
  $('page').textContent = '第 ' + (page + 1) + ' / ' + Math.max(1, Math.ceil(result.total / SIZE)) + ' 页';
  $('prev').disabled = page === 0;
  $('next').disabled = (page + 1) * SIZE >= result.total;
}

async function load() {
  const result = await api('/api/v1/stats/records?' + query({ page: String(page), size: String(SIZE) }));
  render(result);
}

async function start() {
  const [list, unitList] = await Promise.all([api('/api/v1/indicators'), api('/api/v1/units')]);
  unitList.forEach((u) => {
    units[u.id] = u.name;
  });
  indicator = list.find((i) => i.id === asked.get('indicator'));
  if (indicator && indicator.kind === 'rate' && !asked.get('part')) {
    asked.set('part', 'numerator');
  }
  const unitName = units[asked.get('unit')] || '全部单位';
  $('title').textContent =
    (indicator ? indicator.name : asked.get('indicator')) +
    ' · ' +
    (asked.get('period') || '本年') +
    ' · ' +
    unitName +
    (asked.get('scope') === 'self' ? '（本级）' : '');
  if (indicator && indicator.kind === 'rate') {
    for (const [part, name] of [
      ['numerator', '分子'],
      ['denominator', '分母'],
    ]) {
      const a = document.createElement('a');
      a.className = 'button' + (asked.get('part') === part ? ' primary' : '');
      a.textContent = name;
      a.href =
        '?' +
        (() => {
          const q = new URLSearchParams(asked);
          q.set('part', part);
          return q.toString();
        })();
      if (asked.get('part') === part) {
        a.setAttribute('aria-current', 'true');
      }
      $('parts').appendChild(a);
    }
  }
  $('csv').href = '/api/v1/stats/records?' + query({ format: 'csv' });
  $('xlsx').href = '/api/v1/stats/records?' + query({ format: 'xlsx' });
  $('prev').addEventListener('click', () => {
    page = Math.max(0, page - 1);
    load();
  });
  $('next').addEventListener('click', () => {
    page += 1;
    load();
  });
  await load();
}
start().catch((e) => {
  if (e.message !== 'login') $('total').textContent = '加载失败：' + e.message;
});
