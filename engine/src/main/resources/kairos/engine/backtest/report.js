/* Kairos backtest report: draws the charts and the trade list from the JSON block #kairos-data. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kairos-data').textContent);
  var LONG = '#1a7f37', SHORT = '#cf222e', LINE = '#0969da';
  var charts = [];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function iso(ms) { return new Date(ms).toISOString().replace('.000Z', 'Z'); }
  function num(x, digits) {
    if (x === null || x === undefined) { return 'n/a'; }
    return Number(x).toLocaleString('en-US', { maximumFractionDigits: digits });
  }
  function pairs(t, v, scale) {
    var out = new Array(t.length);
    for (var i = 0; i < t.length; i++) { out[i] = [t[i], v[i] * scale]; }
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
        grid: { left: 72, right: 24, top: 28, bottom: 56 },
        xAxis: { type: 'time', axisLabel: { hideOverlap: true, formatter: {
          year: '{yyyy}', month: '{MMM} {yyyy}', day: '{MMM} {d}', hour: '{HH}:{mm}', minute: '{HH}:{mm}' } } },
        yAxis: { type: 'value', scale: true, name: yName },
        dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
        series: []
      }
    };
  }

  var eq = base(document.getElementById('equity-chart'), 'equity');
  eq.option.tooltip = { trigger: 'axis', valueFormatter: function (v) { return num(v, 2); } };
  eq.option.series.push({ type: 'line', name: 'equity', showSymbol: false, color: LINE,
    lineStyle: { width: 1.2 }, data: pairs(data.equity.t, data.equity.v, 1) });
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
      '<br>entry: ' + esc(iso(t.entry_time)) + ' @ ' + esc(num(t.entry_price, 8)) +
      '<br>exit: ' + esc(iso(t.exit_time)) + ' @ ' + esc(num(t.exit_price, 8)) +
      '<br>qty: ' + esc(num(t.qty, 8)) + '<br>net pnl: ' + esc(num(t.net_pnl, 4)) +
      '<br>exit reason: ' + esc(t.exit_reason) +
      (t.stop_price === null ? '' : '<br>initial stop: ' + esc(num(t.stop_price, 8)));
  }
  function stops(trades) {
    return trades.filter(function (t) { return t.stop_price !== null; }).map(function (t) {
      return { value: [t.entry_time, t.stop_price], trade: t, kind: 'initial stop' };
    });
  }
  function markers(trades, side, kind) {
    return trades.filter(function (t) { return t.side === side; }).map(function (t) {
      var entry = kind === 'entry';
      return { value: [entry ? t.entry_time : t.exit_time, entry ? t.entry_price : t.exit_price],
        trade: t, kind: kind };
    });
  }
  var container = document.getElementById('price-charts');
  data.prices.forEach(function (p) {
    var title = document.createElement('h3');
    title.textContent = p.symbol;
    var el = document.createElement('div');
    el.className = 'chart';
    container.appendChild(title);
    container.appendChild(el);
    var trades = data.trades.filter(function (t) { return t.symbol === p.symbol; });
    var c = base(el, 'close');
    c.option.tooltip = { trigger: 'item', formatter: function (q) {
      if (q.data && q.data.trade) { return tradeTip(q); }
      return esc(iso(q.value[0])) + '<br>close ' + esc(num(q.value[1], 8));
    } };
    c.option.legend = { top: 0 };
    c.option.series.push({ type: 'line', name: 'close', showSymbol: false, color: '#57606a',
      lineStyle: { width: 1 }, data: pairs(p.t, p.v, 1) });
    c.option.series.push({ type: 'scatter', name: 'long entry', symbol: 'triangle', symbolSize: 11,
      color: LONG, data: markers(trades, 'Buy', 'entry') });
    c.option.series.push({ type: 'scatter', name: 'short entry', symbol: 'triangle', symbolRotate: 180,
      symbolSize: 11, color: SHORT, data: markers(trades, 'Sell', 'entry') });
    c.option.series.push({ type: 'scatter', name: 'long exit', symbol: 'circle', symbolSize: 7,
      color: LONG, itemStyle: { borderColor: '#fff', borderWidth: 1 }, data: markers(trades, 'Buy', 'exit') });
    c.option.series.push({ type: 'scatter', name: 'short exit', symbol: 'circle', symbolSize: 7,
      color: SHORT, itemStyle: { borderColor: '#fff', borderWidth: 1 }, data: markers(trades, 'Sell', 'exit') });
    c.option.series.push({ type: 'scatter', name: 'initial stop', symbol: 'rect', symbolSize: [12, 2],
      color: '#9a6700', data: stops(trades) });
    c.chart.setOption(c.option);
  });

  var MONEY = { gross_pnl: 1, fees: 1, funding: 1, net_pnl: 1 };
  var columns = [
    ['id', 'id'], ['symbol', 'symbol'], ['side', 'side'], ['strategy', 'strategy'], ['entry_rule', 'rule'],
    ['entry_time', 'entry time'], ['entry_price', 'entry price'], ['exit_time', 'exit time'],
    ['exit_price', 'exit price'], ['qty', 'qty'], ['gross_pnl', 'gross pnl'], ['fees', 'fees'],
    ['funding', 'funding'], ['net_pnl', 'net pnl'], ['exit_reason', 'exit reason']
  ];
  var table = document.getElementById('trade-table');
  var head = document.createElement('tr');
  columns.forEach(function (col) {
    var th = document.createElement('th');
    th.textContent = col[1];
    head.appendChild(th);
  });
  table.tHead.appendChild(head);
  var body = document.createDocumentFragment();
  data.trades.forEach(function (t) {
    var tr = document.createElement('tr');
    columns.forEach(function (col) {
      var td = document.createElement('td');
      var v = t[col[0]];
      if (col[0] === 'entry_time' || col[0] === 'exit_time') { v = iso(v); }
      else if (typeof v === 'number') { v = num(v, MONEY[col[0]] ? 4 : 8); }
      td.textContent = v;
      if (col[0] === 'net_pnl') { td.className = t.net_pnl > 0 ? 'win' : (t.net_pnl < 0 ? 'loss' : ''); }
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
  table.tBodies[0].appendChild(body);

  window.addEventListener('resize', function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
}());
