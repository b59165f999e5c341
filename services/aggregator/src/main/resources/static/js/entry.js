// Entry forms for units without IT (POST /api/v1/entries): one form per event type from the ledger columns, the
// unit's recent entries with correction and withdrawal. Every text goes in with textContent only.
import { api, headings, postJson, today } from './common.js';

const $ = (id) => document.getElementById(id);
let spec = null;
let now = null; // the server's today: a new entry's date, in the registry's zone (not the browser's UTC date)
let editing = null; // the entry being corrected: its eventId

const ledger = () => spec.ledgers.find((l) => l.type === $('type').value);

function renderFields(values) {
  const fields = $('fields');
  fields.replaceChildren();
  const l = ledger();
  const add = (id, label, input, required) => {
    const name = document.createElement('label');
    name.htmlFor = id;
    name.textContent = label + (required ? '（必填）' : '');
    input.id = id;
    input.name = id;
    if (required) {
      input.required = true;
      input.setAttribute('aria-required', 'true');
    }
    const error = document.createElement('div');
    error.className = 'field-error';
    error.id = id + '-error';
    error.setAttribute('aria-live', 'polite');
    input.setAttribute('aria-describedby', error.id);
    fields.append(name, input, error);
  };
  const date = document.createElement('input');
  date.type = 'date';
  date.value = values && values.date ? values.date : now.today;
  add('f-date', l.date, date, true);
  for (const column of l.columns) {
    let input;
    if (column.kind === 'ENUM' || column.kind === 'BOOLEAN') {
      input = document.createElement('select');
      const options =
        column.kind === 'ENUM'
          ? Object.entries(column.values)
          : [
              ['true', spec.trueWord],
              ['false', spec.falseWord],
            ];
      const empty = document.createElement('option');
      empty.value = '';
      empty.textContent = '请选择';
      input.appendChild(empty);
      for (const [value, word] of options) {
        const o = document.createElement('option');
        o.value = value;
        o.textContent = word;
        input.appendChild(o);
      }
    } else {
      input = document.createElement('input');
      input.type =
        column.kind === 'DATETIME' ? 'date' : column.kind === 'INTEGER' || column.kind === 'NUMBER' ? 'number' : 'text';
      if (column.kind === 'NUMBER') input.step = 'any';
    }
    if (values && values[column.field] !== undefined && values[column.field] !== null) {
      const v = values[column.field];
      input.value = column.kind === 'DATETIME' ? String(v).slice(0, 10) : String(v);
    }
    add('f-' + column.field, column.header, input, column.required);
  }
}

async function submit(event) {
  event.preventDefault();
  document.querySelectorAll('.field-error').forEach((e) => {
    e.textContent = '';
  });
  const l = ledger();
  const values = {};
  l.columns.forEach((c) => {
    values[c.field] = $('f-' + c.field).value;
  });
  const body = {
    type: l.type,
    unit: $('unit').value,
    date: $('f-date').value,
    values: values,
    eventId: editing,
    withdraw: false,
  };
  const response = await postJson('/api/v1/entries', body);
  const result = await response.json();
  if (response.status === 400 && result.errors) {
    for (const e of result.errors) {
      const column = e.column === l.date ? { field: 'date' } : l.columns.find((c) => c.header === e.column);
      const slot = column ? $('f-' + column.field + '-error') : null;
      if (slot) {
        slot.textContent = e.message;
      } else {
        $('message').textContent = e.column + '：' + e.message;
      }
    }
    $('message').textContent = '有 ' + result.errors.length + ' 处需要修改';
    $('message').className = 'message';
    return;
  }
  if (!response.ok) {
    $('message').textContent = '提交失败：' + result.message;
    return;
  }
  $('message').className = 'message ok';
  $('message').textContent = (editing ? '已更正' : '已提交') + '，统计数字将在几秒内更新';
  stopEditing();
  setTimeout(loadRecent, 1500);
}

function stopEditing() {
  editing = null;
  $('cancel').hidden = true;
  $('submit').textContent = '提交';
  $('type').disabled = false;
  renderFields();
}

async function withdraw(item) {
  if (!confirm('撤回后该记录不再计入统计，确定撤回吗？')) return;
  const response = await postJson('/api/v1/entries', {
    type: item.type,
    unit: item.unitId,
    eventId: item.eventId,
    withdraw: true,
  });
  const result = await response.json();
  $('message').className = response.ok ? 'message ok' : 'message';
  $('message').textContent = response.ok ? '已撤回' : '撤回失败：' + (result.message || '');
  setTimeout(loadRecent, 1500);
}

// Who wrote an entry: a user of this site, the unit's own system (its Kafka topic), or a sender that names no one.
const writerOf = (item) =>
  !item.writer ? '—' : item.writer.kind === 'user' ? item.writer.name : '单位系统（' + item.writer.name + '）';

function correct(item) {
  editing = item.eventId;
  $('type').value = item.type;
  $('type').disabled = true;
  // Fields the caller may not read come masked: they start empty and, left empty, keep what is stored.
  const hidden = item.hidden || [];
  const values = Object.assign({ date: (item.occurredAt || '').slice(0, 10) }, item.payload);
  hidden.forEach((field) => {
    delete values[field];
  });
  renderFields(values);
  for (const field of hidden) {
    const input = $('f-' + field);
    if (!input) continue;
    input.required = false;
    input.removeAttribute('aria-required');
    input.placeholder = '已隐藏，留空则保留原内容';
    const label = document.querySelector('label[for="f-' + field + '"]');
    if (label) label.textContent = label.textContent.replace('（必填）', '') + '（已隐藏）';
  }
  $('submit').textContent = '保存更正';
  $('cancel').hidden = false;
  $('f-date').focus();
}

async function loadRecent() {
  const result = await api('/api/v1/entries?size=20&unit=' + encodeURIComponent($('unit').value));
  const table = $('recent');
  table.querySelectorAll('thead, tbody').forEach((e) => e.remove());
  const head = table.createTHead().insertRow();
  headings(head, ['日期', '事项', '内容', '填报人', '状态', '操作']);
  const body = table.createTBody();
  if (result.items.length === 0) {
    const c = body.insertRow().insertCell();
    c.colSpan = 6;
    c.textContent = '暂无记录';
  }
  for (const item of result.items) {
    const l = spec.ledgers.find((x) => x.type === item.type);
    const row = body.insertRow();
    row.dataset.eventId = item.eventId;
    row.insertCell().textContent = (item.occurredAt || '').slice(0, 10);
    row.insertCell().textContent = l ? l.name : item.type;
    row.insertCell().textContent = l
      ? l.columns
          .filter((c) => item.payload[c.field] !== undefined && item.payload[c.field] !== null)
          .map(
            (c) =>
              c.header +
              '：' +
              (c.kind === 'ENUM'
                ? c.values[item.payload[c.field]] || item.payload[c.field]
                : c.kind === 'BOOLEAN'
                  ? item.payload[c.field]
                    ? spec.trueWord
                    : spec.falseWord
                  : item.payload[c.field]),
          )
          .join('；')
      : '';
    row.insertCell().textContent = writerOf(item);
    row.insertCell().textContent = item.retracted
      ? '已撤回'
      : item.revision > 1
        ? '已更正（第' + item.revision + '版）'
        : '有效';
    const actions = row.insertCell();
    if (!item.retracted) {
      const fix = document.createElement('button');
      fix.type = 'button';
      fix.textContent = '更正';
      fix.addEventListener('click', () => correct(item));
      const undo = document.createElement('button');
      undo.type = 'button';
      undo.textContent = '撤回';
      undo.className = 'secondary';
      undo.addEventListener('click', () => withdraw(item));
      actions.append(fix, ' ', undo);
    }
  }
}

async function start() {
  const [units, ledgers, day] = await Promise.all([
    api('/api/v1/entries/units'),
    api('/api/v1/entries/ledgers'),
    today(),
  ]);
  now = day;
  spec = ledgers;
  for (const u of units) {
    const o = document.createElement('option');
    o.value = u.id;
    o.textContent = u.name;
    $('unit').appendChild(o);
  }
  for (const l of spec.ledgers) {
    const o = document.createElement('option');
    o.value = l.type;
    o.textContent = l.name;
    $('type').appendChild(o);
  }
  $('type').value = 'training.completed';
  $('type').addEventListener('change', () => renderFields());
  $('unit').addEventListener('change', () => {
    stopEditing();
    loadRecent();
  });
  $('cancel').addEventListener('click', stopEditing);
  $('entry').addEventListener('submit', (e) => {
    submit(e).catch((x) => {
      $('message').textContent = '提交失败：' + x.message;
    });
  });
  renderFields();
  await loadRecent();
}
start().catch((e) => {
  if (e.message !== 'login') $('message').textContent = '加载失败：' + e.message;
});
