// The pages' scripts: ES modules in the browser, one global (ECharts, a webjar). Text from a unit is hostile: no
// HTML is ever built from strings, so innerHTML, outerHTML, insertAdjacentHTML and document.write are refused.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['src/main/resources/static/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, echarts: 'readonly' },
    },
    rules: {
      eqeqeq: 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'prefer-const': 'error',
      'no-var': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'build nodes and set textContent: a unit text is never HTML' },
        { property: 'outerHTML', message: 'build nodes and set textContent: a unit text is never HTML' },
        { property: 'insertAdjacentHTML', message: 'build nodes and set textContent: a unit text is never HTML' },
        { object: 'document', property: 'write', message: 'build nodes and set textContent' },
      ],
    },
  },
];
