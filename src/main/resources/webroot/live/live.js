// The live page: one event stream from the bridge (/events), a few JSON POSTs for the buttons (/api/*).
// No framework and no build step: this file is served from the jar as it is.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  // What a test (or a curious user in the console) can read: every state shown (and when), how late each
  // event reached the page after the bridge took it off its bus (ms), when "Stop speaking" was last clicked and
  // when the bridge then said speech was cut (its clock: the same machine's, or near it).
  const live = window.voiceBridge = { states: [], latencies: [], events: 0, muted: false, locked: false };

  const token = takeToken();
  let currentRun = null;
  let talkHeld = false;

  /** The token from #token=… (then dropped from the address bar) or from this tab's storage. */
  function takeToken() {
    const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (m) {
      const t = decodeURIComponent(m[1]);
      try { sessionStorage.setItem('voice-bridge-token', t); } catch (e) { /* private mode: keep it in memory */ }
      history.replaceState(null, '', location.pathname);
      return t;
    }
    try { return sessionStorage.getItem('voice-bridge-token'); } catch (e) { return null; }
  }

  function headers() {
    const h = { 'content-type': 'application/json' };
    if (token) h.authorization = 'Bearer ' + token;
    return h;
  }

  async function api(method, path, body) {
    const res = await fetch(path, { method, headers: headers(), body: body === undefined ? undefined : JSON.stringify(body) });
    let data = {};
    try { data = await res.json(); } catch (e) { /* empty body */ }
    if (res.status === 401) lock();
    if (!res.ok) throw new Error(data.error || ('HTTP ' + res.status));
    return data;
  }

  function notice(text) {
    $('notice').textContent = text || '';
  }

  function lock() {
    live.locked = true;
    setState('locked');
    notice('This page needs the bridge\'s token (401): open it as http://HOST:PORT/#token=TOKEN');
  }

  function setState(state, muted) {
    const el = $('state');
    el.textContent = { waiting: 'waiting for the wake word', locked: 'locked' }[state] || state;
    el.className = 'state state-' + state;
    el.dataset.state = state;
    live.states.push({ state, at: Date.now() });
    if (live.states.length > 200) live.states.shift();
    if (muted !== undefined) setMuted(muted);
  }

  function setMuted(muted) {
    live.muted = muted;
    $('mute').setAttribute('aria-pressed', String(muted));
    $('mute').textContent = muted ? 'Unmute microphone' : 'Mute microphone';
  }

  function setLink(link) {
    const el = $('link');
    const state = link.state || 'unknown';
    el.textContent = 'gateway: ' + state + (link.serverVersion ? ' (OpenClaw ' + link.serverVersion + ')' : '')
      + (state === 'disconnected' && link.reason ? ' — ' + link.reason : '');
    el.className = 'link ' + (state === 'connected' ? 'up' : state === 'disconnected' ? 'down' : '');
  }

  function heard(text, partial) {
    const el = $('heard');
    el.textContent = text;
    el.className = 'heard' + (partial ? ' partial' : '');
  }

  function sentence(runId, text) {
    const el = $('reply');
    if (runId !== currentRun) {
      currentRun = runId;
      el.textContent = '';
    }
    const span = document.createElement('span');
    span.className = 'spoken';
    span.textContent = (el.childNodes.length ? ' ' : '') + text;
    el.appendChild(span);
  }

  function tool(ev) {
    if (ev.runId !== currentRun && ev.phase !== 'start') return;
    const tag = document.createElement('span');
    tag.className = 'tool';
    tag.textContent = (ev.name || 'tool') + (ev.phase === 'result' ? (ev.isError ? ' failed' : ' done') : '…');
    $('reply').appendChild(tag);
  }

  function level(ev) {
    const pct = Math.max(0, Math.min(100, (ev.rmsDb + 60) / 60 * 100));
    $('level').style.width = pct.toFixed(0) + '%';
  }

  async function loadTurns() {
    try {
      const data = await api('GET', '/api/turns?limit=12');
      const list = $('turns');
      list.textContent = '';
      for (const t of data.turns) {
        const li = document.createElement('li');
        li.className = t.role;
        const meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = (t.role === 'user' ? 'you' : 'OpenClaw') + ' · ' + new Date(t.at).toLocaleTimeString()
          + (t.delivery && t.delivery !== 'answered' && t.role === 'user' ? ' · ' + t.delivery : '');
        li.appendChild(meta);
        li.appendChild(document.createTextNode(t.text));
        for (const call of (t.tools || [])) {
          const tag = document.createElement('span');
          tag.className = 'tool';
          tag.textContent = call.name;
          li.appendChild(tag);
        }
        list.appendChild(li);
      }
    } catch (e) {
      if (!live.locked) notice('Could not read the conversation: ' + e.message);
    }
  }

  const handlers = {
    state: (ev) => setState(ev.state, ev.muted),
    link: setLink,
    level,
    'speech-start': () => heard('…', true),
    partial: (ev) => heard(ev.text || '…', true),
    transcript: (ev) => heard(ev.text || '(nothing heard)', false),
    ignored: (ev) => notice('Not sent: ' + ev.message),
    say: (ev) => sentence(ev.runId, ev.text),
    'tts-interrupted': (ev) => notice('Stopped speaking (' + ev.reason + ')'),
    'tts-error': (ev) => notice('Could not speak a sentence: ' + ev.message),
    tool,
    held: (ev) => notice(ev.reason === 'unreachable'
      ? 'OpenClaw is not reachable: the question is kept and sent when it is back' : 'Not sent: ' + ev.message),
    answered: () => loadTurns(),
    run: () => loadTurns(), // the question is stored by the time its run starts
    timing: (ev) => { if (ev.firstAudioMs != null) notice('First sound ' + ev.firstAudioMs + ' ms after you stopped speaking'); },
  };

  function connect() {
    const url = '/events' + (token ? '?token=' + encodeURIComponent(token) : '');
    const source = new EventSource(url);
    for (const [name, handle] of Object.entries(handlers)) {
      source.addEventListener(name, (msg) => {
        const ev = JSON.parse(msg.data);
        if (name === 'speech-start' || name === 'run') notice('');
        handle(ev);
        live.events++;
        if (name === 'tts-interrupted') live.interrupted = { t: ev.t, shownAt: Date.now(), reason: ev.reason };
        if (typeof ev.t === 'number' && !ev.replayed) {
          live.latencies.push(Date.now() - ev.t);
          if (live.latencies.length > 1000) live.latencies.shift();
        }
      });
    }
    source.onerror = () => {
      if (!live.locked) setLink({ state: 'page disconnected from the bridge' });
    };
  }

  $('stop').addEventListener('click', () => {
    live.stopClickedAt = Date.now();
    api('POST', '/api/stop', {}).catch((e) => notice(e.message));
  });
  $('mute').addEventListener('click', () => api('POST', '/api/mute', { muted: !live.muted })
    .then((s) => setMuted(s.muted)).catch((e) => notice(e.message)));
  const talk = $('talk');
  const press = (e) => {
    e.preventDefault();
    if (talkHeld) return;
    talkHeld = true;
    talk.classList.add('held');
    api('POST', '/api/talk', { action: 'start' }).catch((err) => notice(err.message));
  };
  const release = () => {
    if (!talkHeld) return;
    talkHeld = false;
    talk.classList.remove('held');
    api('POST', '/api/talk', { action: 'release' }).catch((err) => notice(err.message));
  };
  talk.addEventListener('pointerdown', press);
  talk.addEventListener('pointerup', release);
  talk.addEventListener('pointerleave', release);
  $('say').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    api('POST', '/api/say', { text })
      .then(() => { $('text').value = ''; notice(''); })
      .catch((err) => notice('Not sent: ' + err.message));
  });
  for (const id of ['metrics-link', 'health-link']) {
    // these need the token too: fetched and shown as text rather than followed as links
    $(id).addEventListener('click', async (e) => {
      e.preventDefault();
      const res = await fetch($(id).getAttribute('href'), { headers: headers() });
      const w = window.open('', '_blank');
      if (w) { w.document.body.textContent = ''; const pre = w.document.createElement('pre'); pre.textContent = await res.text(); w.document.body.appendChild(pre); }
    });
  }

  // a new token pasted into the address bar (only the #fragment changes, so the browser does not reload)
  window.addEventListener('hashchange', () => { if (/token=/.test(location.hash)) location.reload(); });

  // the conversation first: a wrong token shows at once, and no stream is opened without one
  loadTurns().then(() => { if (!live.locked) connect(); });
})();
