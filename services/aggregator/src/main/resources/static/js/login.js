import './common.js';

const params = new URLSearchParams(location.search);
const message = document.getElementById('message');
if (params.has('error')) {
  message.textContent = '用户名或密码错误，请重新输入。';
  message.hidden = false;
} else if (params.has('logout')) {
  message.textContent = '您已安全退出。';
  message.className = 'message ok';
  message.hidden = false;
}
