// Kairos dashboard: the token comes from the URL fragment (#token=...), which browsers never send to a server; it is
// kept in sessionStorage and removed from the address bar. Data arrives over the WebSocket streams
// /stream/decisions, /stream/fills and /stream/metrics (token as the first message).
(function () {
  'use strict';
  var fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  var token = fragment.get('token') || sessionStorage.getItem('kairos.token');
  if (fragment.get('token')) {
    sessionStorage.setItem('kairos.token', token);
    history.replaceState(null, '', location.pathname + location.search);
  }
  var $ = function (id) { return document.getElementById(id); };
  var MAX_ROWS = 50, MAX_POINTS = 2000;
  var state = { symbol: null, prices: {}, markers: {}, decisions: 0, open: {} };
  var chart = window.echarts ? echarts.init($('chart'), 'dark', { renderer: 'canvas' }) : null;

  function showError(text) { var e = $('error'); e.hidden = false; e.textContent = text; }
  if (!token) { showError('No token: open this page as /#token=<KAIROS_API_TOKEN>.'); }
  if (!chart) { showError('The chart library did not load (/webjars/echarts).'); }

  function fmt(x, digits) { return x == null || isNaN(x) ? '—' : Number(x).toFixed(digits == null ? 2 : digits); }
  function signed(el, x, text) { el.textContent = text; el.className = 'big ' + (x > 0 ? 'pos' : x < 0 ? 'neg' : ''); }
  function cell(tr, text, cls) { var td = document.createElement('td'); td.textContent = text == null ? '' : text; if (cls) td.className = cls; tr.appendChild(td); return td; }
  function time(ts) { return ts ? String(ts).replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : ''; }
  function prepend(tbody, tr) { tr.className = 'fresh'; tbody.insertBefore(tr, tbody.firstChild); while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(-1); }

  function setSymbols(symbols) {
    if (!symbols || !symbols.length) return;
    if (!state.symbol) { state.symbol = symbols[0]; $('chart-symbol').textContent = state.symbol; }
    var box = $('symbols');
    if (box.dataset.list === symbols.join(',')) return;
    box.dataset.list = symbols.join(','); box.textContent = '';
    symbols.forEach(function (s) {
      var span = document.createElement('span'); span.textContent = s; span.className = 'symbol'; span.style.cursor = 'pointer';
      span.onclick = function () { state.symbol = s; $('chart-symbol').textContent = s; draw(); };
      box.appendChild(span);
    });
  }

  function draw() {
    if (!chart || !state.symbol) return;
    var line = state.prices[state.symbol] || [], marks = state.markers[state.symbol] || [];
    chart.setOption({
      backgroundColor: 'transparent', animation: false, grid: { left: 60, right: 20, top: 20, bottom: 30 },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true },
      series: [
        { name: 'price', type: 'line', showSymbol: false, data: line, lineStyle: { width: 1.5 } },
        { name: 'decisions', type: 'scatter', data: marks, symbolSize: 12,
          tooltip: { formatter: function (p) { return p.data.label; } },
          itemStyle: { color: function (p) { return p.data.color; } } }
      ]
    }, { replaceMerge: ['series'] });
  }

  function addPrice(symbol, t, price) {
    if (price == null || isNaN(price)) return;
    var a = state.prices[symbol] || (state.prices[symbol] = []);
    if (a.length && a[a.length - 1][0] >= t) return;
    a.push([t, price]); if (a.length > MAX_POINTS) a.shift();
  }

  function onMetrics(m) {
    setSymbols(m.symbols);
    $('mode').textContent = m.mode || '—';
    var p = $('paused'); p.textContent = m.paused ? 'paused' : 'trading'; p.className = 'badge ' + (m.paused ? 'off' : 'on');
    $('equity').textContent = fmt(m.equity);
    signed($('pnl'), m.pnl, fmt(m.pnl));
    signed($('drawdown'), -(m.drawdown || 0), fmt((m.drawdown || 0) * 100) + ' %');
    $('open-positions').textContent = m.positions ? m.positions.length : '—';
    $('risk-paused').textContent = m.paused ? 'yes' + (m.pause_reason ? ' — ' + m.pause_reason : '') : 'no';
    $('risk-venue').textContent = m.venue_up ? 'up' : 'DOWN';
    $('risk-reconciled').textContent = m.reconciled ? 'yes' : 'not yet';
    $('risk-source').textContent = m.data_source || '—';
    $('risk-peak').textContent = fmt(m.peak_equity);
    var lat = m.decision_latency_ms || {};
    $('risk-latency').textContent = fmt(lat.p50, 2) + ' / ' + fmt(lat.p99, 2) + ' ms';
    $('risk-rules').textContent = (m.ruleset_hash || '—').slice(0, 12) + ' · model ' + (m.model_version || '—');
    var tbody = $('positions').tBodies[0]; tbody.textContent = '';
    (m.positions || []).forEach(function (x) {
      var tr = document.createElement('tr');
      cell(tr, x.symbol); cell(tr, x.side); cell(tr, x.size); cell(tr, fmt(x.entry_price, 4)); cell(tr, fmt(x.stop_price, 4));
      cell(tr, fmt(x.unrealized_pnl), x.unrealized_pnl >= 0 ? 'pos' : 'neg'); cell(tr, x.strategy);
      tbody.appendChild(tr);
    });
    var t = m.market_time ? Date.parse(m.market_time) : Date.now();
    Object.keys(m.prices || {}).forEach(function (s) { addPrice(s, t, m.prices[s]); });
    draw();
  }

  function onDecision(d, backlog) {
    state.decisions++;
    $('decision-count').textContent = state.decisions + ' received';
    var v = d.verdict || {}, status = v.status || 'none';
    var tr = document.createElement('tr');
    tr.dataset.decisionId = d.id; tr.dataset.verdict = status; tr.dataset.live = backlog ? 'false' : 'true';
    cell(tr, time(d.ts)); cell(tr, d.symbol); cell(tr, d.trigger);
    cell(tr, status + (v.reason ? ' — ' + v.reason : ''), 'verdict-' + status);
    var pr = d.proposal;
    cell(tr, pr ? pr.side + ' ' + (pr.strategy || '') + ' @' + fmt(pr.entry_price, 4) + ' stop ' + fmt(pr.stop_price, 4) : '');
    cell(tr, (d.rules_fired || []).join(' → '));
    cell(tr, (d.vetoes || []).map(function (x) { return x.tier + ':' + x.rule + (x.reason ? ' (' + x.reason + ')' : ''); }).join('; '));
    prepend($('decisions').tBodies[0], tr);
    var t = Date.parse(d.ts), series = state.prices[d.symbol] || [];
    var price = pr && pr.entry_price ? pr.entry_price : series.length ? series[series.length - 1][1] : null;
    if (price != null && !isNaN(t)) {
      var color = status === 'accepted' ? '#26a69a' : status === 'vetoed' || status === 'rejected' ? '#ef5350' : '#8a96a3';
      var marks = state.markers[d.symbol] || (state.markers[d.symbol] = []);
      marks.push({ value: [t, price], color: color, symbol: status === 'accepted' ? 'triangle' : status === 'vetoed' || status === 'rejected' ? 'pin' : 'circle',
        label: d.symbol + ' ' + time(d.ts) + '<br>' + d.trigger + ': ' + status + (pr ? '<br>' + pr.side + ' ' + (pr.strategy || '') : '') });
      if (marks.length > MAX_POINTS) marks.shift();
      draw();
    }
  }

  function onFill(f) {
    var tr = document.createElement('tr'); tr.dataset.execId = f.exec_id;
    cell(tr, time(f.ts)); cell(tr, f.symbol); cell(tr, f.side); cell(tr, f.qty); cell(tr, f.price); cell(tr, fmt(f.fee, 4)); cell(tr, f.purpose);
    prepend($('fills').tBodies[0], tr);
    addPrice(f.symbol, Date.parse(f.ts), Number(f.price));
  }

  var handlers = { decision: onDecision, fill: onFill, metrics: onMetrics };
  function updateConn() {
    var names = Object.keys(state.open), up = names.filter(function (n) { return state.open[n]; });
    var c = $('conn'); c.textContent = up.length === 3 ? 'live' : up.length + '/3 streams'; c.className = 'badge ' + (up.length === 3 ? 'on' : 'off');
    document.body.dataset.streams = up.join(',');
  }
  function connect(name) {
    if (!token) return;
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/stream/' + name);
    ws.onopen = function () { ws.send(JSON.stringify({ token: token })); state.open[name] = true; updateConn(); };
    ws.onmessage = function (e) {
      var m; try { m = JSON.parse(e.data); } catch (x) { return; }
      var h = handlers[m.type]; if (h) h(m.data, m.backlog);
    };
    ws.onclose = function (e) {
      state.open[name] = false; updateConn();
      if (e.code === 4401) { showError('The token was refused: ' + e.reason); return; }
      setTimeout(function () { connect(name); }, 2000);
    };
  }
  ['metrics', 'decisions', 'fills'].forEach(function (n) { state.open[n] = false; connect(n); });
  updateConn();
  window.addEventListener('resize', function () { if (chart) chart.resize(); });
})();
