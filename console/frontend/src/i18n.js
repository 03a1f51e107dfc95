import { createI18n } from 'vue-i18n';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

const STORAGE_KEY = 'citywall.locale';
export const LOCALES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
];

function initialLocale() {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved && LOCALES.some((l) => l.code === saved)) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
});

export function setLocale(code) {
  i18n.global.locale.value = code;
  window.localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
}

document.documentElement.lang = i18n.global.locale.value;

/** A failed request in the reader's language: the stable error code's text when there is one, else the server's message. */
export function errorText(e) {
  const key = 'errorCodes.' + (e && e.code);
  return e && e.code && i18n.global.te(key) ? i18n.global.t(key) : i18n.global.t('errors.generic', { message: e && e.message });
}
