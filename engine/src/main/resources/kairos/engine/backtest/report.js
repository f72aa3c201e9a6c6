/* Kairos backtest report: draws the charts from the JSON block #kairos-data; the tables are static HTML.
   When everything is drawn, <body data-report="drawn">; a failure sets data-report="error: ..." (the report test
   reads it in headless Chromium). */
(function () {
  'use strict';
  window.addEventListener('error', function (e) {
    document.body.setAttribute('data-report', 'error: ' + e.message);
  });
  var data = JSON.parse(document.getElementById('kairos-data').textContent);
  var LONG = '#1a7f37', SHORT = '#cf222e', LINE = '#0969da', GREY = '#8c959f';
  var charts = [];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function iso(ms) { return new Date(ms).toISOString().replace(':00.000Z', 'Z').replace('T', ' '); }
  function num(x, digits) {
    if (x === null || x === undefined) { return 'n/a'; }
    return Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function price(x) { return x === null || x === undefined ? 'n/a' : num(x, x >= 100 ? 2 : x >= 1 ? 4 : 6); }
  function pairs(t, v, scale) {
    var out = new Array(t.length);
    for (var i = 0; i < t.length; i++) { out[i] = [t[i], v[i] === null ? null : v[i] * scale]; }
    return out;
  }
  function base(el, yName) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    charts.push(chart);
    return {
      chart: chart,
      option: {
        useUTC: true,
        animation: false,
        grid: { left: 72, right: 24, top: 32, bottom: 56 },
        xAxis: { type: 'time', axisLabel: { hideOverlap: true, formatter: {
          year: '{yyyy}', month: '{MMM} {yyyy}', day: '{MMM} {d}', hour: '{HH}:{mm}', minute: '{HH}:{mm}' } } },
        yAxis: { type: 'value', scale: true, name: yName },
        dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
        series: []
      }
    };
  }

  var eq = base(document.getElementById('equity-chart'), 'equity (USDT)');
  eq.option.legend = { top: 0 };
  eq.option.tooltip = { trigger: 'axis', valueFormatter: function (v) { return num(v, 2); } };
  eq.option.series.push({ type: 'line', name: 'equity', showSymbol: false, color: LINE,
    lineStyle: { width: 1.4 }, data: pairs(data.equity.t, data.equity.v, 1) });
  if (data.buy_and_hold.t.length) {
    eq.option.series.push({ type: 'line', name: 'buy and hold ' + data.buy_and_hold.symbol, showSymbol: false,
      color: GREY, lineStyle: { width: 1, type: 'dashed' }, data: pairs(data.buy_and_hold.t, data.buy_and_hold.v, 1) });
  }
  eq.chart.setOption(eq.option);

  var dd = base(document.getElementById('drawdown-chart'), 'drawdown %');
  dd.option.yAxis.scale = false;
  dd.option.tooltip = { trigger: 'axis', valueFormatter: function (v) { return num(v, 2) + '%'; } };
  dd.option.series.push({ type: 'line', name: 'drawdown', showSymbol: false, color: SHORT,
    lineStyle: { width: 1 }, areaStyle: { opacity: 0.25 }, data: pairs(data.drawdown.t, data.drawdown.v, -100) });
  dd.chart.setOption(dd.option);
  eq.chart.group = 'curve';
  dd.chart.group = 'curve';
  echarts.connect('curve');

  function tradeTip(p) {
    var t = p.data.trade;
    return '<b>' + esc(t.id) + '</b> ' + esc(t.side === 'Buy' ? 'long' : 'short') + ' ' + esc(t.symbol) +
      ' (' + esc(p.data.kind) + ')<br>strategy: ' + esc(t.strategy) + '<br>rule: ' + esc(t.entry_rule) +
      '<br>entry: ' + esc(iso(t.entry_time)) + ' @ ' + esc(price(t.entry_price)) +
      '<br>exit: ' + esc(iso(t.exit_time)) + ' @ ' + esc(price(t.exit_price)) +
      '<br>net pnl: ' + esc(num(t.net_pnl, 2)) + (t.r_multiple === null ? '' : ' (' + esc(num(t.r_multiple, 2)) + ' R)') +
      '<br>exit reason: ' + esc(t.exit_reason) +
      (t.stop_price === null ? '' : '<br>initial stop: ' + esc(price(t.stop_price)));
  }
  function stops(trades) {
    return trades.filter(function (t) { return t.stop_price !== null; }).map(function (t) {
      return { value: [t.entry_time, t.stop_price], trade: t, kind: 'initial stop' };
    });
  }
  function markers(trades, side, kind) {
    return trades.filter(function (t) { return t.side === side; }).map(function (t) {
      var entry = kind === 'entry';
      return { value: [entry ? t.entry_time : t.exit_time, entry ? t.entry_price : t.exit_price], trade: t, kind: kind };
    });
  }
  function tradeSeries(c, trades) {
    c.option.series.push({ type: 'scatter', name: 'long entry', symbol: 'triangle', symbolSize: 12,
      color: LONG, z: 5, data: markers(trades, 'Buy', 'entry') });
    c.option.series.push({ type: 'scatter', name: 'short entry', symbol: 'triangle', symbolRotate: 180,
      symbolSize: 12, color: SHORT, z: 5, data: markers(trades, 'Sell', 'entry') });
    c.option.series.push({ type: 'scatter', name: 'exit', symbol: 'circle', symbolSize: 8, color: '#6639ba', z: 5,
      itemStyle: { borderColor: '#fff', borderWidth: 1 },
      data: markers(trades, 'Buy', 'exit').concat(markers(trades, 'Sell', 'exit')) });
    c.option.series.push({ type: 'scatter', name: 'initial stop', symbol: 'rect', symbolSize: [12, 2], z: 5,
      color: '#9a6700', data: stops(trades) });
  }
  var INDICATORS = [['ema_21', 'EMA 21', '#bf8700'], ['ema_55', 'EMA 55', '#8250df'],
    ['bb_upper', 'Bollinger upper', '#57606a'], ['bb_middle', 'Bollinger middle', '#8c959f'],
    ['bb_lower', 'Bollinger lower', '#57606a']];
  var container = document.getElementById('price-charts');
  function chartFor(symbol, note) {
    var title = document.createElement('h3');
    title.textContent = symbol + (note ? ' · ' + note : '');
    var el = document.createElement('div');
    el.className = 'chart tall';
    container.appendChild(title);
    container.appendChild(el);
    return el;
  }
  var drawn = {};
  data.candles.forEach(function (k) {
    drawn[k.symbol] = true;
    var el = chartFor(k.symbol, 'candles of ' + k.display_timeframe + (k.display_timeframe === k.strategy_timeframe
      ? '' : ' (the ' + k.strategy_timeframe + ' bars merged to fit)') + ', indicators of the ' + k.strategy_timeframe + ' closes');
    var trades = data.trades.filter(function (t) { return t.symbol === k.symbol; });
    var c = base(el, 'price');
    var ohlc = new Array(k.t.length);
    for (var i = 0; i < k.t.length; i++) { ohlc[i] = [k.t[i], k.o[i], k.c[i], k.l[i], k.h[i]]; }
    c.option.xAxis = { type: 'time', axisLabel: c.option.xAxis.axisLabel };
    c.option.legend = { top: 0, selected: {} };
    c.option.tooltip = { trigger: 'item', formatter: function (q) {
      if (q.data && q.data.trade) { return tradeTip(q); }
      if (q.seriesType === 'candlestick') {
        var v = q.data;
        return esc(iso(v[0])) + '<br>open ' + esc(price(v[1])) + '<br>high ' + esc(price(v[4])) +
          '<br>low ' + esc(price(v[3])) + '<br>close ' + esc(price(v[2]));
      }
      return esc(q.seriesName) + ' ' + esc(price(q.value[1]));
    } };
    c.option.series.push({ type: 'candlestick', name: 'candles', data: ohlc, barMaxWidth: 8,
      itemStyle: { color: LONG, color0: SHORT, borderColor: LONG, borderColor0: SHORT } });
    INDICATORS.forEach(function (ind) {
      var values = k.indicators[ind[0]];
      if (!values) { return; }
      c.option.legend.selected[ind[1]] = false; // on demand: click the legend to show it
      c.option.series.push({ type: 'line', name: ind[1], showSymbol: false, color: ind[2], connectNulls: false,
        lineStyle: { width: 1, type: ind[0] === 'bb_middle' ? 'dotted' : 'solid' }, data: pairs(k.t, values, 1) });
    });
    tradeSeries(c, trades);
    c.chart.setOption(c.option);
  });
  data.prices.forEach(function (p) {
    if (drawn[p.symbol]) { return; }
    var el = chartFor(p.symbol, 'close prices');
    var trades = data.trades.filter(function (t) { return t.symbol === p.symbol; });
    var c = base(el, 'close');
    c.option.legend = { top: 0 };
    c.option.tooltip = { trigger: 'item', formatter: function (q) {
      if (q.data && q.data.trade) { return tradeTip(q); }
      return esc(iso(q.value[0])) + '<br>close ' + esc(price(q.value[1]));
    } };
    c.option.series.push({ type: 'line', name: 'close', showSymbol: false, color: '#57606a',
      lineStyle: { width: 1 }, data: pairs(p.t, p.v, 1) });
    tradeSeries(c, trades);
    c.chart.setOption(c.option);
  });

  var r = echarts.init(document.getElementById('r-chart'), null, { renderer: 'canvas' });
  charts.push(r);
  r.setOption({ animation: false, grid: { left: 48, right: 12, top: 28, bottom: 48 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: data.r_histogram.labels, axisLabel: { rotate: 40, fontSize: 10 } },
    yAxis: { type: 'value', name: 'trades', minInterval: 1 },
    series: [{ type: 'bar', name: 'trades', data: data.r_histogram.counts.map(function (n, i) {
      return { value: n, itemStyle: { color: data.r_histogram.labels[i].charAt(0) === '-' ||
        data.r_histogram.labels[i].charAt(0) === '<' ? SHORT : LONG } };
    }) }] });

  var daily = echarts.init(document.getElementById('daily-chart'), null, { renderer: 'canvas' });
  charts.push(daily);
  daily.setOption({ animation: false, grid: { left: 56, right: 12, top: 28, bottom: 40 },
    tooltip: { trigger: 'axis', valueFormatter: function (v) { return num(v, 2) + '%'; } },
    xAxis: { type: 'category', data: data.daily_returns.days, axisLabel: { hideOverlap: true, fontSize: 10 } },
    yAxis: { type: 'value', name: 'daily return %' },
    dataZoom: [{ type: 'inside' }],
    series: [{ type: 'bar', name: 'return', data: data.daily_returns.pct.map(function (v) {
      return { value: v, itemStyle: { color: v !== null && v < 0 ? SHORT : LONG } };
    }) }] });

  function openAudit() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el && el.tagName === 'DETAILS') { el.open = true; el.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openAudit);
  openAudit();
  window.addEventListener('resize', function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  if (!document.body.hasAttribute('data-report')) {
    document.body.setAttribute('data-report', 'drawn');
  }
}());
