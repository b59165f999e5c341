// Ledger import (POST /api/v1/imports): a preview (dryRun) of what will change and the rows to fix, then the import,
// with the upload's progress. Messages come from the server in Chinese; they go in with textContent only.
import { api, csrfToken } from './common.js';

const $ = (id) => document.getElementById(id);

// XMLHttpRequest rather than fetch: it reports the upload's progress.
function send(dryRun) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('file', $('file').files[0]);
    form.append('type', $('type').value);
    form.append('unit', $('unit').value);
    form.append('dryRun', String(dryRun));
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/imports');
    request.setRequestHeader('X-XSRF-TOKEN', csrfToken());
    request.setRequestHeader('Accept', 'application/json');
    const progress = $('progress');
    progress.hidden = false;
    progress.value = 0;
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) progress.value = Math.round((e.loaded * 100) / e.total);
    };
    request.onload = () => {
      progress.value = 100;
      let body = {};
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = { message: '服务器返回了无法识别的内容' };
      }
      if (request.status === 200) resolve(body);
      else reject(new Error(body.message || 'HTTP ' + request.status));
    };
    request.onerror = () => reject(new Error('网络错误'));
    request.send(form);
  });
}

function show(result, dryRun) {
  $('summary').className = 'message ok';
  $('summary').textContent =
    (dryRun ? '预览：将新增 ' : '已导入：新增 ') +
    result.imported +
    ' 条，更正 ' +
    result.revised +
    ' 条，未变化 ' +
    result.unchanged +
    ' 条' +
    (result.errors.length ? '；有 ' + result.errors.length + ' 处需要修改（这些行不会导入）' : '');
  const list = $('errors');
  list.replaceChildren();
  for (const e of result.errors) {
    const li = document.createElement('li');
    li.textContent = '第' + e.row + '行，“' + e.column + '”：' + e.message;
    list.appendChild(li);
  }
}

async function start() {
  const [units, ledgers] = await Promise.all([api('/api/v1/entries/units'), api('/api/v1/entries/ledgers')]);
  for (const u of units) {
    const o = document.createElement('option');
    o.value = u.id;
    o.textContent = u.name;
    $('unit').appendChild(o);
  }
  for (const l of ledgers.ledgers) {
    const o = document.createElement('option');
    o.value = l.type;
    o.textContent = l.name;
    $('type').appendChild(o);
  }
  const template = () => {
    $('template').href = '/api/v1/imports/templates/' + encodeURIComponent($('type').value);
  };
  $('type').addEventListener('change', () => {
    template();
    $('import').disabled = true;
  });
  $('file').addEventListener('change', () => {
    $('import').disabled = true;
    $('summary').textContent = '';
    $('errors').replaceChildren();
  });
  template();
  $('upload').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!$('file').files.length) {
      $('summary').className = 'message';
      $('summary').textContent = '请先选择台账文件';
      return;
    }
    try {
      const result = await send(true);
      show(result, true);
      $('import').disabled = result.imported + result.revised === 0;
    } catch (x) {
      $('summary').className = 'message';
      $('summary').textContent = '无法导入：' + x.message;
    }
  });
  $('import').addEventListener('click', async () => {
    $('import').disabled = true;
    try {
      show(await send(false), false);
    } catch (x) {
      $('summary').className = 'message';
      $('summary').textContent = '导入失败：' + x.message;
    }
  });
}
start().catch((e) => {
  if (e.message !== 'login') $('summary').textContent = '加载失败：' + e.message;
});
