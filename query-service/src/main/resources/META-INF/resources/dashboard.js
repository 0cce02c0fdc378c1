// quotepipe dashboard: the latest quotes, a price line and candles of one coin, refreshed on its own.
// Plain JavaScript over the query API (same origin) and ECharts (served from the service's jar).
'use strict';

const params = new URLSearchParams(location.search);
// ?refresh=SECONDS changes how often the page reloads its data (default 30 s, at least 2 s).
const REFRESH_MS = Math.max(2, Number(params.get('refresh')) || 30) * 1000;
const DECIMAL_FIELDS = new Set(['priceUsd', 'volume24hUsd', 'marketCapUsd', 'change1hPct', 'change24hPct',
  'change7dPct', 'open', 'high', 'low', 'close']);

const state = {
  symbol: decodeURIComponent(location.hash.slice(1)) || null,
  sort: 'rank',
  order: null,
  shownOrder: 'asc',
  interval: '1h',
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
  const n = Number(text);
  return { text: `${n > 0 ? '+' : ''}${n.toFixed(2)} %`, css: n > 0 ? 'up' : n < 0 ? 'down' : '' };
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
  for (const q of latest.quotes) {
    const row = body.insertRow();
    row.dataset.symbol = q.symbol;
    row.classList.toggle('selected', q.symbol === state.symbol);
    cell(row, q.rank === undefined ? '' : String(q.rank), 'num');
    const coin = cell(row, q.symbol);
    if (q.name) {
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = q.name;
      coin.append(name);
    }
    cell(row, price(q.priceUsd), 'num price');
    const h1 = change(q.change1hPct);
    cell(row, h1.text, `num change1h ${h1.css}`);
    const h24 = change(q.change24hPct);
    cell(row, h24.text, `num change24h ${h24.css}`);
    cell(row, compactUsd(q.marketCapUsd), 'num');
    cell(row, q.observedAt.slice(11, 19), 'num observed').title = q.observedAt;
    row.addEventListener('click', () => select(q.symbol));
  }
  state.shownOrder = latest.order;
  for (const th of document.querySelectorAll('#latest th[data-sort]')) {
    th.classList.toggle('sorted', th.dataset.sort === latest.sort);
    th.classList.toggle('asc', latest.order === 'asc');
  }
}

function renderPrice(series) {
  const points = series.quotes.map(q => [q.observedAt, Number(q.priceUsd)]);
  priceChart.setOption({
    animation: false,
    grid: { left: 80, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', scale: true },
    series: [{ type: 'line', name: series.symbol, showSymbol: false, data: points, lineStyle: { width: 2 } }],
  }, true);
  priceChart.getDom().dataset.points = String(points.length);
}

function renderCandles(candles) {
  const label = c => candles.interval === '1d' ? c.start.slice(0, 10) : c.start.slice(5, 16).replace('T', ' ');
  candleChart.setOption({
    animation: false,
    grid: { left: 80, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: candles.candles.map(label) },
    yAxis: { type: 'value', scale: true },
    series: [{
      type: 'candlestick', name: `${candles.symbol} ${candles.interval}`,
      // ECharts wants [open, close, low, high]; rising candles green, falling red.
      data: candles.candles.map(c => [c.open, c.close, c.low, c.high].map(Number)),
      itemStyle: { color: '#16a34a', color0: '#dc2626', borderColor: '#15803d', borderColor0: '#b91c1c' },
    }],
  }, true);
  candleChart.getDom().dataset.candles = String(candles.candles.length);
}

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
    const latest = await api(`/api/coins?${query}`);
    if (!state.symbol && latest.quotes.length > 0) {
      state.symbol = latest.quotes[0].symbol;
    }
    renderLatest(latest);
    if (state.symbol) {
      const coin = encodeURIComponent(state.symbol);
      const [prices, candles] = await Promise.all([
        api(`/api/coins/${coin}/history?step=5m`),
        api(`/api/coins/${coin}/candles?interval=${state.interval}`),
      ]);
      const q = latest.quotes.find(x => x.symbol === state.symbol);
      document.getElementById('coin-title').textContent =
        q && q.name ? `${state.symbol} · ${q.name}` : state.symbol;
      renderPrice(prices);
      renderCandles(candles);
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
  history.replaceState(null, '', `#${encodeURIComponent(symbol)}`);
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

for (const button of document.querySelectorAll('.intervals button')) {
  button.addEventListener('click', () => {
    state.interval = button.dataset.interval;
    document.querySelectorAll('.intervals button')
      .forEach(b => b.classList.toggle('active', b === button));
    refresh();
  });
}

refresh();
