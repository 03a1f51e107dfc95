import { reactive } from 'vue';
import { get, post, setCsrf } from './api.js';

/** Who is logged in, as GET /api/v1/session tells. */
export const session = reactive({ loaded: false, user: null, roles: [], domains: [], expiresAt: null, mustChangePassword: false });

function apply(s) {
  session.user = s ? s.user : null;
  session.roles = s ? s.roles : [];
  session.domains = s ? s.domains : [];
  session.expiresAt = s ? s.expires_at : null;
  session.mustChangePassword = !!(s && s.must_change_password);
  session.loaded = true;
  setCsrf(s ? s.csrf_token : null);
}

export async function loadSession() {
  try {
    apply(await get('/session'));
  } catch (e) {
    apply(null);
  }
  return session;
}

export async function login(username, password) {
  apply(await post('/login', { username, password }));
  return session;
}

export async function logout() {
  try {
    await post('/logout', {});
  } finally {
    apply(null);
  }
}

export function hasRole(...roles) {
  return roles.some((r) => session.roles.includes(r));
}

/** What the UI offers each role; the server checks every request again. */
export const can = {
  readAlerts: () => hasRole('analyst', 'auditor', 'secadmin'),
  triage: () => hasRole('analyst'),
  readEvents: () => hasRole('analyst'),
  dashboard: () => hasRole('analyst', 'auditor', 'secadmin', 'sysadmin'),
  ingest: () => hasRole('analyst', 'secadmin', 'sysadmin'),
  readRules: () => hasRole('analyst', 'secadmin'),
  writeRules: () => hasRole('secadmin'),
  audit: () => hasRole('auditor'),
  users: () => hasRole('sysadmin'),
  keys: () => hasRole('secadmin'),
  apps: () => hasRole('secadmin'),
};

/** The first page for the logged-in user. */
export function homeRoute() {
  if (hasRole('auditor')) return '/audit';
  if (can.readAlerts()) return '/alerts';
  if (can.dashboard()) return '/dashboard';
  return '/login';
}
