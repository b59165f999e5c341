// Shared by the pages: the API with the session, and the unit picker.
window.lawstats = (function () {
  'use strict';
  // The CSRF token the server sets in the XSRF-TOKEN cookie; every form that posts and every POST sends it back.
  const csrfToken = () => {
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
  const api = async (path) => {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) { location.href = '/login.html'; throw new Error('login'); }
    if (!response.ok) { throw new Error((await response.json()).message); }
    return response.json();
  };
  // Today as the server counts it (the registry's zone, the server's clock): the current year and quarter of every
  // page come from it, never from the browser's clock, so that a page and the figures agree on what "now" is.
  let todayAsked = null;
  const today = () => { todayAsked = todayAsked || api('/api/v1/calendar/today'); return todayAsked; };
  async function unitPicker(select) {
    const units = await api('/api/v1/units');
    const depth = {};
    units.forEach((u) => { depth[u.id] = u.parent && depth[u.parent] !== undefined ? depth[u.parent] + 1 : 0; });
    units.forEach((u) => {
      const option = document.createElement('option');
      option.value = u.id;
      option.textContent = '\u3000'.repeat(depth[u.id]) + u.name;
      select.appendChild(option);
    });
    return units;
  }
  // The last five years, this one first, and this quarter chosen: the pickers of the quarterly pages.
  async function periodPicker(year, part) {
    const now = await today();
    const y0 = Number(now.year);
    for (let y = y0; y > y0 - 5; y--) {
      const o = document.createElement('option'); o.value = y; o.textContent = y + '年'; year.appendChild(o);
    }
    part.value = now.quarter.slice(5);
  }
  const percent = (v) => (v === null || v === undefined) ? '—' : (Math.round(v * 10000) / 100) + '%';
  const number = new Intl.NumberFormat('zh-CN');
  return { api, today, unitPicker, periodPicker, percent, number, csrfToken };
})();
