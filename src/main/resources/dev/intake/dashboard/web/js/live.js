// Live updates over the server's event stream (/api/v1/events), and what the page knows about
// the connection: when the server goes away a banner says so, the stream keeps trying, and once
// it is back every listener is told to read the current state again (events sent meanwhile were
// missed).

const jobListeners = new Set();
const stateListeners = new Set();
let source = null;
let retryTimer = null;
let retryDelay = 1000;
let down = false;
let attempts = 0;

export const connection = {
  /** A request or the stream failed to reach the server. */
  lost() {
    if (down) return;
    down = true;
    attempts = 0;
    notify();
    ensureStream();
  },
  /** A request reached the server. */
  reached() {
    if (!down) return;
    // The stream decides when the page is live again: it reloads what was missed.
    ensureStream();
  },
  get down() {
    return down;
  },
  get attempts() {
    return attempts;
  },
};

/** Calls fn(progress) for every job event; returns the unsubscribe function. */
export function onJob(fn) {
  jobListeners.add(fn);
  return () => jobListeners.delete(fn);
}

/** Calls fn({down, recovered}) when the connection changes. */
export function onConnection(fn) {
  stateListeners.add(fn);
  return () => stateListeners.delete(fn);
}

export function startLive() {
  open();
}

export function stopLive() {
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
}

function open() {
  clearTimeout(retryTimer);
  retryTimer = null;
  if (source) source.close();
  const es = new EventSource('/api/v1/events');
  source = es;
  es.addEventListener('open', () => {
    retryDelay = 1000;
    if (down) {
      down = false;
      notify(true);
    }
  });
  es.addEventListener('job', (ev) => {
    let data;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return;
    }
    for (const fn of jobListeners) fn(data);
  });
  // The server dropped this stream because it fell behind: read the state again, then go on.
  es.addEventListener('reconnect', () => {
    es.close();
    notify(true);
    schedule(0);
  });
  es.addEventListener('error', () => {
    if (source !== es) return;
    attempts += 1;
    if (!down) {
      down = true;
      notify();
    } else {
      notify();
    }
    // The browser retries a dropped stream by itself; a refused one (an error status) is closed
    // for good, and retried here.
    if (es.readyState === EventSource.CLOSED) schedule(retryDelay);
  });
}

function ensureStream() {
  if (!source || source.readyState === EventSource.CLOSED) schedule(0);
}

function schedule(delay) {
  if (retryTimer) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    open();
  }, delay);
  retryDelay = Math.min(retryDelay * 2, 10000);
}

function notify(recovered = false) {
  for (const fn of stateListeners) fn({ down, recovered, attempts });
}
