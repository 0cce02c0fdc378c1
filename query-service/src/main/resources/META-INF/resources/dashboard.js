// quotepipe dashboard: the pipeline at a glance, the latest quotes, a price line and candles with volume of one
// coin, refreshed on its own. Plain JavaScript over the query API (same origin) and ECharts (served from the jar).
'use strict';

const params = new URLSearchParams(location.search);
// ?refresh=SECONDS changes how often the page reloads its data (default 30 s, at least 2 s).
const REFRESH_MS = Math.max(2, Number(params.get('refresh')) || 30) * 1000;
const DECIMAL_FIELDS = new Set(['priceUsd', 'volume24hUsd', 'marketCapUsd', 'change1hPct', 'change24hPct',
  'change7dPct', 'open', 'high', 'low', 'close']);
// The price chart's windows. Each names exactly the span its time axis covers, and reads at a step that keeps the
// chart light: every quote over an hour (a single poll is already a visible point), the last quote of every
// 5 minutes over a day, and the hourly candles' closes over a week (one cheap query, whatever the poll rate).
const WINDOWS = {
  '1h': { ms: 3600e3, title: 'Price, last hour (every quote)', path: 'history' },
  '24h': { ms: 24 * 3600e3, title: 'Price, last 24 hours (last quote of every 5 minutes)', path: 'history', step: '5m' },
  '7d': { ms: 7 * 24 * 3600e3, title: 'Price, last 7 days (hourly closes)', path: 'candles', interval: '1h' },
};
// Markers on every point while there are few of them, so that the first polls show before a line can be drawn.
const MARKERS_UP_TO = 90;

const state = {
  symbol: decodeURIComponent(location.hash.slice(1)) || null,
  sort: 'rank',
  order: null,
  shownOrder: 'asc',
  interval: '1h',
  window: params.get('window') in WINDOWS ? params.get('window') : '1h',
  refreshes: 0,
  timer: null,
};

const priceChart = echarts.init(document.getElementById('price-chart'));
const candleChart = echarts.init(document.getElementById('candle-chart'));
window.addEventListener('resize', () => { priceChart.resize(); candleChart.resize(); });

// Decimals arrive as exact JSON numbers; keep their text (JSON.parse source access, where the browser has it)
// so that a price such as 0.000000012345 is shown as it is stored, not as a rounded double.
function parseExact(text) {
  return JSON.parse(text, (key, value, context) =>
    DECIMAL_FIELDS.has(key) && typeof value === 'number' ? (context && context.source) || String(value) : value);
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = parseExact(await response.text());
  if (!response.ok) {
    throw new Error(`${path}: ${body.message || response.status}`);
  }
  return body;
}

function groupDigits(text) {
  const [whole, fraction] = text.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (fraction !== undefined ? '.' + fraction : '');
}

function plainDecimal(text) {
  if (!/[eE]/.test(text)) {
    return text;
  }
  // A number written in exponent form (a very small price): spell it out without losing digits.
  const [mantissa, exponentText] = text.toLowerCase().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const [whole, fraction = ''] = (negative ? mantissa.slice(1) : mantissa).split('.');
  let digits = whole + fraction;
  let point = whole.length + exponent;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  const out = digits.slice(0, point) + (point < digits.length ? '.' + digits.slice(point) : '');
  return (negative ? '-' : '') + out.replace(/^0+(?=\d)/, '');
}

function price(text) {
  return text === undefined ? '—' : groupDigits(plainDecimal(text));
}

function change(text) {
  if (text === undefined) {
    return { text: '—', css: '' };
  }
  // Signed and coloured as shown: a stablecoin's -0.0008 % is "0.00 %", not "-0.00 %" in red.
  const n = Number(Number(text).toFixed(2));
  return { text: `${n > 0 ? '+' : ''}${n === 0 ? '0.00' : n.toFixed(2)} %`, css: n > 0 ? 'up' : n < 0 ? 'down' : '' };
}

function compactUsd(text) {
  if (text === undefined) {
    return '—';
  }
  const n = Number(text);
  const units = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, unit] of units) {
    if (n >= size) {
      return `${(n / size).toFixed(2)} ${unit}`;
    }
  }
  return n.toFixed(2);
}

function cell(row, text, css) {
  const td = row.insertCell();
  td.textContent = text;
  if (css) {
    td.className = css;
  }
  return td;
}

function renderLatest(latest) {
  const body = document.querySelector('#latest tbody');
  body.replaceChildren();
  document.getElementById('latest-empty').hidden = latest.quotes.length > 0;
  for (const q of latest.quotes) {
    const row = body.insertRow();
    row.dataset.symbol = q.symbol;
    row.classList.toggle('selected', q.symbol === state.symbol);
    cell(row, q.rank === undefined ? '' : String(q.rank), 'num');
    const coin = cell(row, q.symbol, 'coin');
    if (q.name) {
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = q.name;
      coin.append(name);
      coin.title = `${q.symbol} · ${q.name}`;
    }
    cell(row, price(q.priceUsd), 'num price');
    const h1 = change(q.change1hPct);
    cell(row, h1.text, `num change1h ${h1.css}`);
    const h24 = change(q.change24hPct);
    cell(row, h24.text, `num change24h ${h24.css}`);
    const d7 = change(q.change7dPct);
    cell(row, d7.text, `num change7d col-7d ${d7.css}`);
    cell(row, compactUsd(q.marketCapUsd), 'num col-cap');
    cell(row, q.observedAt.slice(11, 19), 'num observed col-observed').title = q.observedAt;
    row.addEventListener('click', () => select(q.symbol));
  }
  state.shownOrder = latest.order;
  for (const th of document.querySelectorAll('#latest th[data-sort]')) {
    th.classList.toggle('sorted', th.dataset.sort === latest.sort);
    th.classList.toggle('asc', latest.order === 'asc');
  }
}

const GRID = { left: 72, right: 16, top: 12, bottom: 28 };
const LINE = '#2563eb';

function emptyNote(points, text) {
  return points > 0 ? [] : [{
    type: 'text', left: 'center', top: 'middle', silent: true,
    style: { text, fill: '#6b7280', font: '13px system-ui, sans-serif' },
  }];
}

/** points: [[time, price]], oldest first; from and to: the window, which the time axis covers exactly. */
function renderPrice(points, from, to) {
  priceChart.setOption({
    animation: false,
    grid: GRID,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time', min: from.getTime(), max: to.getTime() },
    yAxis: { type: 'value', scale: true },
    series: [{
      type: 'line', name: state.symbol, data: points, lineStyle: { width: 2, color: LINE }, itemStyle: { color: LINE },
      showSymbol: points.length <= MARKERS_UP_TO, symbol: 'circle', symbolSize: points.length === 1 ? 9 : 5,
    }],
    graphic: emptyNote(points.length, 'No quote of this coin in this window yet: the next poll draws the first point'),
  }, true);
  const dom = priceChart.getDom();
  dom.dataset.points = String(points.length);
  dom.dataset.from = from.toISOString();
  dom.dataset.to = to.toISOString();
}

function renderCandles(candles, volumes) {
  const label = c => candles.interval === '1d' ? c.start.slice(0, 10) : c.start.slice(5, 16).replace('T', ' ');
  const labels = candles.candles.map(label);
  const volumeAt = new Map(volumes.points.map(p => [p.start, Number(p.volume24hUsd)]));
  candleChart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'cross' } },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: GRID.left, right: GRID.right, top: 12, height: '58%' },
      { left: GRID.left, right: GRID.right, top: '76%', bottom: 28 },
    ],
    xAxis: [
      { type: 'category', data: labels, gridIndex: 0, axisLabel: { show: false } },
      { type: 'category', data: labels, gridIndex: 1 },
    ],
    yAxis: [
      { type: 'value', scale: true, gridIndex: 0 },
      { type: 'value', gridIndex: 1, splitNumber: 2, axisLabel: { formatter: v => compactUsd(String(v)) } },
    ],
    series: [{
      type: 'candlestick', name: `${candles.symbol} ${candles.interval}`,
      // ECharts wants [open, close, low, high]; rising candles green, falling red.
      data: candles.candles.map(c => [c.open, c.close, c.low, c.high].map(Number)),
      itemStyle: { color: '#16a34a', color0: '#dc2626', borderColor: '#15803d', borderColor0: '#b91c1c' },
    }, {
      type: 'bar', name: '24 h volume at close (USD)', xAxisIndex: 1, yAxisIndex: 1,
      data: candles.candles.map(c => volumeAt.has(c.start) ? volumeAt.get(c.start) : null),
      itemStyle: { color: '#94a3b8' },
    }],
    graphic: emptyNote(candles.candles.length, 'No candle yet'),
  }, true);
  candleChart.getDom().dataset.candles = String(candles.candles.length);
  candleChart.getDom().dataset.volumes = String(volumes.points.length);
}

/** The price points of the chosen window, and the window itself. */
async function priceSeries(coin) {
  const w = WINDOWS[state.window];
  const to = new Date();
  const from = new Date(to.getTime() - w.ms);
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  if (w.path === 'candles') {
    query.set('interval', w.interval);
    const candles = await api(`/api/coins/${coin}/candles?${query}`);
    return { from, to, points: candles.candles.map(c => [c.closeAt || c.start, Number(c.close)]) };
  }
  if (w.step) {
    query.set('step', w.step);
  }
  const history = await api(`/api/coins/${coin}/history?${query}`);
  return { from, to, points: history.quotes.map(q => [q.observedAt, Number(q.priceUsd)]) };
}

// ---- The pipeline panel ------------------------------------------------------------------------------------------

function ago(time, now) {
  const s = Math.max(0, Math.round((Date.parse(now) - Date.parse(time)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

function clock(time) {
  return `${time.slice(11, 19)} UTC`;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fileName(key) {
  return key.slice(key.lastIndexOf('/') + 1);
}

function stage(id, value, detail, options = {}) {
  const box = document.getElementById(id);
  box.querySelector('.value').textContent = value;
  box.querySelector('.detail').textContent = detail || '';
  box.classList.toggle('unavailable', Boolean(options.unavailable));
  box.classList.toggle('warn', Boolean(options.warn));
  box.title = options.title || '';
}

function notAvailable(id, reason) {
  stage(id, 'not available', 'not recorded yet (hover for why)', { unavailable: true, title: reason });
}

function renderPipeline(p) {
  const missing = new Map(p.notAvailable.map(n => [n.field, n.reason]));
  if (p.lastPoll) {
    const poll = p.lastPoll;
    const failovers = poll.failovers;
    const failed = poll.outcome === 'failed';
    stage('pipe-last-poll', `${clock(poll.fetchedAt)} · ${failed ? 'failed' : poll.source} · ${plural(poll.quotes, 'quote')}`,
      `${ago(poll.fetchedAt, p.checkedAt)} · ` + (failovers === undefined ? 'failovers not available'
        : failovers.length === 0 ? 'no failover' : `failed over from ${failovers.map(f => f.provider).join(', ')}`),
      { warn: failed || (failovers !== undefined && failovers.length > 0),
        title: `poll ${poll.pollId}\n` + (failovers === undefined ? `failovers: ${missing.get('lastPoll.failovers') || ''}`
          : failovers.map(f => `${f.provider}: ${f.reason}`).join('\n')) });
  } else {
    stage('pipe-last-poll', 'no poll loaded yet', 'the first poll appears seconds after it runs');
  }
  if (p.lastLoad) {
    const l = p.lastLoad;
    const objects = l.objects;
    const file = l.loadedObject ? fileName(l.loadedObject)
      : objects.length === 0 ? '' : fileName(objects[objects.length - 1]) + (objects.length > 1 ? ` +${objects.length - 1}` : '');
    stage('pipe-last-load', l.loadedAt ? `${clock(l.loadedAt)} · ${plural(l.lines, 'line')}` : `${plural(objects.length, 'object')} · ${plural(l.quotes, 'quote')}`,
      l.loadedAt ? `${ago(l.loadedAt, p.checkedAt)} · ${file}` : file,
      { title: (l.loadedObject ? `last loaded: ${l.loadedObject}\n` : '') + `latest quotes from: ${objects.join(', ')}`
        + (l.loadedAt ? '' : `\nloaded at: ${missing.get('lastLoad.loadedAt') || ''}`) });
  } else {
    stage('pipe-last-load', 'nothing loaded yet', '');
  }
  if (p.lastBatch) {
    const b = p.lastBatch;
    stage('pipe-last-batch', `${clock(b.writtenAt)} · ${(b.sizeBytes / 1024).toFixed(1)} KiB`,
      `${fileName(b.key)} · ${b.loaded ? 'loaded' : 'not loaded yet'}`, { title: b.key, warn: !b.loaded });
  } else {
    notAvailable('pipe-last-batch', missing.get('lastBatch') || '');
    document.querySelector('#pipe-last-batch .value').textContent = 'none found';
  }
  if (p.quarantine) {
    const q = p.quarantine;
    stage('pipe-quarantine', q.objects === 0 ? 'none' : `${plural(q.lines, 'line')}${q.truncated ? ' or more' : ''} in ${plural(q.objects, 'object')}`,
      q.latestKey ? `latest ${clock(q.latestAt)} · ${fileName(q.latestKey)}` : 'no line rejected by the loader',
      { warn: q.objects > 0, title: q.latestKey || '' });
  } else {
    notAvailable('pipe-quarantine', missing.get('quarantine') || '');
  }
  if (p.consumerLag) {
    const c = p.consumerLag;
    stage('pipe-consumer-lag', `${plural(c.total, 'record')}`,
      `${plural(c.partitions.length, 'partition')} · measured ${c.oldestMeasured ? ago(c.oldestMeasured, p.checkedAt) : '?'}`,
      { warn: c.total > 0, title: c.partitions.map(x => `${x.topic}-${x.partition}: ${x.lag} (${x.measuredAt})`).join('\n') });
  } else {
    notAvailable('pipe-consumer-lag', missing.get('consumerLag') || '');
  }
  if (p.deadLetters) {
    const d = p.deadLetters;
    stage('pipe-dead-letters', d.count === 0 ? 'none' : `${d.count}${d.truncated ? ' or more' : ''}`,
      d.latestKey ? `latest ${clock(d.latestAt)} · ${fileName(d.latestKey)}` : 'no record refused by the consumer',
      { warn: d.count > 0, title: d.latestReason || '' });
  } else {
    notAvailable('pipe-dead-letters', missing.get('deadLetters') || '');
  }
  if (p.alerts) {
    const a = p.alerts;
    stage('pipe-alerts', a.length === 0 ? 'none in 7 days' : `${clock(a[0].time)} · ${a[0].component}: ${a[0].kind}`,
      a.length === 0 ? '' : `${ago(a[0].time, p.checkedAt)}` + (a.length > 1 ? ` · ${a.length - 1} earlier shown on hover` : ''),
      { warn: a.length > 0, title: a.map(x => `${x.time} ${x.component}: ${x.kind}${x.folded ? ` (+${x.folded} folded)` : ''}\n  ${x.message}`).join('\n') });
  } else {
    notAvailable('pipe-alerts', missing.get('alerts') || '');
  }
  document.getElementById('pipeline').dataset.checkedAt = p.checkedAt;
}

async function refreshPipeline() {
  try {
    renderPipeline(await api('/api/pipeline'));
  } catch (error) {
    stage('pipe-last-poll', 'unavailable', String(error.message || error), { unavailable: true });
  }
}

// ---- Refresh ------------------------------------------------------------------------------------------------------

function showError(error) {
  const box = document.getElementById('error');
  box.hidden = !error;
  box.textContent = error ? String(error.message || error) : '';
}

async function refresh() {
  clearTimeout(state.timer);
  try {
    const query = new URLSearchParams({ sort: state.sort });
    if (state.order) {
      query.set('order', state.order);
    }
    const [latest] = await Promise.all([api(`/api/coins?${query}`), refreshPipeline()]);
    if (!state.symbol && latest.quotes.length > 0) {
      state.symbol = latest.quotes[0].symbol;
    }
    renderLatest(latest);
    if (state.symbol) {
      const coin = encodeURIComponent(state.symbol);
      const candleQuery = `interval=${state.interval}`;
      const [prices, candles, volumes] = await Promise.all([
        priceSeries(coin),
        api(`/api/coins/${coin}/candles?${candleQuery}`),
        api(`/api/coins/${coin}/volumes?${candleQuery}`),
      ]);
      const q = latest.quotes.find(x => x.symbol === state.symbol);
      document.getElementById('coin-title').textContent =
        q && q.name ? `${state.symbol} · ${q.name}` : state.symbol;
      document.getElementById('price-title').textContent = WINDOWS[state.window].title;
      document.getElementById('candle-title').textContent =
        `${state.interval === '1d' ? 'Daily' : 'Hourly'} candles and volume (24 h volume at each close)`;
      renderPrice(prices.points, prices.from, prices.to);
      renderCandles(candles, volumes);
    } else {
      renderPrice([], new Date(Date.now() - WINDOWS[state.window].ms), new Date());
    }
    showError(null);
    state.refreshes++;
    document.body.dataset.refreshes = String(state.refreshes);
    document.getElementById('status').textContent =
      `updated ${new Date().toISOString().slice(11, 19)} UTC · every ${REFRESH_MS / 1000} s`;
  } catch (error) {
    showError(error);
    document.getElementById('status').textContent = 'update failed; retrying';
  } finally {
    state.timer = setTimeout(refresh, REFRESH_MS);
  }
}

function select(symbol) {
  state.symbol = symbol;
  history.replaceState(null, '', `${location.search}#${encodeURIComponent(symbol)}`);
  refresh();
}

for (const th of document.querySelectorAll('#latest th[data-sort]')) {
  th.addEventListener('click', () => {
    const sort = th.dataset.sort;
    // The same column again turns the order round; a new column starts in its natural order.
    state.order = state.sort === sort ? (state.shownOrder === 'asc' ? 'desc' : 'asc') : null;
    state.sort = sort;
    refresh();
  });
}

function choice(selector, key, apply) {
  const buttons = document.querySelectorAll(selector);
  for (const button of buttons) {
    button.classList.toggle('active', button.dataset[key] === state[key === 'window' ? 'window' : 'interval']);
    button.addEventListener('click', () => {
      apply(button.dataset[key]);
      buttons.forEach(b => b.classList.toggle('active', b === button));
      refresh();
    });
  }
}

choice('.intervals button', 'interval', value => { state.interval = value; });
choice('.windows button', 'window', value => { state.window = value; });

refresh();
