/* argmap viewer: navigates a map that Graphviz laid out (the SVG above).
   It never builds markup from text: every piece of the map's text is set with
   textContent, and links are made only to http(s) addresses. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("am-data").textContent);
  var P = data.prefix;
  var nodes = data.nodes;
  var stage = byId("am-stage");
  var canvas = byId("am-canvas");
  var svg = canvas.querySelector("svg");
  var panel = byId("am-panel");
  var body = byId("am-body");
  var query = byId("am-q");
  var results = byId("am-results");
  var status = byId("am-status");
  var depthInput = byId("am-depth");
  var W = parseFloat(svg.getAttribute("width")) || 1000;
  var H = parseFloat(svg.getAttribute("height")) || 800;
  var view = { x: 0, y: 0, k: 1 };
  var MIN_K = 0.0005; // a very wide map must still fit
  var MAX_K = 4;

  function byId(id) {
    return document.getElementById(id);
  }

  // ------------------------------------------------------------------ elements
  var byName = {}; // DOT name -> node index
  var index = {}; // statement id -> node index
  nodes.forEach(function (n, i) {
    n.el = byId(P + "n" + i);
    byName["n" + i] = i;
    index[n.id] = i;
    n.out = [];
    n.inc = [];
    n.near = [];
  });
  var edges = [];
  Array.prototype.forEach.call(svg.querySelectorAll("g.edge"), function (el) {
    var ends = el.id.slice(P.length).split("~");
    edges.push({ el: el, tail: ends[0], head: ends[1] });
  });
  var pointEls = {};
  Object.keys(data.points).forEach(function (name) {
    pointEls[name] = byId(P + name);
  });
  var groups = data.groups;
  groups.forEach(function (g, i) {
    g.el = byId(P + g.dom);
    g.members = [];
    g.children = [];
  });
  groups.forEach(function (g, i) {
    if (g.parent !== undefined) groups[g.parent].children.push(i);
  });
  nodes.forEach(function (n, i) {
    if (n.group !== undefined) groups[n.group].members.push(i);
  });
  // links travel as [kind, from, to] or [kind, from, [tail, head], kind of that link]
  data.links = data.links.map(function (l) {
    var out = { kind: data.linkKinds[l[0]], from: l[1] };
    if (typeof l[2] === "number") out.to = l[2];
    else {
      out.link = l[2];
      out.linkKind = data.linkKinds[l[3]];
    }
    return out;
  });
  data.links.forEach(function (l) {
    var ends = l.to !== undefined ? [l.to] : l.link;
    nodes[l.from].out.push(l);
    ends.forEach(function (t) {
      nodes[t].inc.push(l);
      nodes[l.from].near.push(t);
      nodes[t].near.push(l.from);
    });
  });
  var cited = data.docs.map(function () {
    return [];
  });
  nodes.forEach(function (n, i) {
    (n.cites || []).forEach(function (c) {
      cited[c.doc].push({ node: i, cite: c });
    });
  });

  // ------------------------------------------------------------------ the view
  /* The view is applied once per frame. A small map is moved as it is: while the user
     pans or zooms the diagram is one composited layer (will-change). A big map (the
     renderer marks it with the am-big class) has a stand-in: painting thousands of SVG
     shapes under a software rasteriser takes seconds a frame, so the live SVG is kept
     in the page (focusable, read by screen readers, at the view's position once a
     gesture settles) but clipped away, not painted, while a canvas draws the diagram
     from a copy of its geometry (texts as grey bars when too small to read). A drawing
     is made a few milliseconds a frame into a hidden canvas and swapped in when done;
     meanwhile the compositor moves and scales the last one. A jump (search, link) is
     drawn by the stand-in too: painting the live SVG again cost frames of 100-350 ms at
     5,000 statements, however little of it was in view. A small map gets a
     stand-in too, built after its first paint, but only for gestures (zooming its
     live SVG re-rasterised it for up to 1.5 s a frame): when one settles, the live SVG
     comes back at the new view. */
  var pending = false;
  var settle = 0;
  var live = { x: 0, y: 0, k: 1 }; // the transform the live SVG has
  var STANDIN = !!(window.Path2D && window.DOMMatrix);
  var BIG = document.body.classList.contains("am-big") && STANDIN;
  var SETTLE_MS = 400; // after the last wheel step or key; a drag settles on release
  var BUDGET_MS = 8; // stand-in work (reading the geometry, drawing) per frame
  var raster = null; // the stand-in: see makeRaster
  if (!BIG) stage.classList.remove("am-standin", "am-clip");

  function perfMark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }
  function show() {
    pending = false;
    stage.setAttribute("data-view", view.x + " " + view.y + " " + view.k);
    if (raster && raster.on) place();
    else setLive();
  }
  function setLive() {
    live.x = view.x;
    live.y = view.y;
    live.k = view.k;
    canvas.style.transform =
      "translate(" + view.x + "px," + view.y + "px) scale(" + view.k + ")";
  }
  function apply(now) {
    if (now === true) {
      if (settle) clearTimeout(settle);
      return settled();
    }
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      if (pending) show();
    });
  }
  function moving() {
    var ready = raster && (BIG || raster.ready);
    if (ready) standIn(true);
    else if (!settle) canvas.style.willChange = "transform";
    clearTimeout(settle);
    settle = setTimeout(settledLater, ready ? SETTLE_MS : 700);
  }
  /* The gesture is over: the stand-in is drawn sharp at the view, and the live SVG
     (not painted) is moved there too, so that assistive technology that shows where
     an element is (a magnifier following the focus) finds it where it is drawn.
     Bringing the live SVG itself back at a new scale repainted it for seconds on the
     benchmark's 1,000-statement map; only a jump (search, a link, centre) does. */
  function settledLater() {
    if (raster && drag) {
      settle = setTimeout(settledLater, SETTLE_MS); // still held
      return;
    }
    if (!raster || !BIG) return settled(); // a small map's live SVG comes back
    settle = 0;
    pending = false;
    stage.setAttribute("data-view", view.x + " " + view.y + " " + view.k);
    setLive();
    standIn(true);
    redraw(true);
  }
  function settled() {
    settle = 0;
    pending = false;
    if (!BIG) canvas.style.willChange = "auto";
    stage.setAttribute("data-view", view.x + " " + view.y + " " + view.k);
    if (!raster || (!BIG && !raster.ready)) {
      canvas.style.willChange = "auto";
      show();
      return perfMark("argmap-shown");
    }
    setLive();
    if (BIG || !raster.ready) {
      // a big map stays drawn by its stand-in: painting the live SVG again took a few
      // 100 ms frames (pre-paint and paint walk all of it, however little is in view)
      standIn(true);
      redraw(true);
      return;
    }
    if (!raster.on) return;
    // the live SVG paints again; the stand-in stays until it has
    stage.classList.remove("am-clip");
    var k = live.k, x = live.x, y = live.y;
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        if (!settle && live.k === k && live.x === x && live.y === y && !stage.classList.contains("am-clip")) {
          standIn(false);
          perfMark("argmap-shown");
        }
      });
    });
  }
  function standIn(on) {
    if (on) stage.classList.add("am-clip");
    if (raster.on === on) return;
    raster.on = on;
    raster.box.hidden = !on;
    stage.classList.toggle("am-standin", on);
    if (on) place();
  }
  /* The stand-in shows the nodes' states (hidden, matched, selected) too; while the
     live SVG is shown it is kept drawn at the view, so a gesture starts at once. */
  function restyled() {
    if (!raster) return;
    raster.stale = true;
    if (raster.on) apply();
    else redraw(true);
  }
  function stageSize() {
    return { w: stage.clientWidth, h: stage.clientHeight };
  }

  function clampK(k) {
    return Math.min(MAX_K, Math.max(MIN_K, k));
  }

  /* Fit a box (in diagram pixels) into the stage; maxK caps the zoom. */
  function fitBox(b, maxK, pad) {
    var s = stageSize();
    pad = pad === undefined ? 16 : pad;
    var k = Math.min((s.w - 2 * pad) / Math.max(b.w, 1), (s.h - 2 * pad) / Math.max(b.h, 1));
    k = clampK(Math.min(k, maxK || MAX_K));
    view.k = k;
    view.x = s.w / 2 - (b.x + b.w / 2) * k;
    view.y = s.h / 2 - (b.y + b.h / 2) * k;
    apply(true);
  }

  function fitAll() {
    var b = visibleBox();
    fitBox(b || { x: 0, y: 0, w: W, h: H }, 1.5);
  }

  /* An element's box in diagram pixels (independent of the current view): read once
     with the stand-in's geometry (reading it from the page makes the browser lay out
     what changed, a long task in a big map), else from the live SVG. */
  function boxOf(el) {
    var it = raster && raster.ready ? raster.byEl.get(el) : null;
    if (it) return { x: it.box.x, y: it.box.y, w: it.box.w, h: it.box.h };
    var r = el.getBoundingClientRect();
    var c = canvas.getBoundingClientRect();
    return {
      x: (r.left - c.left) / live.k,
      y: (r.top - c.top) / live.k,
      w: r.width / live.k,
      h: r.height / live.k,
    };
  }

  function union(boxes) {
    if (!boxes.length) return null;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    boxes.forEach(function (b) {
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.w);
      y1 = Math.max(y1, b.y + b.h);
    });
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }

  function visibleBox() {
    if (!hiddenCount) return null;
    var boxes = [];
    nodes.forEach(function (n) {
      if (n.el && !n.hidden) boxes.push(boxOf(n.el));
    });
    return union(boxes);
  }

  function zoomAt(factor, px, py) {
    var s = stageSize();
    if (px === undefined) {
      px = s.w / 2;
      py = s.h / 2;
    }
    moving();
    var k = clampK(view.k * factor);
    view.x = px - ((px - view.x) * k) / view.k;
    view.y = py - ((py - view.y) * k) / view.k;
    view.k = k;
    apply();
  }

  function pan(dx, dy) {
    moving();
    view.x += dx;
    view.y += dy;
    apply();
  }

  function centreOn(i) {
    var n = nodes[i];
    if (!n.el) return;
    var b = boxOf(n.el);
    var s = stageSize();
    var k = Math.min((s.w * 0.45) / b.w, (s.h * 0.3) / b.h, 1.5);
    view.k = clampK(Math.max(k, 0.6));
    view.x = s.w / 2 - (b.x + b.w / 2) * view.k;
    view.y = s.h / 2 - (b.y + b.h / 2) * view.k;
    apply(true);
  }

  function ensureVisible(el) {
    var b = boxOf(el);
    var s = stageSize();
    var left = view.x + b.x * view.k, top = view.y + b.y * view.k;
    var right = left + b.w * view.k, bottom = top + b.h * view.k;
    var dx = 0, dy = 0;
    if (left < 0) dx = 40 - left;
    else if (right > s.w) dx = s.w - right - 40;
    if (top < 0) dy = 40 - top;
    else if (bottom > s.h) dy = s.h - bottom - 40;
    if (dx || dy) {
      view.x += dx;
      view.y += dy;
      apply(true);
    }
  }

  // ------------------------------------------------------------------ the stand-in
  /* Two canvases: the one shown (front), moved and scaled by the compositor during a
     gesture, and the one being drawn (back) for a newer view, a slice each frame. */
  function makeRaster(on) {
    var box = document.createElement("div");
    box.id = "am-raster-box";
    box.setAttribute("aria-hidden", "true");
    function layer(id) {
      var el = document.createElement("canvas");
      el.id = id;
      box.appendChild(el);
      return { el: el, ctx: el.getContext("2d", { alpha: false, willReadFrequently: true }), drawn: null };
    }
    var front = layer("am-raster"), back = layer("am-raster-back");
    back.el.hidden = true;
    stage.appendChild(box);
    raster = { box: box, front: front, back: back, items: [], byEl: new Map(), ready: false, on: on, stale: false, job: null, built: 0 };
    box.hidden = !on;
    if (on) stage.classList.add("am-standin", "am-clip");
    else pump(); // a small map's stand-in is built (and drawn, hidden) after its first paint
  }

  /* The front canvas shows its drawing moved to the view; a new drawing is started when
     it drifted far (scale x1.5, or 40% of the stage) or the states changed. */
  function place() {
    var f = raster.front, d = f.drawn;
    if (d) {
      var r = view.k / d.k, tx = view.x - d.x * r, ty = view.y - d.y * r;
      f.el.style.transform = r === 1 && tx === 0 && ty === 0 ? "none" : "translate(" + tx + "px," + ty + "px) scale(" + r + ")";
    }
    if (!d || raster.stale || drifted(d)) redraw(false);
  }
  function drifted(d) {
    var s = stageSize(), r = view.k / d.k;
    var tx = view.x - d.x * r, ty = view.y - d.y * r;
    return r > 1.5 || r < 0.67 || Math.abs(tx) > 0.4 * s.w || Math.abs(ty) > 0.4 * s.h;
  }
  function same(a, b) {
    return a && b && a.x === b.x && a.y === b.y && a.k === b.k;
  }
  /* Start a drawing of the current view, unless the one under way will do: during a
     gesture one that is not too far off is finished first (restarting each frame would
     never finish one); `exact` asks for this very view (the gesture settled). */
  function redraw(exact) {
    var j = raster.job;
    if (!raster.stale) {
      if (same(raster.front.drawn, view) && !j) return;
      if (j && (exact ? same(j.view, view) : !drifted(j.view))) return;
      if (j && !exact) return; // finish it first; place() asks again when it is done
    }
    raster.stale = false;
    var s = stageSize();
    raster.job = { view: { x: view.x, y: view.y, k: view.k }, w: s.w, h: s.h, i: 0, layer: null };
    pump();
  }

  var pumping = false;
  function pump() {
    if (pumping) return;
    pumping = true;
    requestAnimationFrame(work);
  }
  /* A frame's share of the work: read more of the geometry, draw more of the job. */
  function work() {
    pumping = false;
    var end = performance.now() + BUDGET_MS;
    perfMark("argmap-work-start");
    if (!raster.ready) build(end);
    if (raster.job) drawSome(raster.job, end);
    if (window.performance && performance.measure) performance.measure("argmap-work", "argmap-work-start");
    if (!raster.ready || raster.job) pump();
  }

  /* The geometry, read from the live SVG (laid out, but not painted) in diagram pixels. */
  var all = null, spaces = null, rootInv = null, vbScale = null;
  function build(end) {
    if (!all) {
      all = svg.querySelectorAll("g.node, g.edge, g.cluster");
      var vb = svg.viewBox && svg.viewBox.baseVal;
      vbScale = [vb && vb.width ? W / vb.width : 1, vb && vb.height ? H / vb.height : 1];
      document.body.setAttribute("data-standin", "building");
    }
    var ctm = svg.getScreenCTM();
    if (!ctm) return; // not laid out yet
    rootInv = ctm.inverse(); // read again in each slice: the view may move in between
    spaces = new Map();
    var c = canvas.getBoundingClientRect();
    var at = raster.built;
    while (at < all.length) {
      var it = itemOf(all[at++], c);
      raster.items.push(it);
      raster.byEl.set(it.el, it);
      if (at % 64 === 0 && performance.now() > end) break;
    }
    raster.built = at;
    if (at >= all.length) {
      raster.ready = true;
      all = spaces = null;
      document.body.setAttribute("data-standin", "ready");
      perfMark("argmap-standin");
    }
  }
  function space(parent) {
    var m = spaces.get(parent);
    if (!m) {
      var ctm = parent.getScreenCTM();
      var r = ctm ? rootInv.multiply(ctm) : new DOMMatrix();
      var sx = vbScale[0], sy = vbScale[1];
      m = new DOMMatrix([r.a * sx, r.b * sy, r.c * sx, r.d * sy, r.e * sx, r.f * sy]);
      spaces.set(parent, m);
    }
    return m;
  }
  var FONT_SIZE = num(svg.getAttribute("font-size"), 14); // the texts' usual size, set once
  function num(v, d) {
    var n = parseFloat(v);
    return isNaN(n) ? d : n;
  }

  function itemOf(g, c) {
    var r = g.getBoundingClientRect();
    var it = {
      el: g,
      m: space(g.parentNode),
      box: { x: (r.left - c.left) / live.k, y: (r.top - c.top) / live.k, w: r.width / live.k, h: r.height / live.k },
      node: -1,
      cluster: g.classList.contains("cluster"),
      shapes: [],
      texts: [],
    };
    if (g.classList.contains("node")) {
      var i = byName[g.id.slice(P.length)];
      if (i !== undefined) it.node = i;
    }
    Array.prototype.forEach.call(g.querySelectorAll("path, polygon, polyline, ellipse, rect"), function (e) {
      var p = new Path2D();
      var tag = e.localName;
      if (tag === "path") p = new Path2D(e.getAttribute("d") || "");
      else if (tag === "ellipse") p.ellipse(num(e.getAttribute("cx"), 0), num(e.getAttribute("cy"), 0), num(e.getAttribute("rx"), 0), num(e.getAttribute("ry"), 0), 0, 0, 2 * Math.PI);
      else if (tag === "rect") p.rect(num(e.getAttribute("x"), 0), num(e.getAttribute("y"), 0), num(e.getAttribute("width"), 0), num(e.getAttribute("height"), 0));
      else {
        var pts = (e.getAttribute("points") || "").trim().split(/[\s,]+/).map(Number);
        for (var j = 0; j + 1 < pts.length; j += 2) {
          if (j) p.lineTo(pts[j], pts[j + 1]);
          else p.moveTo(pts[j], pts[j + 1]);
        }
        if (tag === "polygon") p.closePath();
      }
      var fill = e.getAttribute("fill");
      var stroke = e.getAttribute("stroke");
      var dash = e.getAttribute("stroke-dasharray");
      it.shapes.push({
        p: p,
        fill: fill && fill !== "none" && fill !== "transparent" ? fill : null,
        stroke: stroke && stroke !== "none" && stroke !== "transparent" ? stroke : tag === "path" && !fill ? "#000" : null,
        width: num(e.getAttribute("stroke-width"), 1),
        alpha: num(e.getAttribute("stroke-opacity"), 1),
        dash: dash ? dash.split(/[\s,]+/).map(Number) : null,
      });
    });
    Array.prototype.forEach.call(g.querySelectorAll("text"), function (e) {
      var size = num(e.getAttribute("font-size"), FONT_SIZE);
      var str = e.textContent || "";
      var anchor = e.getAttribute("text-anchor") || "start";
      it.texts.push({
        x: num(e.getAttribute("x"), 0),
        y: num(e.getAttribute("y"), 0),
        size: size,
        str: str,
        w: str.length * size * 0.5,
        anchor: anchor,
        bold: e.getAttribute("font-weight") === "bold",
        fill: e.getAttribute("fill") || "#000",
      });
    });
    // a big map's live texts are not laid out (see viewer.css): the box takes them in
    var m = it.m, b = it.box;
    it.texts.forEach(function (t) {
      var x = t.anchor === "middle" ? t.x - t.w / 2 : t.anchor === "end" ? t.x - t.w : t.x;
      var x0 = m.a * x + m.e, x1 = m.a * (x + t.w) + m.e;
      var y0 = m.d * (t.y - t.size) + m.f, y1 = m.d * t.y + m.f;
      var left = Math.min(b.x, x0, x1), top = Math.min(b.y, y0, y1);
      b.w = Math.max(b.x + b.w, x0, x1) - left;
      b.h = Math.max(b.y + b.h, y0, y1) - top;
      b.x = left;
      b.y = top;
    });
    return it;
  }

  var HIT = "#ffd54f";
  var HIT_LINE = "#b45309"; // a hit's outline: evidence is drawn pale yellow already
  /* Draw the job's items until the frame's budget is spent. Chromium records canvas
     calls and rasterises them at the end of the frame; reading one pixel makes it do so
     now, inside the budget, so that no frame gets a long raster. */
  function drawSome(j, end) {
    if (!j.layer) {
      j.layer = raster.front.drawn ? raster.back : raster.front; // the first drawing shows as it goes
      var el = j.layer.el, dpr = window.devicePixelRatio || 1;
      var cw = Math.round(j.w * dpr), ch = Math.round(j.h * dpr);
      if (el.width !== cw || el.height !== ch) {
        el.width = cw;
        el.height = ch;
      }
      var ctx = j.layer.ctx, v = j.view;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, cw, ch);
      j.x0 = -v.x / v.k;
      j.y0 = -v.y / v.k;
      j.x1 = j.x0 + j.w / v.k;
      j.y1 = j.y0 + j.h / v.k;
      j.base = new DOMMatrix([dpr * v.k, 0, 0, dpr * v.k, dpr * v.x, dpr * v.y]);
      j.lastM = null;
      j.focused = document.activeElement;
      j.long = Math.max(j.w, j.h);
    }
    var items = raster.items, cost = 0;
    while (j.i < items.length) {
      cost += drawItem(j, items[j.i++]);
      if (cost > 400) {
        j.layer.ctx.getImageData(0, 0, 1, 1);
        cost = 0;
        if (performance.now() > end) break;
      }
    }
    if (cost) j.layer.ctx.getImageData(0, 0, 1, 1);
    if (j.i >= items.length && raster.ready) finish(j);
  }

  function finish(j) {
    var layer = j.layer;
    raster.job = null;
    layer.drawn = j.view;
    if (layer !== raster.front) {
      layer.el.hidden = false;
      raster.front.el.hidden = true;
      raster.front.el.id = "am-raster-back";
      layer.el.id = "am-raster";
      raster.back = raster.front;
      raster.front = layer;
    }
    if (!raster.shown && BIG) {
      raster.shown = true;
      fitted();
    }
    if (!settle && same(j.view, view)) perfMark("argmap-shown");
    place();
  }

  /* One item (a node, an edge or a section) of the job's view; returns its cost (calls). */
  function drawItem(j, it) {
    var b = it.box, v = j.view;
    if (b.x > j.x1 || b.x + b.w < j.x0 || b.y > j.y1 || b.y + b.h < j.y0) return 0;
    var g = it.el;
    if (g.classList.contains("am-hidden")) return 0;
    var ctx = j.layer.ctx;
    var isNode = it.node >= 0;
    var match = isNode && !!nodes[it.node].match;
    var sel = isNode && g.classList.contains("am-selected");
    var foc = isNode && g === j.focused;
    if (isNode && !sel && !foc && b.w * v.k < 8 && it.shapes.length) {
      // a node a few pixels wide: its box in its colour, no outline or text
      if (j.lastM !== j.base) {
        ctx.setTransform(j.base.a, 0, 0, j.base.d, j.base.e, j.base.f);
        j.lastM = j.base;
      }
      var first = it.shapes[0];
      ctx.fillStyle = match ? HIT : first.fill || first.stroke || "#999";
      ctx.fillRect(b.x, b.y, b.w, b.h);
      return 1;
    }
    if (it.m !== j.lastM) {
      var m = j.base.multiply(it.m);
      ctx.setTransform(m.a, m.b, m.c, m.d, m.e, m.f);
      j.lastM = it.m;
    }
    var px = v.k * Math.abs(it.m.a || it.m.b); // screen pixels per local unit
    var long = (Math.max(b.w, b.h) * v.k) / j.long;
    var cost = 0;
    it.shapes.forEach(function (sh, k) {
      var first = isNode && k === 0;
      if (sh.fill) {
        ctx.fillStyle = first && match ? HIT : sh.fill;
        ctx.fill(sh.p);
        cost++;
      }
      if (sh.stroke || (first && (sel || foc || match))) {
        var mark = first && (sel || foc || match);
        ctx.globalAlpha = mark ? 1 : sh.alpha;
        ctx.strokeStyle = first && sel ? "#1a1aff" : first && foc ? "#0b57d0" : first && match ? HIT_LINE : sh.stroke;
        ctx.lineWidth = mark ? Math.max(match && !sel && !foc ? 3 : 4, 2 / px) : Math.max(sh.width, 0.6 / px);
        // dashing costs per dash over the whole path, seen or not: a line much longer
        // than the stage is drawn solid
        ctx.setLineDash(sh.dash && sh.dash.length && long < 2 ? sh.dash : []);
        ctx.stroke(sh.p);
        ctx.globalAlpha = 1;
        cost++;
      }
    });
    ctx.setLineDash([]);
    if (it.texts.length) cost += drawTexts(ctx, it.texts, px);
    return cost;
  }

  /* Text big enough to read is drawn as text; smaller text as a grey bar. */
  function drawTexts(ctx, texts, px) {
    var cost = 0;
    texts.forEach(function (t) {
      var screen = t.size * px;
      var x = t.anchor === "middle" ? t.x - t.w / 2 : t.anchor === "end" ? t.x - t.w : t.x;
      if (screen < 6) {
        if (screen < 0.4) return;
        ctx.fillStyle = "rgba(0,0,0,0.28)";
        ctx.fillRect(x, t.y - t.size * 0.7, t.w, t.size * 0.75);
        cost++;
        return;
      }
      ctx.fillStyle = t.fill;
      ctx.font = (t.bold ? "bold " : "") + t.size + "px Helvetica,Arial,sans-serif";
      ctx.textAlign = t.anchor === "middle" ? "center" : t.anchor === "end" ? "right" : "left";
      ctx.fillText(t.str, t.x, t.y);
      cost += 4;
    });
    return cost;
  }

  /* What is under a point of the stand-in: the topmost node, else a section. */
  function rasterTarget(clientX, clientY) {
    var r = stage.getBoundingClientRect();
    var x = (clientX - r.left - view.x) / view.k, y = (clientY - r.top - view.y) / view.k;
    var cluster = null;
    for (var j = raster.items.length - 1; j >= 0; j--) {
      var it = raster.items[j], b = it.box;
      if (x < b.x || x > b.x + b.w || y < b.y || y > b.y + b.h) continue;
      if (it.el.classList.contains("am-hidden")) continue;
      if (it.node >= 0) return it.el;
      if (it.cluster && !cluster) cluster = it.el;
    }
    return cluster;
  }
  // pointer: drag to pan, two fingers to pinch, a click selects
  var pointers = {};
  var drag = null;
  stage.addEventListener("pointerdown", function (e) {
    if (e.button !== 0 && e.pointerType === "mouse") return;
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    stage.setPointerCapture(e.pointerId);
    var target = e.target;
    if (raster && raster.ready && raster.box.contains(target)) target = rasterTarget(e.clientX, e.clientY);
    drag = { x: e.clientX, y: e.clientY, moved: 0, pinch: null, target: target };
    var ids = Object.keys(pointers);
    if (ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      drag.pinch = Math.hypot(a.x - b.x, a.y - b.y);
    }
  });
  stage.addEventListener("pointermove", function (e) {
    if (!drag || !pointers[e.pointerId]) return;
    var prev = pointers[e.pointerId];
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    var ids = Object.keys(pointers);
    if (ids.length >= 2 && drag.pinch) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      var d = Math.hypot(a.x - b.x, a.y - b.y);
      var r = stage.getBoundingClientRect();
      zoomAt(d / drag.pinch, (a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top);
      drag.pinch = d;
      drag.moved += 10;
      return;
    }
    var dx = e.clientX - prev.x, dy = e.clientY - prev.y;
    drag.moved += Math.abs(dx) + Math.abs(dy);
    if (drag.moved > 4) {
      stage.classList.add("am-dragging");
      pan(dx, dy);
    }
  });
  function endPointer(e) {
    delete pointers[e.pointerId];
    if (!drag) return;
    if (Object.keys(pointers).length) return;
    stage.classList.remove("am-dragging");
    if (drag.moved <= 4 && e.type === "pointerup") clicked(drag.target);
    drag = null;
  }
  stage.addEventListener("pointerup", endPointer);
  stage.addEventListener("pointercancel", endPointer);
  stage.addEventListener(
    "wheel",
    function (e) {
      e.preventDefault();
      var r = stage.getBoundingClientRect();
      var step = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      zoomAt(Math.exp(-step * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
    },
    { passive: false }
  );

  // ------------------------------------------------------------------ tooltip
  /* Hovering a node shows its title and text (set with textContent). The node's SVG
     <title> would show the browser's own tooltip too: at the first hover it becomes the
     node's aria-label (the same accessible name). */
  var tip = el("div", null);
  tip.id = "am-tip";
  tip.setAttribute("aria-hidden", "true");
  tip.hidden = true;
  document.body.appendChild(tip);
  var tipNode = -1, tipTimer = 0, tipAt = null;
  function hideTip() {
    clearTimeout(tipTimer);
    tipTimer = 0;
    tipNode = -1;
    tip.hidden = true;
  }
  function untitle(g) {
    var t = g.querySelector(":scope > title");
    if (!t) return;
    g.setAttribute("aria-label", t.textContent);
    t.remove();
  }
  function showTip() {
    tipTimer = 0;
    var n = nodes[tipNode];
    if (!n || !tipAt) return;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    tip.appendChild(el("div", "am-kind", KIND_WORD[n.kind] || n.kind));
    if (n.title) tip.appendChild(el("strong", null, n.title));
    if (n.text) {
      var text = n.text.length > 400 ? n.text.slice(0, 399) + "…" : n.text;
      tip.appendChild(el("p", null, text));
    }
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var r = stage.getBoundingClientRect(); // kept on the map, off the panel
    var x = tipAt.x + 14, y = tipAt.y + 18;
    if (x + w > r.right - 4) x = Math.max(r.left + 4, tipAt.x - w - 10);
    if (y + h > r.bottom - 4) y = Math.max(r.top + 4, tipAt.y - h - 10);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hovered(e) {
    if (drag || e.pointerType === "touch") return hideTip();
    var target = e.target;
    if (raster && raster.on && raster.ready && raster.box.contains(target)) target = rasterTarget(e.clientX, e.clientY);
    var i = nodeOf(target);
    if (i !== tipNode) {
      hideTip();
      if (i < 0) return;
      tipNode = i;
      if (nodes[i].el) untitle(nodes[i].el);
    }
    tipAt = { x: e.clientX, y: e.clientY };
    if (!tip.hidden) showTip();
    else if (!tipTimer) tipTimer = setTimeout(showTip, 350);
  }
  stage.addEventListener("pointermove", hovered);
  stage.addEventListener("pointerleave", hideTip);
  stage.addEventListener("pointerdown", hideTip);
  stage.addEventListener("wheel", hideTip, { passive: true });

  function nodeOf(target) {
    var el = target && target.closest ? target.closest("g.node") : null;
    if (!el || !el.id) return -1;
    var i = byName[el.id.slice(P.length)];
    return i === undefined ? -1 : i;
  }

  function clicked(target) {
    var i = nodeOf(target);
    if (i >= 0) {
      go(i, false);
      return;
    }
    var cl = target && target.closest ? target.closest("g.cluster") : null;
    if (cl) {
      for (var g = 0; g < groups.length; g++) {
        if (groups[g].el === cl) {
          toggleSection(g);
          return;
        }
      }
    }
  }

  // ------------------------------------------------------------------ keyboard
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA");
    if (e.key === "Escape") {
      if (typing && t === query && !results.hidden) {
        hideResults();
      } else if (focusOn !== null) {
        unfocus();
      } else if (!panel.hidden) {
        closePanel();
      }
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === "f" || e.key === "F")) {
      // Ctrl/Cmd+F searches the map; pressed again in the search box, the browser finds
      if (t !== query) {
        e.preventDefault();
        hideTip();
        query.focus();
        query.select();
      }
      return;
    }
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    var i = nodeOf(t);
    if ((e.key === "Enter" || e.key === " ") && i >= 0) {
      e.preventDefault();
      go(i, false);
      return;
    }
    var inLink = t && (t.tagName === "A" || t.tagName === "BUTTON");
    var step = 60;
    switch (e.key) {
      case "ArrowLeft": pan(step, 0); break;
      case "ArrowRight": pan(-step, 0); break;
      case "ArrowUp": pan(0, step); break;
      case "ArrowDown": pan(0, -step); break;
      case "+": case "=": zoomAt(1.25); break;
      case "-": case "_": zoomAt(0.8); break;
      case "0": fitAll(); break;
      case "/": query.focus(); query.select(); break;
      case "f": if (selected !== null) toggleFocus(); break;
      default: return;
    }
    if (!(inLink && e.key.indexOf("Arrow") === 0)) e.preventDefault();
  });
  svg.addEventListener("focusin", function (e) {
    var i = nodeOf(e.target);
    if (i >= 0) ensureVisible(nodes[i].el);
    restyled();
  });

  // ------------------------------------------------------------------ visibility
  var evidenceShown = true;
  var collapsed = {}; // group index -> true
  var focusOn = null;
  var focusSet = null;
  var hiddenCount = 0;

  function sectionHidden(g) {
    while (g !== undefined) {
      if (collapsed[g]) return true;
      g = groups[g].parent;
    }
    return false;
  }

  function refresh() {
    hiddenCount = 0;
    nodes.forEach(function (n, i) {
      var hide =
        (!evidenceShown && n.kind === "evidence") ||
        (focusSet !== null && !focusSet[i]) ||
        (n.group !== undefined && sectionHidden(n.group));
      n.hidden = hide;
      if (hide) hiddenCount++;
      if (n.el) n.el.classList.toggle("am-hidden", hide);
    });
    var pointHidden = {};
    Object.keys(data.points).forEach(function (name) {
      var ends = data.points[name];
      var hide = nodes[ends[0]].hidden || nodes[ends[1]].hidden;
      pointHidden[name] = hide;
      if (pointEls[name]) pointEls[name].classList.toggle("am-hidden", hide);
    });
    function endHidden(name) {
      if (name in byName) return nodes[byName[name]].hidden;
      if (name in pointHidden) return pointHidden[name];
      return false;
    }
    edges.forEach(function (e) {
      e.el.classList.toggle("am-hidden", endHidden(e.tail) || endHidden(e.head));
    });
    groups.forEach(function (g, i) {
      if (!g.el) return;
      var inside = g.members.some(function (m) {
        return !nodes[m].hidden;
      });
      var shownKids = g.children.some(function (c) {
        return groups[c].el && !groups[c].el.classList.contains("am-hidden");
      });
      var parentCollapsed = g.parent !== undefined && sectionHidden(g.parent);
      g.el.classList.toggle("am-collapsed", !!collapsed[i]);
      g.el.classList.toggle(
        "am-hidden",
        parentCollapsed || (!collapsed[i] && !inside && !shownKids && hiddenCount > 0)
      );
      noteCollapsed(g, i);
    });
    var all = byId("am-all");
    all.hidden = hiddenCount === 0;
    say(hiddenCount ? nodes.length - hiddenCount + " of " + nodes.length + " shown" : "");
    restyled();
  }

  function noteCollapsed(g, i) {
    var note = g.el.querySelector("text.am-note");
    if (!collapsed[i]) {
      if (note) note.remove();
      return;
    }
    if (note) return;
    var shape = g.el.querySelector("polygon,path");
    if (!shape) return;
    var bb = shape.getBBox();
    note = document.createElementNS("http://www.w3.org/2000/svg", "text");
    note.setAttribute("class", "am-note");
    note.setAttribute("x", String(bb.x + 8));
    note.setAttribute("y", String(bb.y + bb.height / 2));
    note.textContent = "collapsed: " + countIn(i) + " statements (click to expand)";
    g.el.appendChild(note);
  }

  function countIn(g) {
    var total = groups[g].members.length;
    groups[g].children.forEach(function (c) {
      total += countIn(c);
    });
    return total;
  }

  function neighbourhood(start, depth) {
    var seen = {};
    seen[start] = true;
    var frontier = [start];
    for (var d = 0; d < depth && frontier.length; d++) {
      var next = [];
      frontier.forEach(function (i) {
        nodes[i].near.forEach(function (j) {
          if (!seen[j]) {
            seen[j] = true;
            next.push(j);
          }
        });
      });
      frontier = next;
    }
    return seen;
  }

  function depth() {
    var k = parseInt(depthInput.value, 10);
    if (!(k >= 1)) k = data.focusDepth;
    return Math.min(k, 20);
  }

  function focusMode(i) {
    focusOn = i;
    focusSet = neighbourhood(i, depth());
    byId("am-focus").setAttribute("aria-pressed", "true");
    refresh();
    // the neighbourhood keeps the map's layout and may lie far apart: fitted, its texts
    // would be too small to read, so the view stays on the statement, readable
    var b = visibleBox(), s = stageSize();
    var k = b ? Math.min((s.w - 32) / Math.max(b.w, 1), (s.h - 32) / Math.max(b.h, 1)) : 1;
    if (k >= FOCUS_MIN_K || !nodes[i].el) return fitAll();
    var n = boxOf(nodes[i].el);
    view.k = FOCUS_MIN_K;
    view.x = s.w / 2 - (n.x + n.w / 2) * view.k;
    view.y = s.h / 2 - (n.y + n.h / 2) * view.k;
    apply(true);
  }
  var FOCUS_MIN_K = 0.75;

  function unfocus() {
    focusOn = null;
    focusSet = null;
    byId("am-focus").setAttribute("aria-pressed", "false");
    refresh();
    fitAll();
  }

  function toggleFocus() {
    if (focusOn !== null && focusOn === selected) unfocus();
    else if (selected !== null) focusMode(selected);
  }

  function toggleSection(g) {
    collapsed[g] = !collapsed[g];
    refresh();
    if (!panel.hidden && panel.dataset.view === "sections") showSections();
  }

  function showAll() {
    focusOn = null;
    focusSet = null;
    collapsed = {};
    evidenceShown = true;
    byId("am-ev").setAttribute("aria-pressed", "true");
    byId("am-focus").setAttribute("aria-pressed", "false");
    refresh();
    fitAll();
  }

  // ------------------------------------------------------------------ selection
  var selected = null;

  function go(i, move) {
    if (nodes[i].hidden && focusSet === null) {
      if (!evidenceShown && nodes[i].kind === "evidence") {
        evidenceShown = true;
        byId("am-ev").setAttribute("aria-pressed", "true");
      }
      collapsed = {};
      refresh();
    } else if (nodes[i].hidden && focusSet !== null) {
      focusMode(i);
    }
    select(i);
    if (focusOn !== null && focusOn !== i && move) focusMode(i);
    if (move) centreOn(i);
    else if (nodes[i].el) ensureVisible(nodes[i].el);
    writeHash(i);
  }

  /* The URL names the selection a moment later: replaceState has the browser restyle
     the document (tens of ms in a big map), not in the frame that shows the jump. */
  var hashTimer = 0;
  function writeHash(i) {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(function () {
      hashTimer = 0;
      setHash(i);
    }, 250);
  }

  function select(i) {
    if (selected !== null && nodes[selected].el) nodes[selected].el.classList.remove("am-selected");
    selected = i;
    if (nodes[i].el) nodes[i].el.classList.add("am-selected");
    byId("am-focus").disabled = false;
    showNode(i);
    restyled();
  }

  function setHash(i) {
    var hash = "#n=" + encodeURIComponent(nodes[i].id);
    if (location.hash === hash) return;
    try {
      history.replaceState(null, "", hash);
    } catch (err) {
      /* a sandboxed frame may refuse; the selection still works */
    }
  }

  function readHash() {
    var m = /^#n=(.*)$/.exec(location.hash);
    if (!m) return -1;
    var id;
    try {
      id = decodeURIComponent(m[1]);
    } catch (err) {
      return -1;
    }
    return id in index ? index[id] : -1;
  }

  window.addEventListener("hashchange", function () {
    var i = readHash();
    if (i >= 0 && i !== selected) go(i, true);
  });

  // ------------------------------------------------------------------ the panel
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function label(n) {
    return n.title || n.text || n.id;
  }

  function nodeLink(i, text) {
    var a = el("a", null, text || label(nodes[i]));
    a.href = "#n=" + encodeURIComponent(nodes[i].id);
    a.addEventListener("click", function (e) {
      e.preventDefault();
      go(i, true);
    });
    return a;
  }

  function safeHref(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
  }

  function docLine(d) {
    var wrap = el("div", "am-doc");
    var href = safeHref(d.href);
    var name;
    if (href) {
      name = el("a", null, d.title);
      name.href = href;
      name.rel = "noopener noreferrer";
      name.target = "_blank";
    } else {
      name = el("cite", null, d.title);
    }
    wrap.appendChild(name);
    var meta = [d.author, d.publisher, d.published].filter(Boolean).join(", ");
    if (meta) wrap.appendChild(el("span", "am-meta", " — " + meta));
    if (d.url && !href) wrap.appendChild(el("div", "am-meta", d.url));
    return wrap;
  }

  function openPanel(kind) {
    panel.hidden = false;
    panel.dataset.view = kind;
    document.body.classList.add("am-open");
    restyled();
    while (body.firstChild) body.removeChild(body.firstChild);
  }

  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove("am-open");
    restyled();
    if (selected !== null && nodes[selected].el) nodes[selected].el.focus({ preventScroll: true });
  }

  var RELATIONS_OUT = {
    support: "Supports",
    attack: "Attacks",
    undercut: "Undercuts",
    contradiction: "Contradicts",
    premise: "Premise of",
    conclusion: "Concludes",
  };
  var RELATIONS_IN = {
    support: "Supported by",
    attack: "Attacked by",
    undercut: "Undercut by",
    contradiction: "Contradicted by",
    premise: "Premises",
    conclusion: "Concluded by",
  };
  var KIND_WORD = { claim: "Claim", evidence: "Evidence", argument: "Argument" };
  var STATUS_WORD = { accepted: "accepted (IN)", rejected: "rejected (OUT)", undecided: "undecided" };

  function relationList(title, items) {
    if (!items.length) return;
    body.appendChild(el("h3", null, title));
    var ul = el("ul");
    items.forEach(function (li) {
      ul.appendChild(li);
    });
    body.appendChild(ul);
  }

  function showNode(i) {
    var n = nodes[i];
    openPanel("node");
    body.appendChild(el("div", "am-kindline", KIND_WORD[n.kind] || n.kind));
    var h = el("h2", null, label(n));
    h.id = "am-panel-title";
    body.appendChild(h);
    panel.setAttribute("aria-labelledby", "am-panel-title");
    if (n.title && n.text) body.appendChild(el("p", "am-text", n.text));
    if (n.eval) {
      var ev = n.eval;
      var p = el("p", "am-eval");
      p.appendChild(el("span", null, "Evaluation" + (data.semantics ? " (" + data.semantics + ")" : "") + ": "));
      if (ev.status) p.appendChild(el("span", "am-status-" + ev.status, STATUS_WORD[ev.status] || ev.status));
      if (ev.strength !== undefined) p.appendChild(el("span", null, " strength " + Math.round(ev.strength * 100) + "%"));
      body.appendChild(p);
      if (ev.why) body.appendChild(el("p", "am-meta", ev.why));
    }
    var actions = el("div", "am-actions");
    var focusBtn = el("button", null, focusOn === i ? "Whole map" : "Focus here");
    focusBtn.type = "button";
    focusBtn.addEventListener("click", function () {
      if (focusOn === i) unfocus();
      else focusMode(i);
      showNode(i);
    });
    var centre = el("button", null, "Centre");
    centre.type = "button";
    centre.addEventListener("click", function () {
      centreOn(i);
    });
    actions.appendChild(focusBtn);
    actions.appendChild(centre);
    body.appendChild(actions);

    if (n.cites && n.cites.length) {
      body.appendChild(el("h3", null, n.cites.length > 1 ? "Sources" : "Source"));
      n.cites.forEach(function (c) {
        var box = el("div", "am-cite");
        box.appendChild(docLine(data.docs[c.doc]));
        if (c.locator) box.appendChild(el("div", "am-meta", c.locator));
        if (c.quote) {
          var q = el("blockquote", null, c.ctx ? "…" + c.ctx[0] + " " : "");
          q.appendChild(el("strong", null, c.quote));
          if (c.ctx) q.appendChild(document.createTextNode(" " + c.ctx[1] + "…"));
          box.appendChild(q);
        }
        if (c.check) box.appendChild(el("div", c.verified ? "am-verified" : "am-unverified", c.check));
        body.appendChild(box);
      });
    }
    var evidence = [];
    n.inc.forEach(function (l) {
      if (nodes[l.from].kind === "evidence" && l.kind === "support") {
        var li = el("li", "am-rel-support");
        li.appendChild(nodeLink(l.from));
        evidence.push(li);
      }
    });
    relationList("Evidence for it", evidence);

    Object.keys(RELATIONS_OUT).forEach(function (kind) {
      var items = [];
      n.out.forEach(function (l) {
        if (l.kind !== kind) return;
        var li = el("li", "am-rel-" + kind);
        if (l.to !== undefined) li.appendChild(nodeLink(l.to));
        else {
          li.appendChild(document.createTextNode("the step from "));
          li.appendChild(nodeLink(l.link[0]));
          li.appendChild(document.createTextNode(" to "));
          li.appendChild(nodeLink(l.link[1]));
        }
        items.push(li);
      });
      relationList(RELATIONS_OUT[kind], items);
    });
    Object.keys(RELATIONS_IN).forEach(function (kind) {
      var items = [];
      n.inc.forEach(function (l) {
        if (l.kind !== kind) return;
        if (kind === "support" && nodes[l.from].kind === "evidence") return;
        var li = el("li", "am-rel-" + kind);
        li.appendChild(nodeLink(l.from));
        if (l.to === undefined) li.appendChild(el("span", "am-meta", " (the step to " + label(nodes[l.link[1]]) + ")"));
        items.push(li);
      });
      relationList(RELATIONS_IN[kind], items);
    });
    if (n.tags && n.tags.length) {
      body.appendChild(el("h3", null, "Tags"));
      var tags = el("p");
      n.tags.forEach(function (t) {
        tags.appendChild(el("span", "am-tag", "#" + t));
      });
      body.appendChild(tags);
    }
    if (n.group !== undefined) {
      body.appendChild(el("h3", null, "Section"));
      var path = [];
      for (var g = n.group; g !== undefined; g = groups[g].parent) {
        path.unshift(groups[g].title);
        if (path.length > 20) break;
      }
      body.appendChild(el("p", "am-section", path.join(" › ")));
    }
    body.appendChild(el("p", "am-meta", "id: " + n.id));
  }

  function showSources() {
    openPanel("sources");
    body.appendChild(el("h2", null, "Sources"));
    if (!data.docs.length) body.appendChild(el("p", null, "This map cites no sources."));
    data.docs.forEach(function (d, i) {
      var box = el("div", "am-cite");
      box.appendChild(docLine(d));
      var ul = el("ul");
      cited[i].forEach(function (entry) {
        var li = el("li");
        li.appendChild(nodeLink(entry.node));
        if (entry.cite.locator) li.appendChild(el("span", "am-meta", " — " + entry.cite.locator));
        ul.appendChild(li);
      });
      box.appendChild(el("div", "am-meta", "cited by " + cited[i].length + " evidence statement" + (cited[i].length === 1 ? "" : "s") + ":"));
      box.appendChild(ul);
      body.appendChild(box);
    });
  }

  function showSections() {
    openPanel("sections");
    body.appendChild(el("h2", null, "Sections"));
    if (!groups.length) body.appendChild(el("p", null, "This map has no sections."));
    function add(list, g) {
      var li = el("li");
      var lab = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = !collapsed[g];
      box.addEventListener("change", function () {
        toggleSection(g);
      });
      lab.appendChild(box);
      lab.appendChild(document.createTextNode(" " + groups[g].title + " (" + countIn(g) + ")"));
      li.appendChild(lab);
      if (groups[g].children.length) {
        var sub = el("ul");
        groups[g].children.forEach(function (c) {
          add(sub, c);
        });
        li.appendChild(sub);
      }
      list.appendChild(li);
    }
    var ul = el("ul");
    groups.forEach(function (g, i) {
      if (g.parent === undefined) add(ul, i);
    });
    body.appendChild(ul);
  }

  // ------------------------------------------------------------------ search
  var hits = [];
  var active = -1;
  var searchTimer = 0;

  function fold(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var haystack = null; // built at the first search

  /* A hit is marked on its node (n.match), drawn by the stand-in; a big map's live SVG,
     never painted, gets no class: toggling one on a thousand hits and restyling them
     took 40 to 100 ms a search at 5,000 statements. */
  function clearHits() {
    hits.forEach(function (i) {
      nodes[i].match = false;
      if (!BIG && nodes[i].el) nodes[i].el.classList.remove("am-match");
    });
    hits = [];
    restyled();
  }

  function search() {
    clearHits();
    var q = fold(query.value.trim());
    while (results.firstChild) results.removeChild(results.firstChild);
    active = -1;
    if (!q) {
      hideResults();
      say("");
      return;
    }
    if (!haystack) {
      haystack = nodes.map(function (n) {
        return fold((n.title || "") + " \u0001 " + (n.text || "") + " \u0001 " + n.id);
      });
    }
    haystack.forEach(function (h, i) {
      if (h.indexOf(q) >= 0) hits.push(i);
    });
    hits.forEach(function (i) {
      nodes[i].match = true;
      if (!BIG && nodes[i].el) nodes[i].el.classList.add("am-match");
    });
    restyled();
    hits.slice(0, 50).forEach(function (i, k) {
      var li = el("li");
      li.id = "am-hit-" + k;
      li.setAttribute("role", "option");
      li.appendChild(el("span", "am-kind", KIND_WORD[nodes[i].kind]));
      li.appendChild(document.createTextNode(label(nodes[i])));
      li.addEventListener("mousedown", function (e) {
        e.preventDefault();
        choose(i);
      });
      results.appendChild(li);
    });
    if (hits.length > 50) results.appendChild(el("li", "am-meta", "… " + (hits.length - 50) + " more"));
    results.hidden = hits.length === 0;
    query.setAttribute("aria-expanded", String(!results.hidden));
    say(hits.length ? hits.length + " match" + (hits.length === 1 ? "" : "es") : "no match");
  }

  function hideResults() {
    results.hidden = true;
    query.setAttribute("aria-expanded", "false");
    query.removeAttribute("aria-activedescendant");
  }

  function mark(k) {
    var items = results.querySelectorAll("li[role=option]");
    if (!items.length) return;
    active = (k + items.length) % items.length;
    Array.prototype.forEach.call(items, function (li, j) {
      li.setAttribute("aria-selected", String(j === active));
    });
    query.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function choose(i) {
    hideResults();
    go(i, true);
  }

  function searchSoon() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, nodes.length > 2000 ? 150 : 40);
  }
  query.addEventListener("input", searchSoon);
  // (Escape in a search field clears it with a "search" event, not always "input")
  query.addEventListener("search", searchSoon);
  query.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (results.hidden) search();
      mark(active + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      mark(active - 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(searchTimer);
      if (active < 0) search();
      var shown = Math.min(hits.length, 50);
      if (shown) choose(hits[active >= 0 && active < shown ? active : 0]);
    }
  });
  query.addEventListener("blur", function () {
    setTimeout(hideResults, 150);
  });

  function say(text) {
    status.textContent = text;
  }

  // ------------------------------------------------------------------ toolbar
  byId("am-zin").addEventListener("click", function () { zoomAt(1.25); });
  byId("am-zout").addEventListener("click", function () { zoomAt(0.8); });
  byId("am-fit").addEventListener("click", fitAll);
  byId("am-focus").addEventListener("click", toggleFocus);
  byId("am-all").addEventListener("click", showAll);
  byId("am-close").addEventListener("click", closePanel);
  byId("am-sources").addEventListener("click", showSources);
  byId("am-sections").addEventListener("click", showSections);
  byId("am-ev").addEventListener("click", function () {
    evidenceShown = !evidenceShown;
    this.setAttribute("aria-pressed", String(evidenceShown));
    refresh();
  });
  depthInput.addEventListener("change", function () {
    if (focusOn !== null) focusMode(focusOn);
  });
  window.addEventListener("resize", function () {
    if (selected === null) fitAll();
    else restyled();
  });

  // ------------------------------------------------------------------ start
  /* The map is ready once it is drawn fitted: the live SVG's first paint for a small
     map, the stand-in's first complete drawing for a big one (data-ready and the
     argmap-fitted mark are set in the frame after that). */
  function fitted() {
    requestAnimationFrame(function () {
      document.body.setAttribute("data-ready", "true");
      perfMark("argmap-fitted");
    });
  }
  if (BIG) makeRaster(true);
  else if (!STANDIN) document.body.setAttribute("data-standin", "none");
  fitAll(); // nothing is hidden yet: the page is as refresh() would leave it
  var start = readHash();
  if (start >= 0) go(start, true);
  if (!BIG) {
    fitted();
    if (STANDIN) {
      requestAnimationFrame(function () {
        makeRaster(false);
        redraw(true);
      });
    }
  }
})();
