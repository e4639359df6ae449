(function () {
'use strict';
var NS = 'http://www.w3.org/2000/svg';
var COLORS = {warn:'#9a6700', cmd:'#0969da', rt:'#0969da', cpl:'#1a7f37', evt:'#0550ae', uns:'#6e7781', err:'#cf222e', host:'#bc4c00',
  hbad:'#cf222e', cust:'#8250df', adm:'#99286e'};
var LANEFILL = {cust:'#f6f0ff', dev:'#f3fbff', term:'#eef4ff', host:'#fff5ec'};
var LANEINK = {cust:'#6639ba', dev:'#0550ae', term:'#1f2937', host:'#bc4c00'};
var NOTE = {j:['#e6f6f4','#116d5f'], jx:['#ffe7e4','#a40e26'], tn:['#eef1f4','#3d444d'], tx:['#ffe7e4','#a40e26'], hn:['#fff5ec','#bc4c00'], adm:['#ffeff7','#99286e']};
var BAND = {step:['#eef1f4','#57606a'], bench:['#eef1f4','#57606a'], fault:['#ffe2e0','#b62324'], serr:['#ffe2e0','#b62324'], sskip:['#fff4c2','#7d5b00']};
var cache = {};

function data(k) {
  if (!(k in cache)) {
    var el = document.getElementById('d-' + k);
    try { cache[k] = el ? JSON.parse(el.textContent) : null; } catch (e) { cache[k] = null; }
  }
  return cache[k];
}
function esc(s) {
  return String(s).replace(/[&<>"']/g, function (c) {
    return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
  });
}
function mk(name, attrs, parent, text) {
  var e = document.createElementNS(NS, name);
  for (var a in attrs) e.setAttribute(a, attrs[a]);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
function textWidth(s) { return s.length * 6.2 + 4; }
// Hover text of a diagram row: its events (acknowledges left out).
function tip(d, r) {
  var lines = [];
  for (var j = 0; j < r.e.length && lines.length < 8; j++) {
    var e = d.ev[r.e[j]];
    if (!e || e[2] === 'acknowledge') continue;
    lines.push('#' + r.e[j] + ' +' + e[0].toFixed(1) + ' ms  ' + e[1] + ' ' + e[2] + ' ' + e[3] + (e[4] ? ' — ' + e[4] : ''));
  }
  if (r.e.length > 8) lines.push('… ' + r.e.length + ' events');
  return lines.join('\n');
}
// Keeps a label between the time column and the evidence column.
function clampLabel(x, anchor, w, lo, hi) {
  var left = anchor === 'middle' ? x - w / 2 : x;
  if (left + w > hi) left = hi - w;
  if (left < lo + 2) left = lo + 2;
  return anchor === 'middle' ? left + w / 2 : left;
}
function evClass(d, idxs) {
  var cls = '', rules = [];
  idxs.forEach(function (i) {
    var v = d.evi[String(i)];
    if (!v) return;
    v.forEach(function (x) {
      if (rules.indexOf(x[0]) < 0) rules.push(x[0]);
      if (x[1] === 'fail') cls = 'evf';
      else if (x[1] === 'not observable' && cls !== 'evf') cls = 'evo';
      else if (!cls) cls = 'evp';
    });
  });
  return {cls: cls, rules: rules};
}

// ------------------------------------------------------------------------------------------- sequence diagram
function drawDiagram(box, d, k) {
  var lanes = d.lanes, rows = d.rows, n = lanes.length;
  if (!rows.length) { box.innerHTML = '<div class="empty">No events to draw.</div>'; return; }
  var avail = (box.clientWidth || 1300) - 2;
  var TX = 64, RIGHT = 195, RH = 24, GAPH = 20;
  var LW = Math.max(84, Math.min(190, Math.floor((avail - TX - RIGHT) / n)));
  var W = TX + LW * n + RIGHT;
  var xs = lanes.map(function (_, i) { return TX + LW * i + LW / 2; });
  var items = [], prev = null;
  rows.forEach(function (r, idx) {
    if (prev !== null && r.m - prev >= 500) items.push({gap: r.m - prev});
    items.push({r: r, idx: idx});
    prev = r.m;
  });
  var H = 8;
  items.forEach(function (it) { H += it.gap ? GAPH : RH; });
  box.innerHTML = '';
  var wrap = document.createElement('div'); wrap.className = 'seqwrap'; box.appendChild(wrap);
  var headDiv = document.createElement('div'); headDiv.className = 'seqhead'; wrap.appendChild(headDiv);
  var head = mk('svg', {width: W, height: 34, viewBox: '0 0 ' + W + ' 34'}, headDiv);
  mk('text', {x: TX - 10, y: 21, 'text-anchor': 'end', fill: '#59636e', 'font-weight': 600}, head, 'time (ms)');
  lanes.forEach(function (l, i) {
    var tw = textWidth(l[0]) + 6, w = Math.min(LW - 8, tw + 12);
    mk('rect', {x: xs[i] - w / 2, y: 5, width: w, height: 24, rx: 5, fill: LANEFILL[l[1]], stroke: LANEINK[l[1]], 'stroke-width': 1.2}, head);
    var ta = {x: xs[i], y: 21, 'text-anchor': 'middle', fill: LANEINK[l[1]], 'font-weight': 700};
    if (tw > w - 8) { ta.textLength = w - 10; ta.lengthAdjust = 'spacingAndGlyphs'; }
    mk('text', ta, head, l[0]);
  });
  mk('text', {x: TX + LW * n + 10, y: 21, fill: '#59636e', 'font-weight': 600}, head, 'evidence for');
  var svg = mk('svg', {width: W, height: H, viewBox: '0 0 ' + W + ' ' + H}, wrap);
  var defs = mk('defs', {}, svg);
  Object.keys(COLORS).forEach(function (c) {
    var m = mk('marker', {id: 'ah-' + k + '-' + c, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'}, defs);
    mk('path', {d: 'M0,0 L10,5 L0,10 z', fill: COLORS[c]}, m);
  });
  lanes.forEach(function (l, i) {
    if (l[1] !== 'dev') mk('rect', {x: xs[i] - LW / 2 + 3, y: 0, width: LW - 6, height: H, fill: LANEFILL[l[1]], opacity: 0.55}, svg);
  });
  lanes.forEach(function (l, i) {
    mk('line', {x1: xs[i], y1: 0, x2: xs[i], y2: H, stroke: '#b6bec8', 'stroke-dasharray': '3 3'}, svg);
  });
  var rowEls = [], rowY = [], y = 4;
  items.forEach(function (it) {
    if (it.gap) {
      var g0 = mk('g', {}, svg);
      mk('line', {x1: 0, y1: y + GAPH / 2, x2: W, y2: y + GAPH / 2, stroke: '#d0d7de', 'stroke-dasharray': '1 4', 'stroke-width': 2}, g0);
      var gs = it.gap >= 1000 ? (it.gap / 1000).toFixed(1) + ' s' : Math.round(it.gap) + ' ms';
      mk('text', {x: TX - 10, y: y + GAPH / 2 + 4, 'text-anchor': 'end', fill: '#8c959f', 'font-style': 'italic', 'class': 'lbl'}, g0, '⋯ ' + gs);
      y += GAPH;
      return;
    }
    var r = it.r, g = mk('g', {'class': 'row', 'data-row': it.idx, 'data-i': r.e[0]}, svg);
    rowEls[it.idx] = g; rowY[it.idx] = y;
    var ev = evClass(d, r.e);
    mk('rect', {'class': 'bg' + (ev.cls ? ' ' + ev.cls : ''), x: 0, y: y, width: W, height: RH, fill: 'transparent'}, g);
    if (ev.cls) {
      var evc = ev.cls === 'evf' ? '#cf222e' : ev.cls === 'evo' ? '#bf8700' : '#1a7f37';
      mk('rect', {x: 0, y: y, width: 4, height: RH, fill: evc}, g);
      var rl = ev.rules.join(', ');
      if (rl.length > 25) rl = rl.slice(0, 24) + '…';
      mk('text', {x: TX + LW * n + 10, y: y + 16, fill: evc, 'font-weight': 700}, g, '◆ ' + rl);
    }
    mk('text', {x: TX - 10, y: y + 16, 'text-anchor': 'end', fill: '#8c959f', 'font-family': 'monospace'}, g, '+' + r.m.toFixed(1));
    mk('title', {}, g, tip(d, r));
    var color, lbl = r.x;
    if (r.t === 'a') {
      color = COLORS[r.c] || '#57606a';
      var x1 = xs[r.f], far = r.to[0];
      r.to.forEach(function (t) { if (Math.abs(xs[t] - x1) > Math.abs(xs[far] - x1)) far = t; });
      var x2 = xs[far], ly = y + 16;
      var dir = x2 >= x1 ? 1 : -1;
      var la = {x1: x1 + dir * 2, y1: ly, x2: x2 - dir * 2, y2: ly, stroke: color, 'stroke-width': r.c === 'err' || r.c === 'hbad' ? 2 : 1.5,
        'marker-end': 'url(#ah-' + k + '-' + (COLORS[r.c] ? r.c : 'cmd') + ')'};
      if (r.b) la['marker-start'] = la['marker-end'];
      if (r.d) la['stroke-dasharray'] = '5 3';
      mk('line', la, g);
      r.to.forEach(function (t) { if (t !== far) mk('circle', {cx: xs[t], cy: ly, r: 3.2, fill: color}, g); });
      var span = Math.abs(x2 - x1), tw = textWidth(lbl), lx, anchor;
      if (tw + 12 <= span) { lx = (x1 + x2) / 2; anchor = 'middle'; }
      else { lx = Math.min(x1, x2) + 6; anchor = 'start'; }
      lx = clampLabel(lx, anchor, tw, TX, TX + LW * n);
    mk('text', {'class': 'lbl', x: lx, y: ly - 4, 'text-anchor': anchor, fill: color, 'font-weight': r.c === 'err' || r.c === 'hbad' ? 700 : 500}, g, lbl);
    } else if (r.t === 'b') {
      var bc = BAND[r.c] || BAND.step;
      mk('rect', {x: TX, y: y + 3, width: LW * n, height: RH - 6, rx: 4, fill: bc[0], stroke: r.c === 'fault' || r.c === 'serr' ? bc[1] : 'none'}, g);
      mk('text', {x: TX + 10, y: y + 16, fill: bc[1], 'font-weight': r.c === 'step' || r.c === 'bench' ? 600 : 700}, g, lbl);
      if (r.l !== undefined && r.c === 'fault') {
        mk('circle', {cx: xs[r.l], cy: y + RH / 2, r: 8, fill: '#cf222e'}, g);
        mk('text', {x: xs[r.l], y: y + RH / 2 + 4, 'text-anchor': 'middle', fill: '#fff', 'font-weight': 800}, g, '⚡');
      }
    } else {
      var nc = NOTE[r.c] || NOTE.tn, nw = textWidth(lbl) + 12;
      var nx = Math.max(TX + 2, Math.min(xs[r.l] - nw / 2, TX + LW * n - nw - 2));
      mk('rect', {x: nx, y: y + 3, width: nw, height: RH - 6, rx: 9, fill: nc[0], stroke: nc[1], 'stroke-width': 0.8}, g);
      mk('text', {x: nx + nw / 2, y: y + 16, 'text-anchor': 'middle', fill: nc[1], 'font-weight': 600}, g, lbl);
    }
    y += RH;
  });
  // Map every event index to its row (an event the diagram leaves out maps to the row before it).
  var firsts = [];
  rows.forEach(function (r, idx) { r.e.forEach(function (i) { firsts.push([i, idx]); }); });
  firsts.sort(function (a, b) { return a[0] - b[0]; });
  box._rowOf = function (i) {
    var best = null;
    for (var j = 0; j < firsts.length; j++) { if (firsts[j][0] <= i) best = firsts[j][1]; else break; }
    return best;
  };
  box._mark = function (i) {
    var idx = box._rowOf(i);
    var old = svg.querySelectorAll('g.row.sel');
    for (var j = 0; j < old.length; j++) old[j].classList.remove('sel');
    if (idx === null || !rowEls[idx]) return;
    rowEls[idx].classList.add('sel');
    var top = rowY[idx] + 34 - wrap.clientHeight / 2;
    wrap.scrollTop = Math.max(0, top);
  };
  svg.addEventListener('click', function (e) {
    var g = e.target.closest ? e.target.closest('g.row') : null;
    if (!g) return;
    var i = +g.getAttribute('data-i');
    jump(k, i, {fromDiagram: true});
  });
}

// ------------------------------------------------------------------------------------------- timeline
function buildTimeline(box, d, k) {
  var ev = d.ev, counts = {}, order = [];
  ev.forEach(function (e) { if (!(e[1] in counts)) { counts[e[1]] = 0; order.push(e[1]); } counts[e[1]]++; });
  var bar = '<div class="tlbar">';
  order.forEach(function (s) {
    bar += '<label class="src"><input type="checkbox" checked data-src="' + esc(s) + '"><span class="src s-' + esc(s) + '">' + esc(s) + '</span> ' + counts[s] + '</label>';
  });
  bar += '<input type="search" placeholder="filter: name, kind or text…">' +
    '<label><input type="checkbox" class="hideack" checked> hide XFS acknowledges</label>' +
    '<label><input type="checkbox" class="evonly"> evidence only</label>' +
    '<button type="button" class="reset">reset</button><span class="cnt"></span></div>';
  var h = [];
  ev.forEach(function (e, i) {
    var x = evClass(d, [i]), badges = '';
    if (x.rules.length) {
      (d.evi[String(i)] || []).forEach(function (v) {
        badges += '<b class="' + (v[1] === 'fail' ? 'o-fail' : v[1] === 'pass' ? 'o-pass' : 'o-no') + '">' + esc(v[0]) + '</b>';
      });
    }
    h.push('<tr class="e' + (x.cls ? ' ' + x.cls : '') + '" data-i="' + i + '" data-src="' + esc(e[1]) + '"' +
      (e[1] === 'xfs' && e[2] === 'acknowledge' ? ' data-ack="1"' : '') + (x.cls ? ' data-ev="1"' : '') + '>' +
      '<td class="i">' + i + '</td><td class="t">+' + e[0].toFixed(1) + '</td><td><span class="src s-' + esc(e[1]) + '">' + esc(e[1]) +
      '</span></td><td class="k">' + esc(e[2]) + '</td><td class="nm">' + esc(e[3]) + '</td><td class="sm" title="' + esc(e[4]) + '">' + esc(e[4]) +
      '</td><td class="evb">' + badges + '</td></tr>');
  });
  box.innerHTML = bar + '<div class="tlwrap"><table class="tlt"><thead><tr><th>#</th><th>ms</th><th>source</th><th>kind</th><th>name</th>' +
    '<th>summary</th><th>evidence for</th></tr></thead><tbody>' + h.join('') + '</tbody></table></div>';
  var tbody = box.querySelector('tbody'), q = box.querySelector('input[type=search]');
  var hideack = box.querySelector('.hideack'), evonly = box.querySelector('.evonly'), cnt = box.querySelector('.cnt');
  function apply() {
    var on = {}, labels = box.querySelectorAll('label.src');
    for (var j = 0; j < labels.length; j++) {
      var cb = labels[j].querySelector('input');
      on[cb.getAttribute('data-src')] = cb.checked;
      labels[j].classList.toggle('off', !cb.checked);
    }
    var dets = tbody.querySelectorAll('tr.det');
    for (j = 0; j < dets.length; j++) dets[j].parentNode.removeChild(dets[j]);
    var needle = q.value.trim().toLowerCase(), shown = 0, trs = tbody.children;
    for (j = 0; j < trs.length; j++) {
      var tr = trs[j], vis = on[tr.getAttribute('data-src')];
      if (vis && hideack.checked && tr.hasAttribute('data-ack')) vis = false;
      if (vis && evonly.checked && !tr.hasAttribute('data-ev')) vis = false;
      if (vis && needle && tr.textContent.toLowerCase().indexOf(needle) < 0) vis = false;
      tr.style.display = vis ? '' : 'none';
      if (vis) shown++;
    }
    cnt.textContent = shown + ' of ' + trs.length + ' events';
  }
  box._apply = apply;
  box._reset = function () {
    var cbs = box.querySelectorAll('label.src input');
    for (var j = 0; j < cbs.length; j++) cbs[j].checked = true;
    q.value = ''; hideack.checked = false; evonly.checked = false; apply();
  };
  box.querySelector('.tlbar').addEventListener('change', apply);
  q.addEventListener('input', apply);
  box.querySelector('.reset').addEventListener('click', box._reset);
  tbody.addEventListener('click', function (e) {
    var tr = e.target.closest('tr');
    if (!tr || !tr.classList.contains('e')) return;
    var i = +tr.getAttribute('data-i');
    var next = tr.nextElementSibling;
    if (next && next.classList.contains('det')) next.parentNode.removeChild(next);
    else {
      var det = document.createElement('tr'); det.className = 'det';
      det.innerHTML = '<td colspan="7"><pre>' + esc(JSON.stringify(ev[i][5], null, 2)) + '</pre></td>';
      tr.parentNode.insertBefore(det, tr.nextSibling);
    }
    select(box, tr);
    var seq = box.parentNode.querySelector('.seq');
    if (seq && seq._mark) seq._mark(i);
  });
  apply();
}

function select(box, tr) {
  var old = box.querySelectorAll('tr.sel');
  for (var j = 0; j < old.length; j++) old[j].classList.remove('sel', 'flash');
  tr.classList.add('sel');
  void tr.offsetWidth;
  tr.classList.add('flash');
}

// ------------------------------------------------------------------------------------------- wiring
function render(det) {
  if (!det || det.getAttribute('data-rendered')) return;
  det.setAttribute('data-rendered', '1');
  var k = det.getAttribute('data-k'), d = data(k);
  var seq = det.querySelector('.seq'), tl = det.querySelector('.tl');
  if (!d) { if (seq) seq.innerHTML = '<div class="empty">No trace.</div>'; return; }
  if (seq) drawDiagram(seq, d, k);
  if (tl) buildTimeline(tl, d, k);
}

function jump(k, i, opts) {
  var det = document.getElementById('s-' + k);
  if (!det) return;
  if (!det.open) det.open = true;
  render(det);
  var tl = det.querySelector('.tl');
  var tr = tl && tl.querySelector('tr.e[data-i="' + i + '"]');
  if (tr && tr.style.display === 'none' && tl._reset) tl._reset();
  if (tr) {
    select(tl, tr);
    var wrap = tl.querySelector('.tlwrap');
    wrap.scrollTop = Math.max(0, tr.offsetTop - wrap.clientHeight / 2);
    if (!(opts && opts.fromDiagram)) {
      var y = tl.getBoundingClientRect().top + window.pageYOffset - 56;
      window.scrollTo(0, y);
    }
  }
  var seq = det.querySelector('.seq');
  if (seq && seq._mark) seq._mark(i);
}

// A section is drawn when it is open and comes near the viewport: "Expand all" stays instant with 50 scenarios.
var io = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
  entries.forEach(function (en) {
    if (!en.isIntersecting) return;
    var det = en.target.closest('details.scn');
    io.unobserve(en.target);
    if (det && det.open) render(det);
  });
}, {rootMargin: '800px 0px'}) : null;
// Besides, open sections are drawn in the background one at a time, so the page stays responsive.
var queue = [], busy = false;
function trickle() {
  if (busy) return;
  busy = true;
  setTimeout(function step() {
    var det;
    while ((det = queue.shift()) && (!det.open || det.getAttribute('data-rendered'))) {}
    if (!det) { busy = false; return; }
    render(det);
    setTimeout(step, 30);
  }, 30);
}
function later(det) {
  if (det.getAttribute('data-rendered')) return;
  var body = det.querySelector('.sbody');
  if (io && body) io.observe(body);
  queue.push(det);
  trickle();
}
document.querySelectorAll('details.scn').forEach(function (det) {
  det.addEventListener('toggle', function () { if (det.open) later(det); });
});
document.addEventListener('click', function (e) {
  var a = e.target.closest ? e.target.closest('a') : null;
  if (!a) return;
  if (a.classList.contains('evl')) {
    e.preventDefault();
    jump(a.getAttribute('data-k'), +a.getAttribute('data-i'));
    return;
  }
  var href = a.getAttribute('href') || '';
  var m = /^#s-(\d+)$/.exec(href);
  if (m) {
    var det = document.getElementById('s-' + m[1]);
    if (det && !det.open) det.open = true;
  }
});
if (/^#s-\d+$/.test(location.hash)) {
  var target = document.querySelector(location.hash);
  if (target) target.open = true;
}

// Scenario list: status filter, search, expand / collapse all.
var sbar = document.querySelector('.sbar');
if (sbar) {
  var status = 'all', sq = sbar.querySelector('input[type=search]');
  var applyS = function () {
    var needle = sq.value.trim().toLowerCase();
    document.querySelectorAll('details.scn').forEach(function (det) {
      var ok = (status === 'all' || det.getAttribute('data-status') === status) &&
        (!needle || det.getAttribute('data-q').indexOf(needle) >= 0);
      det.classList.toggle('hidden', !ok);
    });
  };
  sbar.addEventListener('click', function (e) {
    var b = e.target.closest('button');
    if (!b) return;
    if (b.hasAttribute('data-f')) {
      status = b.getAttribute('data-f');
      sbar.querySelectorAll('button[data-f]').forEach(function (x) { x.classList.toggle('on', x === b); });
      applyS();
    } else if (b.hasAttribute('data-open')) {
      var open = b.getAttribute('data-open') === '1';
      document.querySelectorAll('details.scn:not(.hidden)').forEach(function (det) { det.open = open; });
    }
  });
  sq.addEventListener('input', applyS);
}

// Sections open from the start (failed and errored scenarios).
document.querySelectorAll('details.scn[open]').forEach(later);
// Printing: draw every open section first.
window.addEventListener('beforeprint', function () { document.querySelectorAll('details.scn[open]').forEach(render); });
})();
