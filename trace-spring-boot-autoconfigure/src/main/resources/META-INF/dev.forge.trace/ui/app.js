// The trace-spans page: reads the endpoint's views (never its drain) and draws them.
(function () {
  'use strict';

  const REFRESH_MS = 2000;
  const ROW = 20;
  const state = {
    trace: null, spans: [], instants: [], threads: new Map(), active: [], stats: [],
    view: null, userView: false, paused: false, selected: null, sort: { key: 'count', descending: true },
    lastRenderMs: 0, downloads: 0, lastDownloadBytes: 0, timer: null, loads: 0,
    inFlight: null, again: false, refreshing: 0, maxRefreshing: 0, lastRefreshMs: 0,
    traces: [], examples: null, traceSort: { key: 'started_at', descending: true }, selectedTrace: null, waterfall: null,
    showTimeline: location.hash === '#timeline', refreshBytes: 0, lastRefreshBytes: 0, parseMs: 0, lastScriptMs: 0
  };
  // The timeline opens on the latest activity (at least half a second), where spans are wide enough to read.
  const LATEST_US = 500000;
  const TRACES_SHOWN = 200;
  // Times are shown in the browser's zone, and say which.
  const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  const clock = (epochMillis) => {
    const date = new Date(epochMillis);
    const two = (n) => String(n).padStart(2, '0');
    return two(date.getHours()) + ':' + two(date.getMinutes()) + ':' + two(date.getSeconds()) + '.' +
      String(date.getMilliseconds()).padStart(3, '0');
  };
  window.__traceView = state;

  const $ = (id) => document.getElementById(id);

  // Bidirectional controls reorder what follows them ("abc\u202Egnp.exe" reads "abcexe.png"):
  // shown as their code points instead.
  const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
  const visible = (value) => String(value).replace(BIDI,
    (c) => '<U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + '>');
  state.visible = visible;

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = visible(content);
    if (className) {
      element.className = className;
    }
    return element;
  }

  async function getJson(path) {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch (failure) {
      throw new Error(path + ': ' + failure.message);
    }
    if (!response.ok) {
      throw new Error(path + ' answered ' + response.status + ' ' + response.statusText);
    }
    const body = await response.text();
    state.refreshBytes += body.length;
    const began = performance.now();
    const parsed = JSON.parse(body);
    state.parseMs += performance.now() - began;
    return parsed;
  }

  // One refresh at a time: a click while one runs asks for one more after it, never a second in flight.
  async function refresh() {
    if (state.inFlight) {
      state.again = true;
      return state.inFlight;
    }
    state.inFlight = load();
    try {
      await state.inFlight;
    } finally {
      state.inFlight = null;
    }
    if (state.again) {
      state.again = false;
      return refresh();
    }
  }

  async function load() {
    const started = performance.now();
    state.refreshing++;
    state.maxRefreshing = Math.max(state.maxRefreshing, state.refreshing);
    state.refreshBytes = 0;
    state.parseMs = 0;
    try {
      const query = tracesQuery();
      // The recent window is the large read: only the timeline needs it.
      const [trace, active, stats, traces] = await Promise.all([
        state.showTimeline ? getJson('recent?format=chrome-trace') : Promise.resolve(null), getJson('active'),
        getJson('stats'), getJson(query)]);
      const answered = performance.now();
      state.lastRefreshBytes = state.refreshBytes;
      offerTraces(traces, query);
      if (trace) {
        state.trace = trace;
        readTrace(trace);
      }
      state.active = active.spans || [];
      state.stats = stats.names || [];
      state.orphans = stats.orphans || [];
      state.profiling = !!(stats.profiler && stats.profiler.running);
      state.counters = stats.counters || {};
      state.loads++;
      state.loadedAt = Date.now();
      $('error').hidden = true;
      render();
      // The script work of a refresh: parsing the answers and drawing them, network waits aside.
      state.lastScriptMs = state.parseMs + (performance.now() - answered);
    } catch (failure) {
      showError('Could not read the trace-spans endpoint: ' + failure.message);
    } finally {
      state.refreshing--;
      state.lastRefreshMs = performance.now() - started;
    }
  }

  /**
   * The requests as the filters and the order ask, from every trace held (the server
   * filters and sorts before its limit, so a kept or slow request older than the newest
   * page is still found).
   */
  function tracesQuery() {
    const { key, descending } = state.traceSort;
    // The server's natural order is newest, largest or A first; the other way is ",reversed".
    const natural = key === 'name' ? !descending : descending;
    const query = new URLSearchParams({ limit: String(TRACES_SHOWN), sort: key + (natural ? '' : ',reversed') });
    if ($('traces-kept').checked) {
      query.set('kept', 'true');
    }
    if ($('traces-errors').checked) {
      query.set('errors', 'true');
    }
    const name = $('filter-name').value.trim();
    if (name) {
      query.set('match', name);
    }
    const minMs = parseFloat($('filter-duration').value);
    if (minMs > 0) {
      query.set('min_ms', String(minMs));
    }
    return 'traces?' + query.toString();
  }

  function showError(message) {
    const error = $('error');
    error.textContent = message;
    error.hidden = false;
    $('status').textContent = 'Last refresh failed at ' + clock(Date.now()) + ' (' + ZONE + ')';
  }

  /** Spans from the Chrome trace: complete events and async begin/end pairs; instants apart. */
  function readTrace(trace) {
    const spans = [];
    const instants = [];
    const begins = new Map();
    const threads = new Map();
    for (const event of trace.traceEvents || []) {
      if (event.ph === 'M') {
        if (event.name === 'thread_name') {
          threads.set(event.tid, event.args.name);
        }
      } else if (event.ph === 'X') {
        spans.push(span(event, event.ts, event.dur, false));
      } else if (event.ph === 'i') {
        instants.push(span(event, event.ts, 0, false));
      } else if (event.ph === 'b') {
        begins.set(event.id, event);
      } else if (event.ph === 'e' && begins.has(event.id)) {
        const begin = begins.get(event.id);
        spans.push(span(begin, begin.ts, event.ts - begin.ts, true));
      }
    }
    state.spans = spans;
    state.instants = instants;
    state.threads = threads;
    if (state.selected && !state.selected.inWaterfall && !spans.concat(instants).some((s) => s.id === state.selected.id)) {
      state.selected = null;
    }
  }

  function span(event, ts, dur, async) {
    const args = event.args || {};
    return {
      id: args.id, parentId: args.parent_id, traceId: args.trace_id, spanId: args.span_id, name: event.name, ts: ts,
      dur: dur, tid: event.tid, async: async,
      attributes: args.attributes, result: args.result,
      error: !!(args.result && typeof args.result === 'object' && 'error' in args.result)
    };
  }

  function filtered(list) {
    const name = $('filter-name').value.trim().toLowerCase();
    const minUs = (parseFloat($('filter-duration').value) || 0) * 1000;
    return list.filter((s) => (!name || s.name.toLowerCase().includes(name)) && s.dur >= minUs);
  }

  function dataRange(spans) {
    if (spans.length === 0) {
      return null;
    }
    let start = Infinity;
    let end = -Infinity;
    for (const s of spans) {
      start = Math.min(start, s.ts);
      end = Math.max(end, s.ts + s.dur);
    }
    const pad = Math.max((end - start) * 0.02, 1);
    return { start: start - pad, end: end + pad };
  }

  /**
   * The latest activity: the half second before the last span ended, widened to hold that
   * span whole, padded by a little of its own width. (Padding by the whole window's width
   * pushed the spans out of view once the window held more than about 25 seconds.)
   */
  function latestRange(spans) {
    if (spans.length === 0) {
      return null;
    }
    let start = Infinity;
    let last = spans[0];
    for (const s of spans) {
      start = Math.min(start, s.ts);
      if (s.ts + s.dur > last.ts + last.dur) {
        last = s;
      }
    }
    const end = last.ts + last.dur;
    const from = Math.max(start, Math.min(end - LATEST_US, last.ts));
    const pad = Math.max((end - from) * 0.02, 1);
    return { start: from - pad, end: end + pad };
  }

  function showView(timeline) {
    state.showTimeline = timeline;
    document.body.classList.toggle('requests', !timeline);
    $('timeline-section').hidden = !timeline;
    $('traces-section').hidden = timeline;
    $('tab-timeline').setAttribute('aria-selected', String(timeline));
    $('tab-requests').setAttribute('aria-selected', String(!timeline));
    if (timeline && !state.trace) {
      refresh();
    } else {
      render();
    }
  }

  // What focus or a link scrolls into view lands below the sticky header, not under it.
  function clearTheHeader() {
    const header = document.querySelector('header');
    const sticky = getComputedStyle(header).position === 'sticky';
    document.documentElement.style.scrollPaddingTop = sticky ? (header.offsetHeight + 8) + 'px' : '0';
  }

  function render() {
    const began = performance.now();
    const spans = filtered(state.spans);
    const instants = filtered(state.instants);
    if (!state.view || !state.userView) {
      // Follow the latest data until the user zooms, pans or fits; "Latest" follows it again.
      state.view = latestRange(spans.concat(instants));
    }
    renderTraces();
    renderTimeline(spans, instants);
    renderDetails();
    renderActive();
    renderStats();
    renderOrphans();
    state.lastRenderMs = performance.now() - began;
    document.body.dataset.renderMs = state.lastRenderMs.toFixed(1);
    const counters = state.counters || {};
    $('status').textContent = (state.showTimeline ? state.spans.length + ' recent spans, ' + spans.length + ' shown, '
      : state.traces.length + ' requests, ') +
      state.active.length + ' active, ' + (counters.evicted || 0) + ' evicted, ' + (counters.dropped || 0) +
      ' dropped; drawn in ' +
      state.lastRenderMs.toFixed(1) + ' ms; refreshed ' + clock(state.loadedAt || Date.now()) + ' (' + ZONE + ')' +
      (state.paused ? ', paused' : '');
    clearTheHeader();
  }

  /**
   * A thread's name as a lane shows it: long names keep their start and their end, where
   * pool threads differ ("http-nio-8080-exec-1" and "-exec-12"), cut in the middle.
   */
  const measure = document.createElement('canvas').getContext('2d');
  function laneName(name) {
    // The label's width less its padding and border (app.css: 160px, 90px when narrow), in its font.
    const room = (window.innerWidth <= 800 ? 90 : 160) - 17;
    measure.font = '12px ' + getComputedStyle(document.body).fontFamily;
    if (measure.measureText(name).width <= room) {
      return name;
    }
    for (let keep = name.length - 1; keep > 4; keep--) {
      const head = Math.min(6, Math.floor(keep / 3));
      const cut = name.substring(0, head) + '\u2026' + name.substring(name.length - (keep - head));
      if (measure.measureText(cut).width <= room) {
        return cut;
      }
    }
    return '\u2026' + name.substring(name.length - 4);
  }

  /** Depth of each span in its lane: nested spans below their parents, overlapping ones below all. */
  function layOut(spans) {
    spans.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open = [];
    let maxDepth = 0;
    for (const s of spans) {
      while (open.length && open[open.length - 1].ts + open[open.length - 1].dur <= s.ts) {
        open.pop();
      }
      const top = open[open.length - 1];
      if (!top || s.ts + s.dur <= top.ts + top.dur) {
        s.depth = open.length;
        open.push(s);
      } else {
        s.depth = open.length + 1;
      }
      maxDepth = Math.max(maxDepth, s.depth);
    }
    return maxDepth;
  }

  function renderTimeline(spans, instants) {
    const timeline = $('timeline');
    timeline.replaceChildren();
    renderAxis();
    const view = state.view;
    if (!view || (spans.length === 0 && instants.length === 0)) {
      timeline.append(text('p', state.spans.length ? 'No span matches the filter.' :
        'No spans yet: they appear here as the application finishes them.', 'empty'));
      return;
    }
    const width = view.end - view.start;
    const lanes = new Map();
    const laneOf = (tid) => {
      if (!lanes.has(tid)) {
        lanes.set(tid, { spans: [], instants: [] });
      }
      return lanes.get(tid);
    };
    spans.forEach((s) => laneOf(s.tid).spans.push(s));
    instants.forEach((s) => laneOf(s.tid).instants.push(s));
    const fragment = document.createDocumentFragment();
    for (const [tid, lane] of [...lanes.entries()].sort((a, b) => a[0] - b[0])) {
      const maxDepth = layOut(lane.spans);
      const row = document.createElement('div');
      row.className = 'lane';
      const name = state.threads.get(tid) || ('thread ' + tid);
      const label = text('div', laneName(visible(name)), 'lane-label');
      label.title = visible(name);
      label.title = visible(name);
      const track = document.createElement('div');
      track.className = 'track';
      track.style.height = ((maxDepth + 1) * ROW + 4) + 'px';
      for (const s of lane.spans) {
        if (s.ts + s.dur < view.start || s.ts > view.end) {
          continue;
        }
        const left = Math.max(0, (s.ts - view.start) / width * 100);
        const right = Math.min(100, (s.ts + s.dur - view.start) / width * 100);
        const bar = text('div', s.name, 'span' + (s.async ? ' async' : '') + (s.error ? ' error' : '') +
          (state.selected && state.selected.id === s.id ? ' selected' : ''));
        bar.style.left = left + '%';
        bar.style.width = Math.max(right - left, 0) + '%';
        bar.style.top = (2 + s.depth * ROW) + 'px';
        bar.style.background = color(s.name);
        bar.dataset.id = s.id;
        bar.dataset.name = s.name;
        bar.dataset.depth = s.depth;
        bar.tabIndex = 0;
        bar.setAttribute('role', 'button');
        bar.setAttribute('aria-label', visible(s.name) + ', ' + ms(s.dur) + ' ms');
        bar.__span = s;
        track.append(bar);
      }
      for (const s of lane.instants) {
        if (s.ts < view.start || s.ts > view.end) {
          continue;
        }
        const mark = document.createElement('div');
        mark.className = 'instant';
        mark.style.left = ((s.ts - view.start) / width * 100) + '%';
        mark.dataset.id = s.id;
        mark.dataset.name = s.name;
        mark.__span = s;
        track.append(mark);
      }
      row.append(label, track);
      fragment.append(row);
    }
    timeline.append(fragment);
  }

  function renderAxis() {
    const axis = $('axis');
    axis.replaceChildren();
    const view = state.view;
    if (!view) {
      return;
    }
    for (let i = 0; i <= 4; i++) {
      const at = view.start + (view.end - view.start) * i / 4;
      const tick = text('span', clock(at / 1000));
      tick.style.left = (i * 25) + '%';
      // The first and last labels stay inside the axis.
      tick.style.transform = (i === 0) ? 'none' : (i === 4) ? 'translateX(-100%)' : 'translateX(-50%)';
      axis.append(tick);
    }
  }

  function renderDetails() {
    const details = $('details');
    const s = state.selected;
    if (!s) {
      details.replaceChildren(text('p', 'Select a span in a waterfall or the timeline.', 'empty'));
      return;
    }
    const list = document.createElement('dl');
    const add = (term, value) => list.append(text('dt', term), value instanceof Node ? value : text('dd', value));
    add('Name', s.name);
    add('Id', s.id);
    add('Parent', s.parentId || '(none)');
    if (s.traceId) {
      add('Trace id', s.traceId);
      add('Span id', s.spanId);
    }
    add('Thread', s.thread || state.threads.get(s.tid) || String(s.tid));
    add('Start', new Date(s.ts / 1000).toLocaleDateString() + ' ' + clock(s.ts / 1000) + ' (' + ZONE + ')');
    add('Duration', s.dur > 0 ? ms(s.dur) + ' ms' : 'instant');
    const json = (value) => {
      const dd = document.createElement('dd');
      dd.append(text('pre', value === undefined ? '(none)' : JSON.stringify(value, null, 2)));
      return dd;
    };
    add('Attributes', json(s.attributes));
    add('Result', json(s.result));
    details.replaceChildren(list);
  }

  function renderActive() {
    const body = $('active').tBodies[0];
    body.replaceChildren();
    const rows = [...state.active].sort((a, b) => b.age_ms - a.age_ms);
    if (rows.length === 0) {
      const row = body.insertRow();
      row.append(text('td', 'No span is active.', 'empty'));
      row.cells[0].colSpan = 3;
      return;
    }
    for (const s of rows) {
      const row = body.insertRow();
      row.append(text('td', s.name), text('td', s.age_ms.toFixed(1), 'num'), text('td', String(s.id)));
    }
  }

  // Shown only when there is something to fix: each row names the work and its threads, and opens its latest trace.
  function renderOrphans() {
    const orphans = state.orphans || [];
    $('orphans-section').hidden = orphans.length === 0;
    const body = $('orphans').tBodies[0];
    body.replaceChildren();
    for (const o of orphans) {
      const row = body.insertRow();
      const last = document.createElement('td');
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'link';
      open.textContent = clock(o.last_started_at) + ' on ' + visible(o.last_thread);
      open.title = 'Show this trace';
      open.addEventListener('click', () => selectTrace(String(o.last_root_id)));
      last.append(open);
      row.append(text('td', o.name), text('td', o.threads), text('td', String(o.count), 'num'), last);
    }
  }

  function renderStats() {
    const body = $('stats').tBodies[0];
    body.replaceChildren();
    const { key, descending } = state.sort;
    const rows = [...state.stats].sort((a, b) => {
      const order = typeof a[key] === 'string' ? a[key].localeCompare(b[key]) : a[key] - b[key];
      return descending ? -order : order;
    });
    for (const s of rows) {
      const row = body.insertRow();
      row.append(text('td', s.name), text('td', String(s.count), 'num'), text('td', String(s.errors), 'num'),
        text('td', s.p50_ms.toFixed(3), 'num'), text('td', (s.p90_ms || 0).toFixed(3), 'num'),
        text('td', s.p99_ms.toFixed(3), 'num'), text('td', s.max_ms.toFixed(3), 'num'), histogram(s));
    }
    for (const button of document.querySelectorAll('#stats th button')) {
      if (button.dataset.sort === key) {
        button.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        button.dataset.arrow = descending ? '\u25BC' : '\u25B2';
      } else {
        button.removeAttribute('aria-sort');
      }
    }
  }

  /** A name's latency histogram: a bar per log-scale bucket, each a button for example requests. */
  function histogram(s) {
    const cell = document.createElement('td');
    const bars = document.createElement('div');
    bars.className = 'histogram';
    const buckets = s.histogram || [];
    const most = Math.max(1, ...buckets.map((b) => b.count));
    for (const b of buckets) {
      const bar = document.createElement('button');
      bar.type = 'button';
      const range = b.from_ms + '\u2013' + (b.to_ms === null || b.to_ms === undefined ? '\u221E' : b.to_ms) + ' ms';
      bar.setAttribute('aria-label', visible(s.name) + ': ' + b.count + ' spans, ' + range);
      bar.title = b.count + ' spans, ' + range;
      bar.style.height = Math.max(2, Math.round(24 * Math.log1p(b.count) / Math.log1p(most))) + 'px';
      bar.dataset.from = String(b.from_ms);
      bar.dataset.to = b.to_ms === null || b.to_ms === undefined ? '' : String(b.to_ms);
      bar.dataset.bucketOf = s.name; // not data-name: that names the timeline's spans
      bar.classList.add('bucket');
      bars.append(bar);
    }
    cell.append(bars);
    return cell;
  }

  async function showExamples(name, from, to) {
    try {
      const query = 'traces?limit=50&name=' + encodeURIComponent(name) + '&from=' + encodeURIComponent(from) +
        (to ? '&to=' + encodeURIComponent(to) : '');
      state.examples = { name: name, from: from, to: to, traces: await getJson(query) };
      $('error').hidden = true;
    } catch (failure) {
      showError('Could not read the trace-spans endpoint: ' + failure.message);
      return;
    }
    showView(false);
    const first = document.querySelector('#traces button.trace');
    if (first) {
      first.focus();
    }
  }

  /**
   * The requests: local traces as the server filtered and sorted them (or a histogram
   * bar's examples, filtered here); a row's name selects its waterfall. Redrawn only when
   * something shown changed, and never under the pointer or the focus: rows that moved
   * there would have a person open another request than the one they aimed at.
   */
  function renderTraces() {
    const body = $('traces').tBodies[0];
    const name = $('filter-name').value.trim().toLowerCase();
    const minMs = parseFloat($('filter-duration').value) || 0;
    const errorsOnly = $('traces-errors').checked;
    const keptOnly = $('traces-kept').checked;
    const { key, descending } = state.traceSort;
    const examples = state.examples;
    $('examples').hidden = !examples;
    if (examples) {
      $('examples-text').textContent = visible('Example requests with a ' + examples.name + ' span of ' +
        examples.from + '\u2013' + (examples.to || '\u221E') + ' ms, failed and slowest first:');
    }
    const rows = examples ? examples.traces.filter((t) => (!name || t.name.toLowerCase().includes(name)) &&
      t.duration_ms >= minMs && (!errorsOnly || t.errors > 0) && (!keptOnly || t.kept)) : state.traces;
    const drawn = JSON.stringify([rows.map((t) => [t.id, t.duration_ms, t.spans, t.errors, t.kept]),
      state.selectedTrace, key, descending, !!examples]);
    if (drawn === state.tracesDrawn) {
      return;
    }
    state.tracesDrawn = drawn;
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.traceId : undefined;
    body.replaceChildren();
    if (rows.length === 0) {
      const filtering = name || minMs > 0 || errorsOnly || keptOnly;
      const row = body.insertRow();
      row.append(text('td', examples ? 'No request with such a span is held any more.'
        : filtering ? 'No request matches the filters.' : 'No request yet.', 'empty'));
      row.cells[0].colSpan = 6;
    }
    for (const t of rows) {
      const row = body.insertRow();
      row.dataset.traceRow = String(t.id);
      row.classList.toggle('error', t.errors > 0);
      row.classList.toggle('selected', String(t.id) === String(state.selectedTrace));
      const cell = document.createElement('td');
      const button = text('button', t.name, 'trace');
      button.type = 'button';
      button.dataset.traceId = String(t.id);
      button.setAttribute('aria-label', visible(t.name) + ', ' + t.duration_ms.toFixed(3) + ' ms' +
        (t.errors > 0 ? ', ' + t.errors + ' errors' : '') + (t.kept ? ', kept' : ''));
      cell.append(button);
      row.append(cell, text('td', clock(t.started_at)),
        text('td', t.duration_ms.toFixed(3), 'num'), text('td', String(t.spans), 'num'),
        text('td', String(t.errors), 'num'), text('td', t.thread || ''));
      if (focused === String(t.id)) {
        button.focus();
      }
    }
    for (const button of document.querySelectorAll('#traces th button')) {
      if (button.dataset.sort === key) {
        button.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        button.dataset.arrow = descending ? '\u25BC' : '\u25B2';
      } else {
        button.removeAttribute('aria-sort');
      }
    }
  }

  /** Whether a person is at the requests list: the pointer over it, or the focus in it. */
  function listHeld() {
    const table = $('traces');
    return table.matches(':hover') || table.contains(document.activeElement);
  }

  /** New requests from a refresh: shown at once, or, while the list is held, counted. */
  function offerTraces(traces, query) {
    // What a person just asked for (another filter or order) is shown at once, held or not.
    const asked = query !== state.tracesQuery;
    state.tracesQuery = query;
    if (!asked && listHeld() && state.traces.length > 0) {
      const shown = new Set(state.traces.map((t) => t.id));
      const fresh = traces.filter((t) => !shown.has(t.id)).length;
      state.pendingTraces = traces;
      $('traces-new').hidden = fresh === 0;
      $('traces-new').textContent = fresh + ' new';
      return;
    }
    state.traces = traces;
    state.pendingTraces = null;
    $('traces-new').hidden = true;
  }

  function releaseTraces() {
    if (state.pendingTraces && !listHeld()) {
      offerTraces(state.pendingTraces, state.tracesQuery);
      renderTraces();
    }
  }

  function showPendingTraces() {
    if (state.pendingTraces) {
      state.traces = state.pendingTraces;
      state.pendingTraces = null;
      $('traces-new').hidden = true;
      renderTraces();
    }
  }

  // Typing asks once it pauses, not on every key.
  function refilterSoon() {
    clearTimeout(state.refilterTimer);
    state.refilterTimer = setTimeout(refilter, 250);
  }

  /** Filters and order are applied by the server: ask it again, now. */
  function refilter() {
    state.pendingTraces = null;
    $('traces-new').hidden = true;
    refresh();
  }

  async function selectTrace(id) {
    state.selectedTrace = id;
    if (state.selected && state.selected.inWaterfall) {
      // A span of the trace shown before: the panel follows the waterfall.
      state.selected = null;
      renderDetails();
    }
    renderTraces();
    try {
      const trace = await getJson('traces/' + encodeURIComponent(id) + '?format=chrome-trace');
      const threads = new Map();
      const spans = [];
      for (const event of trace.traceEvents || []) {
        if (event.ph === 'M' && event.name === 'thread_name') {
          threads.set(event.tid, event.args.name);
        } else if (event.ph === 'X' || event.ph === 'i') {
          spans.push(span(event, event.ts, event.ph === 'X' ? event.dur : 0, false));
        } else if (event.ph === 'b') {
          spans.push(Object.assign(span(event, event.ts, 0, true), { begin: true }));
        } else if (event.ph === 'e') {
          const begin = spans.find((s) => s.begin && s.id === (event.args || {}).id) ||
            spans.find((s) => s.begin && !s.ended);
          if (begin) {
            begin.dur = event.ts - begin.ts;
            begin.ended = true;
          }
        }
      }
      for (const s of spans) {
        s.thread = threads.get(s.tid);
        s.inWaterfall = true;
      }
      // Only kept traces have profiles, and only while profiles are on: nothing is asked for in vain.
      const summary = state.traces.concat(state.examples ? state.examples.traces : [])
        .find((t) => String(t.id) === String(id));
      const profile = state.profiling && summary && summary.kept ? await profileOf(id) : null;
      state.waterfall = { id: id, trace: trace, spans: spans, profile: profile };
      $('error').hidden = true;
    } catch (failure) {
      state.waterfall = { id: id, missing: failure.message };
    }
    renderWaterfall();
  }

  // A kept trace's profile (trace.profile.enabled); null when there is none (404), never an error.
  async function profileOf(id) {
    try {
      const response = await fetch('traces/' + encodeURIComponent(id) + '/profile',
        { headers: { Accept: 'application/json' }, cache: 'no-store' });
      return response.ok ? await response.json() : null;
    } catch (failure) {
      return null;
    }
  }

  // Children with one name under one parent, this many times or more, are one row: the N+1 pattern.
  const REPEATED = 5;

  /** The part of a span's time no child covers. */
  function selfTime(s, kids) {
    const end = s.ts + s.dur;
    const parts = kids.filter((c) => c.dur > 0)
      .map((c) => [Math.max(c.ts, s.ts), Math.min(c.ts + c.dur, end)])
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    let covered = 0;
    let reach = s.ts;
    for (const [a, b] of parts) {
      if (b > reach) {
        covered += b - Math.max(a, reach);
        reach = b;
      }
    }
    return Math.max(s.dur - covered, 0);
  }

  /** One trace as rows: each span under its parent, a bar on the trace's own time axis. */
  function renderWaterfall() {
    const box = $('waterfall');
    const w = state.waterfall;
    if (!w) {
      box.replaceChildren(text('p', 'Select a request to see its spans.', 'empty'));
      return;
    }
    if (w.missing) {
      box.replaceChildren(text('p', 'That request is no longer held (' + w.missing + ').', 'empty'));
      return;
    }
    const byId = new Map(w.spans.map((s) => [s.id, s]));
    const children = new Map();
    const tops = [];
    for (const s of w.spans) {
      if (s.parentId !== undefined && s.parentId !== 0 && byId.has(s.parentId) && s.parentId !== s.id) {
        if (!children.has(s.parentId)) {
          children.set(s.parentId, []);
        }
        children.get(s.parentId).push(s);
      } else {
        tops.push(s);
      }
    }
    const ordered = [];
    const visit = (s, depth) => {
      const kids = (children.get(s.id) || []).sort((a, b) => a.ts - b.ts || a.id - b.id);
      ordered.push({ s: s, depth: depth, self: s.dur > 0 ? selfTime(s, kids) : null });
      const byName = new Map();
      for (const child of kids) {
        byName.set(child.name, (byName.get(child.name) || 0) + 1);
      }
      const folded = new Set();
      for (const child of kids) {
        if (byName.get(child.name) >= REPEATED) {
          if (!folded.has(child.name)) {
            folded.add(child.name);
            const members = kids.filter((k) => k.name === child.name);
            ordered.push({ s: child, depth: depth + 1, members: members });
          }
        } else {
          visit(child, depth + 1);
        }
      }
    };
    tops.sort((a, b) => a.ts - b.ts || a.id - b.id).forEach((s) => visit(s, 0));
    let start = Infinity;
    let end = -Infinity;
    for (const s of w.spans) {
      start = Math.min(start, s.ts);
      end = Math.max(end, s.ts + s.dur);
    }
    const width = Math.max(end - start, 1);
    const head = document.createElement('div');
    head.className = 'waterfall-head';
    const root = ordered.length > 0 ? ordered[0].s : null;
    head.append(text('strong', root ? root.name : ''),
      text('span', ms(width) + ' ms, ' + w.spans.length + ' spans' + (root && root.traceId ? ', trace ' + root.traceId : ''),
        'hint'));
    const download = text('button', 'Download this trace (Chrome trace)');
    download.type = 'button';
    download.id = 'waterfall-download';
    download.addEventListener('click', () => save(w.trace, 'trace-' + w.id));
    head.append(download);
    const rows = document.createElement('div');
    rows.className = 'rows';
    rows.setAttribute('role', 'list');
    const waits = new Map();
    const rootTs = root ? root.ts : start;
    for (const wait of (w.profile && w.profile.waits) || []) {
      if (!waits.has(wait.span_id)) {
        waits.set(wait.span_id, []);
      }
      waits.get(wait.span_id).push(wait);
    }
    for (const { s, depth, self, members } of ordered) {
      if (members) {
        rows.append(repeatedRow(members, depth, start, width));
        continue;
      }
      const row = document.createElement('div');
      row.className = 'wf-row' + (s.error ? ' error' : '') +
        (state.selected && state.selected.inWaterfall && state.selected.id === s.id ? ' selected' : '');
      row.tabIndex = 0;
      row.setAttribute('role', 'listitem');
      row.dataset.span = s.name;
      row.dataset.depth = String(depth);
      row.__span = s;
      row.setAttribute('aria-label', visible(s.name) + ', ' + (s.dur > 0 ? ms(s.dur) + ' ms' : 'instant') +
        (s.error ? ', failed' : ''));
      const label = text('div', s.name, 'wf-label');
      label.style.paddingLeft = (8 + 14 * depth) + 'px';
      label.__span = s;
      const track = document.createElement('div');
      track.className = 'wf-track';
      track.__span = s;
      const left = (s.ts - start) / width * 100;
      if (s.dur > 0 || s.async) {
        const bar = document.createElement('div');
        bar.className = 'wf-bar' + (s.error ? ' error' : '');
        bar.style.left = left + '%';
        bar.style.width = Math.max(s.dur / width * 100, 0.2) + '%';
        bar.style.background = color(s.name);
        bar.__span = s;
        track.append(bar);
      } else {
        const tick = document.createElement('div');
        tick.className = 'wf-tick';
        tick.style.left = left + '%';
        tick.title = 'instant';
        tick.__span = s;
        track.append(tick);
      }
      for (const wait of waits.get(s.spanId) || []) {
        // Where the span waited: a mark on its bar, from the trace's profile.
        const mark = document.createElement('div');
        mark.className = 'wf-wait';
        mark.dataset.kind = wait.kind;
        mark.style.left = ((rootTs + wait.offset_ms * 1000 - start) / width * 100) + '%';
        mark.style.width = Math.max(wait.duration_ms * 1000 / width * 100, 0.3) + '%';
        mark.title = wait.kind + ' ' + wait.duration_ms.toFixed(1) + ' ms';
        mark.__span = s;
        track.append(mark);
      }
      const took = document.createElement('div');
      took.className = 'wf-ms';
      took.append(text('span', s.dur > 0 ? ms(s.dur) : ''));
      if (self !== null && self < s.dur) {
        took.append(text('span', 'self ' + ms(self), 'wf-self'));
      }
      if (self !== null) {
        row.dataset.selfMs = (self / 1000).toFixed(3);
      }
      took.__span = s;
      row.append(label, took, track);
      rows.append(row);
    }
    box.replaceChildren(head, rows);
    if (w.profile) {
      box.append(profilePanel(w.profile, byIdSpan(w.spans)));
    }
  }

  const byIdSpan = (spans) => new Map(spans.filter((s) => s.spanId).map((s) => [s.spanId, s]));

  /** Repeated calls as one row: how many, their total time, and the stretch they covered. */
  function repeatedRow(members, depth, start, width) {
    const first = members[0];
    const total = members.reduce((sum, m) => sum + m.dur, 0);
    const from = Math.min(...members.map((m) => m.ts));
    const to = Math.max(...members.map((m) => m.ts + m.dur));
    const row = document.createElement('div');
    row.className = 'wf-row repeated' + (members.some((m) => m.error) ? ' error' : '');
    row.tabIndex = 0;
    row.setAttribute('role', 'listitem');
    row.dataset.span = first.name;
    row.dataset.depth = String(depth);
    row.dataset.count = String(members.length);
    row.__span = first;
    row.setAttribute('aria-label', visible(first.name) + ' called ' + members.length + ' times, ' + ms(total) +
      ' ms in all: repeated work');
    const label = document.createElement('div');
    label.className = 'wf-label';
    label.style.paddingLeft = (8 + 14 * depth) + 'px';
    label.append(text('span', first.name + ' \u00d7 ' + members.length), text('span', ' repeated', 'wf-flag'));
    label.title = 'Called ' + members.length + ' times under one parent: often one query per item (N+1)';
    label.__span = first;
    const track = document.createElement('div');
    track.className = 'wf-track';
    for (const m of members) {
      const bar = document.createElement('div');
      bar.className = 'wf-bar';
      bar.style.left = ((m.ts - start) / width * 100) + '%';
      bar.style.width = Math.max(m.dur / width * 100, 0.2) + '%';
      bar.style.background = color(m.name);
      bar.__span = m;
      track.append(bar);
    }
    track.title = 'from ' + ms(from - start) + ' to ' + ms(to - start) + ' ms';
    const took = text('div', ms(total), 'wf-ms');
    row.append(label, took, track);
    return row;
  }

  /** The trace's profile: a flame graph of its CPU samples and its waits, longest first. */
  function profilePanel(profile, spansById) {
    const panel = document.createElement('section');
    panel.id = 'profile';
    panel.setAttribute('aria-label', 'Profile');
    const samples = (profile.cpu || []).reduce((sum, c) => sum + c.samples, 0);
    panel.append(text('h3', 'Profile'), text('p', samples + ' CPU samples every ' + profile.period_ms + ' ms, ' +
      (profile.waits || []).length + ' waits' + (profile.dropped ? ', ' + profile.dropped + ' not kept' : ''), 'hint'));
    // The recorder keeps the innermost 64 frames of a stack: all of them are drawn, in a box that scrolls.
    const box = document.createElement('div');
    box.className = 'flame-box';
    const flame = document.createElement('div');
    flame.className = 'flame';
    box.append(flame);
    flame.setAttribute('role', 'img');
    flame.setAttribute('aria-label', 'Flame graph of the CPU samples');
    const rootNode = { name: 'all', samples: 0, children: new Map() };
    for (const c of profile.cpu || []) {
      rootNode.samples += c.samples;
      let node = rootNode;
      for (const frame of c.stack) {
        if (!node.children.has(frame)) {
          node.children.set(frame, { name: frame, samples: 0, children: new Map() });
        }
        node = node.children.get(frame);
        node.samples += c.samples;
      }
    }
    const draw = (node, depth, left) => {
      let x = left;
      for (const child of [...node.children.values()].sort((a, b) => b.samples - a.samples)) {
        const share = rootNode.samples > 0 ? child.samples / rootNode.samples * 100 : 0;
        if (share >= 0.5) {
          const cell = document.createElement('div');
          cell.className = 'flame-frame';
          cell.style.left = x + '%';
          cell.style.width = share + '%';
          cell.style.top = (depth * 16) + 'px';
          cell.style.background = color(child.name);
          cell.textContent = visible(child.name.substring(child.name.lastIndexOf('.', child.name.lastIndexOf('.') - 1) + 1));
          cell.title = visible(child.name) + ' (' + child.samples + ' samples)';
          cell.dataset.frame = child.name;
          flame.append(cell);
          draw(child, depth + 1, x);
        }
        x += share;
      }
      return depth;
    };
    const depthOf = (node) => node.children.size === 0 ? 0 : 1 + Math.max(...[...node.children.values()].map(depthOf));
    flame.style.height = (depthOf(rootNode) * 16 + 4) + 'px';
    draw(rootNode, 0, 0);
    const table = document.createElement('table');
    table.id = 'profile-waits';
    const headRow = table.createTHead().insertRow();
    for (const title of ['Wait', 'ms', 'In span', 'Where']) {
      headRow.append(text('th', title));
    }
    const body = table.createTBody();
    for (const wait of profile.waits || []) {
      const row = body.insertRow();
      const span = spansById.get(wait.span_id);
      const top = wait.stack.filter((f) => !f.startsWith('java.') && !f.startsWith('jdk.') && !f.startsWith('sun.'));
      row.append(text('td', wait.kind), text('td', wait.duration_ms.toFixed(1), 'num'),
        text('td', span ? span.name : wait.span_id),
        text('td', (top.length > 0 ? top.slice(-2) : wait.stack.slice(-2)).join(' \u2192 ')));
    }
    if (samples > 0) {
      panel.append(box);
    }
    panel.append(table);
    return panel;
  }

  function selectInWaterfall(target) {
    const s = target && target.__span;
    if (s) {
      state.selected = s;
      renderWaterfall();
      renderDetails();
      const row = document.querySelector('#waterfall .wf-row.selected');
      if (row) {
        row.focus();
      }
    }
  }

  function ms(micros) {
    return (micros / 1000).toFixed(3);
  }

  function color(name) {
    let hash = 0;
    for (let i = 0; i < name.length; i++) {
      hash = (hash * 31 + name.charCodeAt(i)) | 0;
    }
    return 'hsl(' + (Math.abs(hash) % 360) + ', 55%, 45%)';
  }

  function zoom(factor, centerFraction) {
    const view = state.view;
    if (!view) {
      return;
    }
    const width = view.end - view.start;
    const center = view.start + width * (centerFraction === undefined ? 0.5 : centerFraction);
    const newWidth = Math.max(width * factor, 1);
    state.view = { start: center - (center - view.start) * newWidth / width,
      end: center + (view.end - center) * newWidth / width };
    state.userView = true;
    render();
  }

  function pan(fraction) {
    const view = state.view;
    if (!view) {
      return;
    }
    const shift = (view.end - view.start) * fraction;
    state.view = { start: view.start + shift, end: view.end + shift };
    state.userView = true;
    render();
  }

  function select(target) {
    const s = target && target.__span;
    if (s) {
      state.selected = s;
      render();
    }
  }

  // A tooltip shows the start of long values; the details panel has them whole.
  const TOOLTIP_VALUE = 300;
  const clip = (value) => {
    const json = JSON.stringify(value);
    return json.length > TOOLTIP_VALUE ? json.substring(0, TOOLTIP_VALUE) + '\u2026' : json;
  };

  function showTooltip(event) {
    const s = event.target.__span;
    const tooltip = $('tooltip');
    if (!s) {
      tooltip.hidden = true;
      return;
    }
    tooltip.textContent = visible(s.name + '\n' + (s.dur > 0 ? ms(s.dur) + ' ms' : 'instant') + ' at ' +
      clock(s.ts / 1000) + ' (' + ZONE + ')' +
      (s.attributes ? '\nattributes ' + clip(s.attributes) : '') +
      (s.result ? '\nresult ' + clip(s.result) : ''));
    tooltip.style.left = Math.max(0, Math.min(event.clientX + 12, window.innerWidth - 440)) + 'px';
    tooltip.style.top = Math.min(event.clientY + 12, Math.max(0, window.innerHeight - tooltip.offsetHeight - 8)) + 'px';
    tooltip.hidden = false;
  }

  async function download() {
    try {
      // What the timeline shows, or the recent window as it is now.
      const trace = state.showTimeline && state.trace ? state.trace : await getJson('recent?format=chrome-trace');
      save(trace, 'trace-spans-' + new Date().toISOString().replace(/[:.]/g, '-'));
    } catch (failure) {
      showError('Could not read the trace-spans endpoint: ' + failure.message);
    }
  }

  function save(trace, name) {
    const json = JSON.stringify(trace);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    link.download = name + '.json';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    state.downloads++;
    state.lastDownloadBytes = json.length;
  }

  // The next refresh starts a while after the last one ended, longer when refreshing is slow
  // (a large window of large values), so the page never spends all its time refreshing.
  function schedule() {
    clearTimeout(state.timer);
    if (!state.paused) {
      state.timer = setTimeout(async () => {
        await refresh();
        schedule();
      }, Math.max(REFRESH_MS, 4 * state.lastRefreshMs));
    }
  }

  function wire() {
    $('filter-name').addEventListener('input', () => { state.userView = false; render(); refilterSoon(); });
    $('traces-errors').addEventListener('change', refilter);
    $('examples-clear').addEventListener('click', () => { state.examples = null; renderTraces(); });
    $('stats').tBodies[0].addEventListener('click', (event) => {
      const bar = event.target.closest('button.bucket');
      if (bar) {
        showExamples(bar.dataset.bucketOf, bar.dataset.from, bar.dataset.to);
      }
    });
    $('traces-kept').addEventListener('change', refilter);
    $('traces-new').addEventListener('click', showPendingTraces);
    $('traces').addEventListener('mouseleave', () => setTimeout(releaseTraces, 0));
    $('traces').addEventListener('focusout', () => setTimeout(releaseTraces, 0));
    $('traces-start').textContent = 'Start (' + ZONE + ')';
    $('axis').title = 'Times in ' + ZONE;
    $('traces').tBodies[0].addEventListener('click', (event) => {
      const button = event.target.closest('button.trace');
      if (button) {
        selectTrace(button.dataset.traceId);
      }
    });
    for (const button of document.querySelectorAll('#traces th button')) {
      button.addEventListener('click', () => {
        const key = button.dataset.sort;
        state.traceSort = { key: key, descending: state.traceSort.key === key ? !state.traceSort.descending : key !== 'name' };
        refilter();
      });
    }
    const waterfall = $('waterfall');
    waterfall.addEventListener('click', (event) => selectInWaterfall(event.target));
    waterfall.addEventListener('keydown', (event) => {
      if (event.target.classList.contains('wf-row') && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        selectInWaterfall(event.target);
      }
    });
    $('filter-duration').addEventListener('input', () => { state.userView = false; render(); refilterSoon(); });
    $('pause').addEventListener('click', (event) => {
      state.paused = !state.paused;
      event.target.setAttribute('aria-pressed', String(state.paused));
      event.target.textContent = state.paused ? 'Resume' : 'Pause';
      schedule();
      render();
    });
    $('refresh').addEventListener('click', refresh);
    $('zoom-in').addEventListener('click', () => zoom(0.5));
    $('zoom-out').addEventListener('click', () => zoom(2));
    $('pan-left').addEventListener('click', () => pan(-0.25));
    $('pan-right').addEventListener('click', () => pan(0.25));
    $('zoom-reset').addEventListener('click', () => {
      state.view = dataRange(filtered(state.spans).concat(filtered(state.instants)));
      state.userView = true;
      render();
    });
    $('zoom-latest').addEventListener('click', () => { state.userView = false; render(); });
    $('tab-requests').addEventListener('click', () => showView(false));
    $('tab-timeline').addEventListener('click', () => showView(true));
    $('download').addEventListener('click', download);
    for (const button of document.querySelectorAll('#stats th button')) {
      button.addEventListener('click', () => {
        const key = button.dataset.sort;
        state.sort = { key: key, descending: state.sort.key === key ? !state.sort.descending : key !== 'name' };
        renderStats();
      });
    }
    const timeline = $('timeline');
    timeline.addEventListener('click', (event) => select(event.target));
    timeline.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select(event.target);
      }
    });
    timeline.addEventListener('mousemove', showTooltip);
    timeline.addEventListener('mouseleave', () => { $('tooltip').hidden = true; });
    timeline.addEventListener('wheel', (event) => {
      const track = timeline.querySelector('.track');
      if (!track) {
        return;
      }
      event.preventDefault();
      const box = track.getBoundingClientRect();
      zoom(event.deltaY < 0 ? 0.8 : 1.25, Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1));
    }, { passive: false });
    let drag = null;
    timeline.addEventListener('mousedown', (event) => {
      const track = timeline.querySelector('.track');
      if (track && state.view) {
        drag = { x: event.clientX, view: state.view, width: track.getBoundingClientRect().width };
      }
    });
    window.addEventListener('mousemove', (event) => {
      if (!drag || Math.abs(event.clientX - drag.x) < 3) {
        return;
      }
      timeline.classList.add('dragging');
      const shift = (drag.x - event.clientX) / drag.width * (drag.view.end - drag.view.start);
      state.view = { start: drag.view.start + shift, end: drag.view.end + shift };
      state.userView = true;
      render();
    });
    window.addEventListener('mouseup', () => { drag = null; timeline.classList.remove('dragging'); });
  }

  wire();
  showView(state.showTimeline);
  if (!state.inFlight) {
    refresh();
  }
  schedule();
})();
