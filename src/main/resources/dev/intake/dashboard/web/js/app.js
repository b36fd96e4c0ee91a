// The dashboard: signs in when the server has a key, then shows one page per location hash
// (#/jobs, #/jobs/ID, ...). Each page renders into <main> and may take live job events.
import { api, setCsrfToken, whenSignedOut } from './api.js';
import { h, fill } from './dom.js';
import { onConnection, onJob, startLive, stopLive, connection } from './live.js';
import { loginPage } from './pages/login.js';
import { overviewPage } from './pages/overview.js';
import { jobsPage } from './pages/jobs.js';
import { jobPage } from './pages/job.js';
import { uploadPage } from './pages/upload.js';
import { deadLettersPage } from './pages/dead.js';
import { documentsPage } from './pages/documents.js';
import { documentPage } from './pages/document.js';
import { searchPage } from './pages/search.js';
import { workersPage } from './pages/workers.js';

const ROUTES = [
  [/^\/$/, overviewPage, 'Overview', '#/'],
  [/^\/jobs$/, jobsPage, 'Jobs', '#/jobs'],
  [/^\/jobs\/([\w-]+)$/, jobPage, 'Job', '#/jobs'],
  [/^\/upload$/, uploadPage, 'Upload', '#/upload'],
  [/^\/dead-letters$/, deadLettersPage, 'Dead letters', '#/dead-letters'],
  [/^\/documents$/, documentsPage, 'Documents', '#/documents'],
  [/^\/documents\/([\w-]+)$/, documentPage, 'Document', '#/documents'],
  [/^\/search$/, searchPage, 'Search', '#/search'],
  [/^\/workers$/, workersPage, 'Workers', '#/workers'],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const logout = document.getElementById('logout');
const banner = document.getElementById('banner');
let current = null;
let session = null;
let bannerTimer = null;
let routed = false;

async function boot() {
  try {
    session = await api('/dashboard/session');
  } catch (e) {
    fill(main, h('h1', {}, 'Intake'), h('p', { class: 'notice bad', role: 'alert' },
      `The dashboard cannot start: ${e.message} It tries again in a few seconds.`));
    setTimeout(boot, 3000);
    return;
  }
  if (session.key_required && !session.authenticated) {
    showLogin();
  } else {
    showApp();
  }
}

function showLogin() {
  stopLive();
  dispose();
  setCsrfToken(null);
  nav.hidden = true;
  logout.hidden = true;
  document.title = 'Sign in · Intake';
  loginPage(main, (state) => {
    session = state;
    showApp();
  });
}

function showApp() {
  setCsrfToken(session.csrf_token);
  nav.hidden = false;
  logout.hidden = !session.key_required;
  startLive();
  route();
}

function dispose() {
  if (current?.dispose) current.dispose();
  current = null;
}

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  const params = new URLSearchParams(search || '');
  dispose();
  for (const [pattern, page, title, navHref] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    markNav(navHref);
    document.title = `${title} · Intake`;
    main.replaceChildren();
    current = page(main, { id: m[1], params }) || {};
    // After a move within the dashboard, focus goes to the new page (screen readers announce it);
    // on the first load it stays at the top, where the skip link is.
    if (routed) main.focus({ preventScroll: true });
    routed = true;
    return;
  }
  markNav(null);
  document.title = 'Not found · Intake';
  fill(main, h('h1', {}, 'No such page'),
    h('p', {}, 'This address is not a page of the dashboard. ', h('a', { href: '#/' }, 'Go to the overview'), '.'));
}

function markNav(href) {
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === href) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

onJob((event) => current?.onJob?.(event));

onConnection(({ down, recovered, attempts }) => {
  clearTimeout(bannerTimer);
  if (down) {
    banner.className = 'banner';
    banner.textContent = attempts > 1
      ? `The server cannot be reached. Reconnecting… (attempt ${attempts})`
      : 'The server cannot be reached. Reconnecting…';
    banner.hidden = false;
    return;
  }
  if (recovered) {
    banner.className = 'banner ok';
    banner.textContent = 'Reconnected to the server; the page is up to date.';
    banner.hidden = false;
    bannerTimer = setTimeout(() => { banner.hidden = true; }, 4000);
    current?.refresh?.();
  }
});

whenSignedOut(() => {
  if (session?.key_required) {
    session = { ...session, authenticated: false };
    showLogin();
  }
});

logout.addEventListener('click', async () => {
  try {
    await api('/dashboard/session', { method: 'DELETE' });
  } catch (e) {
    if (connection.down) return;
  }
  session = { key_required: true, authenticated: false };
  showLogin();
});

// The skip link moves focus without touching the location hash, which names the page.
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => {
  if (!session || (session.key_required && !session.authenticated)) return;
  route();
});

boot();
