// Case search: the API's search with its highlights and one case's detail. Nothing from the server is ever parsed as
// HTML: a highlight is text with <em> marks, turned into text nodes and <em> elements here.
import { api, minute, unitPicker } from './common.js';

const $ = (id) => document.getElementById(id);
const KIND = { LITIGATION: '行政诉讼', RECONSIDERATION: '行政复议' };
const STATUS = { OPEN: '未结', CLOSED: '已结' };
const SIZE = 20;
let page = 0;
let latest = 0; // the newest search started: an older one's answer that arrives after it is not shown
let opened = 0; // likewise the newest case opened

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const highlighted = (fragment) => {
  const out = document.createDocumentFragment();
  let marked = false;
  for (const part of fragment.split(/(<em>|<\/em>)/)) {
    if (part === '<em>') {
      marked = true;
      continue;
    }
    if (part === '</em>') {
      marked = false;
      continue;
    }
    const value = part.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
    out.appendChild(
      marked ? Object.assign(document.createElement('em'), { textContent: value }) : document.createTextNode(value),
    );
  }
  return out;
};
const text = (tag, value, cls) => {
  const el = document.createElement(tag);
  el.textContent = value ?? '—';
  if (cls) el.className = cls;
  return el;
};

async function search() {
  const ticket = ++latest;
  const params = new URLSearchParams({ page: String(page), size: String(SIZE) });
  for (const id of ['q', 'unit', 'kind', 'status', 'from', 'to']) {
    if ($(id).value) params.set(id, $(id).value);
  }
  const result = await api('/api/v1/cases?' + params);
  if (ticket !== latest) return;
  $('total').textContent = '共 ' + result.total + ' 件';
  const list = $('results');
  list.replaceChildren();
  for (const item of result.items) {
    const card = document.createElement('article');
    card.className = 'result';
    const title = document.createElement('h3');
    title.append(text('span', item.caseNo + ' '), text('span', STATUS[item.status], 'status-' + item.status));
    const cause = document.createElement('p');
    const fragment = (item.highlight.cause ||
      item.highlight.summary ||
      item.highlight.forum ||
      item.highlight.caseNo ||
      item.highlight.claimant ||
      [])[0];
    if (fragment) {
      cause.appendChild(highlighted(fragment));
    } else {
      cause.textContent = item.cause ?? '';
    }
    const meta = text(
      'div',
      KIND[item.kind] +
        ' · 当事人 ' +
        (item.claimant ?? '—') +
        ' · ' +
        (item.forum ?? '') +
        ' · 立案 ' +
        (item.filedAt ?? '—').slice(0, 10),
      'meta',
    );
    card.append(title, cause, meta);
    card.addEventListener('click', () => detail(item));
    list.appendChild(card);
  }
  $('page').textContent = '第 ' + (page + 1) + ' 页';
  $('prev').disabled = page === 0;
  $('next').disabled = (page + 1) * SIZE >= result.total;
}

async function detail(item) {
  const ticket = ++opened;
  const one = await api('/api/v1/cases/' + [item.unitId, item.kind, item.caseNo].map(encodeURIComponent).join('/'));
  if (ticket !== opened) return;
  const box = $('detail');
  box.replaceChildren(text('h2', one.caseNo));
  const dl = document.createElement('dl');
  const rows = [
    ['单位', one.unitId],
    ['类型', KIND[one.kind]],
    ['状态', STATUS[one.status]],
    ['审理机关', one.forum],
    ['当事人', one.claimant],
    ['案由', one.cause],
    ['摘要', one.summary],
    ['立案时间', one.filedAt],
    ['结案时间', one.closedAt],
    ['结果', one.outcome],
    ['负责人出庭', one.headAppeared ? '是' : '否'],
  ];
  rows.forEach(([k, v]) => dl.append(text('dt', k), text('dd', v)));
  box.appendChild(dl);
  const STEP = { 'case.filed': '立案', 'case.hearing': '开庭', 'case.closed': '结案' };
  if (one.history && one.history.length) {
    box.appendChild(text('h3', '办理经过'));
    const steps = document.createElement('ol');
    steps.className = 'history';
    one.history.forEach((s) =>
      steps.appendChild(
        text(
          'li',
          minute(s.occurredAt) +
            ' ' +
            (STEP[s.type] || s.type) +
            (s.revision > 1 ? '（第' + s.revision + '次更正）' : ''),
        ),
      ),
    );
    box.appendChild(steps);
  }
  box.hidden = false;
  box.scrollIntoView();
}

$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  page = 0;
  search();
});
$('prev').addEventListener('click', () => {
  page = Math.max(0, page - 1);
  search();
});
$('next').addEventListener('click', () => {
  page += 1;
  search();
});
// A link from the dashboard's deadline panel names the unit and the case number.
const asked = new URLSearchParams(location.search);
unitPicker($('unit'))
  .then(() => {
    if (asked.get('unit')) {
      $('unit').value = asked.get('unit');
    }
    if (asked.get('q')) {
      $('q').value = asked.get('q');
    }
  })
  .then(search)
  .catch((e) => {
    if (e.message !== 'login') $('total').textContent = '加载失败：' + e.message;
  });
