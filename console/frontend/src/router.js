import { createRouter, createWebHashHistory } from 'vue-router';
import { session, loadSession, homeRoute, can } from './session.js';
import { whenUnauthenticated } from './api.js';
import LoginView from './views/LoginView.vue';
import QueueView from './views/QueueView.vue';
import AlertView from './views/AlertView.vue';
import DashboardView from './views/DashboardView.vue';
import AuditView from './views/AuditView.vue';
import AuditRecordView from './views/AuditRecordView.vue';
import UsersView from './views/UsersView.vue';
import RulesView from './views/RulesView.vue';
import KeysView from './views/KeysView.vue';
import AppsView from './views/AppsView.vue';
import AccountView from './views/AccountView.vue';

// Routes live in the URL fragment (/#/alerts), so the server needs no fallback page.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: () => homeRoute() },
    { path: '/login', component: LoginView, meta: { public: true } },
    { path: '/alerts', component: QueueView, meta: { allowed: can.readAlerts, title: 'nav.queue' } },
    { path: '/alerts/:id', component: AlertView, meta: { allowed: can.readAlerts, title: 'nav.alert' } },
    { path: '/dashboard', component: DashboardView, meta: { allowed: can.dashboard, title: 'nav.dashboard' } },
    { path: '/audit', component: AuditView, meta: { allowed: can.audit, title: 'nav.audit' } },
    { path: '/audit/records/:seq', component: AuditRecordView, meta: { allowed: can.audit, title: 'nav.auditRecord' } },
    { path: '/admin/users', component: UsersView, meta: { allowed: can.users, title: 'nav.users' } },
    { path: '/admin/rules', component: RulesView, meta: { allowed: can.readRules, title: 'nav.rules' } },
    { path: '/admin/keys', component: KeysView, meta: { allowed: can.keys, title: 'nav.keys' } },
    { path: '/admin/apps', component: AppsView, meta: { allowed: can.apps, title: 'nav.apps' } },
    { path: '/account', component: AccountView, meta: { title: 'nav.account' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession();
  if (to.meta.public) return true;
  if (!session.user) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  // a password someone else chose opens nothing but the page to replace it
  if (session.mustChangePassword && to.path !== '/account') return '/account';
  if (to.meta.allowed && !to.meta.allowed()) return homeRoute() === to.path ? '/login' : homeRoute();
  return true;
});

whenUnauthenticated(() => {
  session.user = null;
  if (router.currentRoute.value.path !== '/login') router.push({ path: '/login', query: { expired: '1' } });
});
