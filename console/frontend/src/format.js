// Small display helpers shared by the views.
import { i18n } from './i18n.js';

export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(i18n.global.locale.value, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  });
}

export function relative(iso) {
  if (!iso) return '';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(i18n.global.locale.value, { numeric: 'auto' });
  if (Math.abs(s) < 60) return rtf.format(-s, 'second');
  if (Math.abs(s) < 3600) return rtf.format(-Math.round(s / 60), 'minute');
  if (Math.abs(s) < 86400) return rtf.format(-Math.round(s / 3600), 'hour');
  return rtf.format(-Math.round(s / 86400), 'day');
}

export function number(n, digits = 0) {
  if (n === null || n === undefined) return '—';
  return Number(n).toLocaleString(i18n.global.locale.value, { maximumFractionDigits: digits });
}

export function valueText(v) {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A local datetime-local input value for an instant, and back. */
export function toLocalInput(date) {
  const d = new Date(date);
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(v) {
  return v ? new Date(v).toISOString() : '';
}

export const LEVELS = ['critical', 'high', 'medium', 'low', 'informational'];
export const STATUSES = ['open', 'acknowledged', 'in_progress', 'closed'];
export const LEVEL_COLORS = { critical: '#8e1b1b', high: '#d1432f', medium: '#e39b2d', low: '#3f86c6', informational: '#8a96a3' };
