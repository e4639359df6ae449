// The HTML report's inline style sheet and script (no network, no external fonts). The script draws each
// scenario's sequence diagram (SVG) and timeline from the JSON embedded in its section, when the section is first
// opened, and links evidence between the verdicts, the timeline and the diagram.
#include "report_html_support.hpp"

namespace atmbench::harness::html {

const char* const kStyle = R"CSS(
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0969da;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--err:#b35900;--err-bg:#fff1e0;
--no:#7d5b00;--no-bg:#fff4c2;--na:#8c959f;--na-bg:#eff2f5;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif;color:var(--ink);background:#eef1f4}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code,.mono{font-family:var(--mono);font-size:12.5px}
.topbar{position:sticky;top:0;z-index:20;background:#1f2937;color:#fff;display:flex;align-items:center;gap:18px;padding:8px 28px;box-shadow:0 1px 3px rgba(0,0,0,.25)}
.topbar .brand{font-weight:700;letter-spacing:.3px}.topbar .brand small{font-weight:400;opacity:.7;margin-left:8px}
.topbar nav a{color:#cbd5e1;margin-right:14px;font-size:13px}.topbar nav a:hover{color:#fff}
.topbar .tb-verdict{margin-left:auto;font-weight:700;font-size:12px;padding:3px 10px;border-radius:12px}
main{max-width:1640px;margin:0 auto;padding:20px 28px 60px}
section.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin-bottom:22px;box-shadow:0 1px 2px rgba(31,35,40,.05)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:0 0 12px}h3{font-size:15px;margin:18px 0 8px}
h4{font-size:13px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:22px 0 8px}
.sub{color:var(--muted);font-size:13px}
.banner{display:flex;align-items:center;gap:22px;border-radius:10px;padding:18px 24px;color:#fff;margin-bottom:18px}
.banner .big{font-size:40px;font-weight:800;letter-spacing:2px;line-height:1}
.banner .msg{font-size:17px;font-weight:600}.banner .msg small{display:block;font-weight:400;opacity:.92;font-size:13.5px;margin-top:3px}
.banner.v-pass{background:linear-gradient(90deg,#1a7f37,#2da44e)}.banner.v-fail{background:linear-gradient(90deg,#b62324,#cf222e)}
.banner.v-error{background:linear-gradient(90deg,#a04a00,#d4760a)}
.tb-verdict.v-pass{background:#2da44e}.tb-verdict.v-fail{background:#cf222e}.tb-verdict.v-error{background:#d4760a}
.defects{border:2px solid #8250df;background:#fbf7ff;border-radius:8px;padding:12px 16px;margin-bottom:18px}
.defects b.t{color:#6639ba;font-size:15px}.defects code{background:#eee3ff;color:#4c2889;padding:2px 7px;border-radius:5px;font-size:13px;font-weight:600;margin:0 3px}
.defects .warn{color:var(--fail);font-weight:700;margin-top:6px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:18px}
.kpi{border:1px solid var(--line);border-radius:8px;padding:12px 16px;background:var(--soft)}
.kpi .n{font-size:32px;font-weight:800;line-height:1.1}.kpi .l{color:var(--muted);font-size:12.5px;text-transform:uppercase;letter-spacing:.5px}
.kpi.k-pass .n{color:var(--pass)}.kpi.k-fail .n{color:var(--fail)}.kpi.k-error .n{color:var(--err)}.kpi.zero .n{color:#afb8c1}
.kpi .bar{height:6px;border-radius:3px;background:#e6e9ed;margin-top:8px;overflow:hidden;display:flex}
.kpi .bar i{display:block;height:100%}
.meta{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:4px 18px;font-size:13.5px}
.meta dt{color:var(--muted)}.meta dd{margin:0;word-break:break-all}
.findings{margin:0;padding:0;list-style:none}
.findings li{padding:7px 10px;border-left:4px solid var(--fail);background:var(--fail-bg);margin-bottom:6px;border-radius:0 6px 6px 0}
.findings li.e{border-color:var(--err);background:var(--err-bg)}
.findings .r{font-weight:700;font-family:var(--mono);font-size:12.5px}.findings .m{color:#3d444d}
.pill{display:inline-block;font-size:11.5px;font-weight:700;padding:1px 8px;border-radius:10px;white-space:nowrap;text-transform:uppercase;letter-spacing:.3px}
.st-passed,.o-pass{background:var(--pass-bg);color:var(--pass)}.st-failed,.o-fail{background:var(--fail-bg);color:var(--fail)}
.st-error{background:var(--err-bg);color:var(--err)}.o-no{background:var(--no-bg);color:var(--no)}.o-na{background:var(--na-bg);color:var(--na)}
.o-nc{background:#fff;color:var(--na);border:1px dashed #afb8c1}
/* matrix */
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12.5px;color:var(--muted);margin:4px 0 12px;align-items:center}
.legend .sw{display:inline-block;width:16px;height:16px;border-radius:3px;vertical-align:-3px;margin-right:5px;text-align:center;font-size:11px;line-height:16px;font-weight:700}
.mxwrap{overflow:auto;max-height:80vh;border:1px solid var(--line);border-radius:8px}
table.mx{border-collapse:separate;border-spacing:0;font-size:12.5px}
table.mx th,table.mx td{border-bottom:1px solid #eaeef2;padding:0}
table.mx thead th{position:sticky;top:0;background:#fff;z-index:3;border-bottom:2px solid var(--line);vertical-align:bottom}
table.mx .rule{position:sticky;left:0;background:#fff;z-index:2;width:310px;min-width:310px;max-width:310px;padding:3px 10px;text-align:left;border-right:1px solid var(--line)}
table.mx thead th.rule{z-index:4}
table.mx .rule b{font-family:var(--mono);font-size:12px}
table.mx .rule .tt{display:block;color:var(--muted);font-size:11.5px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.mx .cl{white-space:nowrap;color:var(--muted);font-family:var(--mono);font-size:11px;font-weight:400;float:right;margin-left:8px}
table.mx .cov{white-space:nowrap;padding:3px 8px;border-right:1px solid var(--line);position:sticky;left:310px;background:#fff;z-index:2;width:118px;min-width:118px}
table.mx thead th.cov{z-index:4}
table.mx th.sc{width:23px;min-width:23px;padding:6px 0 4px;font-weight:500}
table.mx th.sc a{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:190px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:11.5px;color:var(--ink)}
table.mx th.sc i{display:block;height:5px;margin:4px 3px 0;border-radius:2px}
table.mx th.sc.st-passed,table.mx th.sc.st-failed,table.mx th.sc.st-error{background:#fff}
table.mx th.sc.st-passed i{background:var(--pass)}table.mx th.sc.st-failed i{background:var(--fail)}table.mx th.sc.st-error i{background:var(--err)}
table.mx td.c{text-align:center;width:23px;height:24px}
table.mx td.c a{display:block;margin:2px;height:19px;line-height:19px;border-radius:3px;font-weight:700;font-size:11px;text-decoration:none}
table.mx td.c a.L{box-shadow:inset 0 0 0 2px currentColor}
table.mx tr.sec th{background:#f3f5f8;text-align:left;padding:6px 10px;font-size:12.5px;color:#3d444d;position:sticky;left:0}
table.mx tr.nc .rule b,table.mx tr.nc .rule .tt{color:#8c959f}
table.mx tr:hover td{background:#f8fafc}table.mx tr:hover td.rule,table.mx tr:hover td.cov{background:#f3f7ff}
table.mx tr.rf .rule{box-shadow:inset 4px 0 0 var(--fail)}
/* scenarios */
.sbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:12px}
.sbar button,.tlbar button{font:inherit;font-size:12.5px;border:1px solid var(--line);background:#fff;border-radius:6px;padding:4px 11px;cursor:pointer}
.sbar button.on{background:#1f2937;color:#fff;border-color:#1f2937}
.sbar input[type=search],.tlbar input[type=search]{font:inherit;font-size:13px;border:1px solid var(--line);border-radius:6px;padding:4px 10px;min-width:240px}
.sbar .sp{flex:1}
details.scn{border:1px solid var(--line);border-radius:8px;margin-bottom:8px;background:#fff}
details.scn>summary{list-style:none;cursor:pointer;display:flex;align-items:center;gap:10px;padding:9px 14px;border-radius:8px}
details.scn>summary::-webkit-details-marker{display:none}
details.scn>summary:before{content:"▸";color:var(--muted);width:10px;transition:transform .15s}
details.scn[open]>summary:before{transform:rotate(90deg)}
details.scn>summary:hover{background:var(--soft)}
details.scn[open]>summary{border-bottom:1px solid var(--line);border-radius:8px 8px 0 0;background:var(--soft)}
details.scn.s-failed{border-left:5px solid var(--fail)}details.scn.s-error{border-left:5px solid var(--err)}details.scn.s-passed{border-left:5px solid var(--pass)}
summary .sid{font-family:var(--mono);font-weight:700;font-size:13px}
summary .stl{color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap;flex:1;min-width:0}
summary .fr{display:flex;gap:4px;flex-wrap:wrap;justify-content:flex-end}
summary .fr code{background:var(--fail-bg);color:var(--fail);border-radius:4px;padding:0 6px;font-size:11.5px;font-weight:700}
summary .dur{color:var(--muted);font-size:12px;min-width:60px;text-align:right}
.sbody{padding:4px 18px 18px}
.errbox{background:var(--err-bg);border:1px solid #f0c490;border-radius:6px;padding:10px 14px;margin:14px 0;color:#6b3600;white-space:pre-wrap;font-family:var(--mono);font-size:12.5px}
.errbox b{font-family:-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.chips{display:flex;flex-wrap:wrap;gap:5px}
.chip{font-family:var(--mono);font-size:11.5px;font-weight:700;padding:1px 7px;border-radius:4px}
table.t{border-collapse:collapse;width:100%;font-size:13px}
table.t th{text-align:left;font-size:11.5px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);border-bottom:2px solid var(--line);padding:5px 8px;background:#fff}
table.t td{border-bottom:1px solid #eaeef2;padding:5px 8px;vertical-align:top}
table.t td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;color:var(--muted)}
table.vt tr.vo-fail td{background:#fff6f5}table.vt td.rid{font-family:var(--mono);font-size:12px;font-weight:700;white-space:nowrap}
table.vt td.rid small{display:block;font-weight:400;color:var(--muted)}
table.vt .vtitle{color:var(--muted);font-size:12px}
table.vt .meas{font-family:var(--mono);font-size:11.5px;color:#3d444d}
table.vt .evs a{display:inline-block;font-family:var(--mono);font-size:11.5px;background:#ddf4ff;border-radius:4px;padding:0 5px;margin:1px 2px 1px 0;white-space:nowrap}
table.vt tr.vo-fail .evs a{background:#ffd8d3;color:#a40e26}
table.vt .evs a small{color:var(--muted);font-weight:400}
.res-ok{color:var(--pass);font-weight:600}.res-error{color:var(--fail);font-weight:700}.res-skipped{color:var(--no);font-weight:600}
pre.out{background:#0d1117;color:#e6edf3;border-radius:6px;padding:10px 12px;max-height:340px;overflow:auto;font-size:12px;white-space:pre-wrap;word-break:break-all}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:3px 16px;font-size:13px;margin-top:12px}.kv dt{color:var(--muted)}.kv dd{margin:0;word-break:break-all}
/* diagram */
.seqlegend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:var(--muted);margin-bottom:6px}
.seqlegend span{display:inline-flex;align-items:center;gap:5px}
.seqlegend svg{vertical-align:middle}
.seqwrap{border:1px solid var(--line);border-radius:8px;overflow:auto;max-height:72vh;background:#fff;position:relative}
.seqhead{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line)}
.seqwrap svg{display:block;font-family:-apple-system,"Segoe UI",Roboto,Arial,"Liberation Sans",sans-serif}
.seqwrap svg text{font-size:11px}
.seqwrap .lbl{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.seqwrap g.row{cursor:pointer}.seqwrap g.row:hover rect.bg{fill:#f1f5fb}
.seqwrap g.row.sel rect.bg{fill:#fff3b0!important}
.seqwrap rect.bg.evp{fill:#eaf7ee}.seqwrap rect.bg.evf{fill:#ffe7e4}.seqwrap rect.bg.evo{fill:#fff8d6}
.empty{color:var(--muted);font-style:italic;padding:10px}
/* timeline */
.tlbar{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin-bottom:8px;font-size:12.5px}
.tlbar label{display:inline-flex;align-items:center;gap:4px;cursor:pointer;user-select:none}
.tlbar label.src{border:1px solid var(--line);border-radius:12px;padding:1px 9px 1px 5px;background:#fff}
.tlbar label.src.off{opacity:.45}
.tlbar .cnt{color:var(--muted);margin-left:auto}
.tlwrap{border:1px solid var(--line);border-radius:8px;max-height:62vh;overflow:auto;position:relative}
table.tlt{border-collapse:collapse;width:100%;font-size:12.5px}
table.tlt thead th{position:sticky;top:0;background:#f6f8fa;z-index:1;text-align:left;padding:5px 8px;font-size:11px;text-transform:uppercase;color:var(--muted);border-bottom:1px solid var(--line)}
table.tlt td{padding:3px 8px;border-bottom:1px solid #f0f2f4;vertical-align:top}
table.tlt tr.e{cursor:pointer}table.tlt tr.e:hover td{background:#f6f9fd}
table.tlt td.i,table.tlt td.t{font-family:var(--mono);font-size:11.5px;color:var(--muted);text-align:right;white-space:nowrap}
table.tlt td.k{white-space:nowrap;color:#3d444d}table.tlt td.nm{font-family:var(--mono);font-size:11.5px;white-space:nowrap}
table.tlt td.sm{color:#3d444d;max-width:0;width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.tlt tr.evf td{background:#fff1ef}table.tlt tr.evp td{background:#f0faf3}table.tlt tr.evo td{background:#fffbe6}
table.tlt tr.sel td{background:#fff3b0!important}
table.tlt tr.flash td{animation:flash 1.6s ease-out}
@keyframes flash{0%{background:#ffd33d}100%{background:#fff3b0}}
table.tlt tr.det td{background:#fafbfc;padding:0 8px 8px 60px}
table.tlt tr.det pre{margin:4px 0;font-size:11.5px;max-height:360px;overflow:auto;white-space:pre-wrap;word-break:break-all}
.src{font-family:var(--mono);font-size:11px;font-weight:700;padding:0 6px;border-radius:4px;display:inline-block}
.s-xfs{background:#ddf4ff;color:#0550ae}.s-host{background:#fff1e5;color:#bc4c00}.s-terminal{background:#e7ecf0;color:#3d444d}
.s-journal{background:#e6f6f4;color:#116d5f}.s-customer{background:#f3ecff;color:#6639ba}.s-fault{background:#cf222e;color:#fff}
.s-bench{background:#eaeef2;color:#57606a}.s-truth,.s-ledger{background:#fff8c5;color:#7d5b00}.s-admin{background:#ffeff7;color:#99286e}
.evb{white-space:nowrap}.evb b{font-family:var(--mono);font-size:10.5px;padding:0 4px;border-radius:3px;margin-left:2px}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:30px}
.hidden{display:none!important}
@media print{.topbar,.sbar,.tlbar{display:none}.seqwrap,.tlwrap,.mxwrap{max-height:none;overflow:visible}body{background:#fff}section.card{box-shadow:none}}
)CSS";

const char* const kScript = R"JS(
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
)JS";

}  // namespace atmbench::harness::html
