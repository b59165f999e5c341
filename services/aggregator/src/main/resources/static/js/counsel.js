// The legal counsel's quarterly statistics and assessment (GET /api/v1/counsel/assessment): one row per unit and
// counsel, busiest first, each opening onto its work (GET /api/v1/counsel/records). The counts are the events'; the
// weights and grades are the office's (config/counsel.yml). Texts from the units go in with textContent only.
import { api, headings, number, periodPicker, unitPicker } from './common.js';

const $ = (id) => document.getElementById(id);
let words = {};

const period = () => $('year').value + ($('part').value ? '-' + $('part').value : '');
const reported = () => ($('reported').checked ? '&asReported=true' : '');
const word = (field, value) => (words[field] && words[field][value]) || value;

async function load() {
  const q = 'period=' + period() + '&unit=' + encodeURIComponent($('unit').value) + reported();
  $('xlsx').href = '/api/v1/counsel?' + q + '&format=xlsx';
  $('assessment-xlsx').href = '/api/v1/counsel/assessment?' + q + '&format=xlsx';
  $('status').textContent = '加载中…';
  $('detail').hidden = true;
  const table = $('table');
  table.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  let sheet;
  try {
    sheet = await api('/api/v1/counsel/assessment?' + q);
  } catch (e) {
    if (!reported() || e.message === 'login') throw e;
    $('status').textContent = '所选期间没有锁定的报送版本：' + e.message;
    return;
  }
  words = sheet.words;
  const kinds = Object.keys(sheet.weights);
  $('rule').textContent =
    '考核计分：' +
    kinds.map((k) => word('work', k) + ' ' + sheet.weights[k] + ' 分/件').join('，') +
    '。本期等次：' +
    sheet.grades.map((g) => g.name + ' ≥ ' + g.min + ' 分').join('，') +
    '。' +
    (sheet.lockVersion ? '（报送版本 ' + sheet.lockVersion + '）' : '');
  headings(table.createTHead().insertRow(), [
    '单位',
    '编号',
    '类别',
    ...kinds.map((k) => word('work', k)),
    '合计',
    '得分',
    '等次',
  ]);
  const body = table.createTBody();
  if (sheet.rows.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = kinds.length + 6;
    cell.textContent = '本期没有公职律师或法律顾问的工作记录';
  }
  for (const row of sheet.rows) {
    const tr = body.insertRow();
    const unit = document.createElement('th');
    unit.scope = 'row';
    unit.textContent = row.unitName;
    tr.appendChild(unit);
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.textContent = row.counselId;
    open.title = '查看工作明细';
    open.addEventListener('click', () => detail(row));
    tr.insertCell().appendChild(open);
    tr.insertCell().textContent = word('counselKind', row.counselKind);
    kinds.forEach((k) => {
      tr.insertCell().textContent = number.format(row.work[k]);
    });
    tr.insertCell().textContent = number.format(row.total);
    tr.insertCell().textContent = String(row.score);
    tr.insertCell().textContent = row.grade;
  }
  $('status').textContent = sheet.period + ' · ' + sheet.rows.length + ' 人次';
}

async function detail(row) {
  const q =
    'period=' +
    period() +
    '&unit=' +
    encodeURIComponent(row.unitId) +
    '&counselId=' +
    encodeURIComponent(row.counselId) +
    '&size=200' +
    reported();
  const page = await api('/api/v1/counsel/records?' + q);
  $('detail-title').textContent = '工作明细：' + row.counselId + '（' + row.unitName + '，共 ' + page.total + ' 项）';
  const table = $('work');
  table.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  headings(table.createTHead().insertRow(), ['日期', '工作类型', '文件或事项', '记录编号', '版本']);
  const body = table.createTBody();
  for (const item of page.items) {
    const tr = body.insertRow();
    tr.insertCell().textContent = item.occurredAt.slice(0, 10);
    tr.insertCell().textContent = word('work', item.work);
    tr.insertCell().textContent = item.ref || '';
    tr.insertCell().textContent = item.eventId;
    tr.insertCell().textContent = String(item.revision);
  }
  if (page.total > page.items.length) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = 5;
    cell.textContent = '仅显示前 ' + page.items.length + ' 项';
  }
  $('detail').hidden = false;
  $('detail').scrollIntoView();
}

async function start() {
  await unitPicker($('unit'));
  await periodPicker($('year'), $('part'));
  ['unit', 'year', 'part', 'reported'].forEach((id) => $(id).addEventListener('change', () => load()));
  await load();
}
start().catch((e) => {
  if (e.message !== 'login') $('status').textContent = '加载失败：' + e.message;
});
