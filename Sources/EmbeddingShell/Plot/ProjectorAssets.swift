/// The projector page's style, markup and script (see `ProjectorPage`), inline so that the
/// page needs nothing else. The script reads the data element, draws on one canvas, and answers
/// `#selftest=WORD` (`#selftest=WORD&3d` in the 3-D view) by searching WORD, clicking its point
/// and writing what the page shows into `#selftest` (for the browser test).
enum ProjectorAssets {
    static let style = #"""
        * { box-sizing: border-box; }
        html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
          color: #222; background: #fff; }
        body { display: flex; overflow: hidden; }
        #view { flex: 1; position: relative; min-width: 0; }
        canvas { display: block; width: 100%; height: 100%; cursor: grab; touch-action: none; }
        canvas.dragging { cursor: grabbing; }
        canvas.over { cursor: pointer; }
        #legend { position: absolute; left: 10px; bottom: 8px; color: #666; font-size: 12px; pointer-events: none; }
        #tip { position: absolute; display: none; padding: 2px 6px; background: #222; color: #fff; border-radius: 3px;
          font-size: 13px; pointer-events: none; white-space: nowrap; }
        aside { width: 320px; flex: none; border-left: 1px solid #ddd; padding: 12px 14px; overflow-y: auto; background: #fafafa; }
        h1 { font-size: 17px; margin: 0 0 2px; word-break: break-word; }
        .sub { color: #666; font-size: 12px; margin-bottom: 10px; }
        .row { display: flex; gap: 6px; margin: 8px 0; align-items: center; }
        button { font: inherit; padding: 3px 10px; border: 1px solid #bbb; background: #fff; border-radius: 3px; cursor: pointer; }
        button[aria-pressed="true"] { background: #1f6fb4; border-color: #1f6fb4; color: #fff; }
        button:disabled { opacity: .45; cursor: default; }
        input[type=search] { width: 100%; font: inherit; padding: 5px 7px; border: 1px solid #bbb; border-radius: 3px; }
        input[type=number] { width: 4.5em; font: inherit; }
        ul, ol { margin: 4px 0; padding: 0; list-style: none; }
        li { padding: 1px 4px; border-radius: 3px; cursor: pointer; display: flex; justify-content: space-between; gap: 8px; }
        li:hover { background: #e8eef6; }
        li .word { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        li .cos { color: #555; font-variant-numeric: tabular-nums; }
        #matches { max-height: 160px; overflow-y: auto; }
        #selected { font-weight: 600; color: #b3261e; margin-top: 10px; }
        .hint { color: #777; font-size: 12px; margin-top: 12px; }
        #stats { color: #777; font-size: 12px; }
        #selftest { display: none; }
        """#

    static let body = #"""
        <div id="view"><canvas id="canvas"></canvas><div id="tip"></div><div id="legend"></div></div>
        <aside>
          <h1 id="title"></h1>
          <div class="sub" id="subtitle"></div>
          <div class="row"><button id="view2" aria-pressed="true">2-D</button><button id="view3" aria-pressed="false">3-D</button>
            <button id="reset">Reset view</button></div>
          <input type="search" id="search" placeholder="Search words" autocomplete="off" spellcheck="false">
          <div class="sub" id="matchCount"></div>
          <ul id="matches"></ul>
          <div id="selected"></div>
          <div class="row" id="kRow" hidden><label for="k">Nearest</label><input type="number" id="k" min="1" max="100" value="10">
            <span class="sub" id="kNote"></span></div>
          <ol id="neighbours"></ol>
          <div class="hint">Drag to pan (2-D) or rotate (3-D), wheel to zoom, hover for a word, click a point to see
            its nearest neighbours.</div>
          <div id="stats"></div>
        </aside>
        <pre id="selftest"></pre>
        """#

    static let script = #"""
        "use strict";
        (() => {
        const data = JSON.parse(document.getElementById("projector-data").textContent);
        const $ = id => document.getElementById(id);
        function floats(text) {
          const bytes = atob(text), out = new Uint8Array(bytes.length);
          for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
          return new Float32Array(out.buffer);
        }
        const words = data.words, n = words.length, dim = data.dim;
        const raw = floats(data.points), vectors = floats(data.vectors);
        // The map centred and scaled into [-1, 1], one scale for all axes.
        const points = new Float32Array(n * 3);
        {
          const mean = [0, 0, 0];
          for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) mean[a] += raw[i * 3 + a] / n;
          let extent = 1e-12;
          for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) extent = Math.max(extent, Math.abs(raw[i * 3 + a] - mean[a]));
          for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) points[i * 3 + a] = (raw[i * 3 + a] - mean[a]) / extent;
        }
        const lower = words.map(w => w.toLowerCase());
        const byWord = new Map();
        words.forEach((w, i) => { if (!byWord.has(w)) byWord.set(w, i); });

        const canvas = $("canvas"), context = canvas.getContext("2d"), tip = $("tip");
        const state = { three: false, zoom: 1, panX: 0, panY: 0, yaw: 0.6, pitch: 0.35, selected: -1, neighbours: [],
                        matches: [], hover: -1 };
        const screenX = new Float32Array(n), screenY = new Float32Array(n), depth = new Float32Array(n);
        let order = new Uint32Array(n).map((_, i) => i);
        let width = 0, height = 0, ratio = 1;

        function resize() {
          ratio = window.devicePixelRatio || 1;
          width = canvas.clientWidth; height = canvas.clientHeight;
          canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
        }

        // Screen positions of every point for the current view; in 3-D, the draw order far to near.
        function project() {
          const scale = 0.45 * Math.min(width, height) * state.zoom, cx = width / 2 + state.panX, cy = height / 2 + state.panY;
          if (!state.three) {
            for (let i = 0; i < n; i++) {
              screenX[i] = cx + points[i * 3] * scale; screenY[i] = cy - points[i * 3 + 1] * scale; depth[i] = 0;
            }
            return;
          }
          const cy0 = Math.cos(state.yaw), sy = Math.sin(state.yaw), cp = Math.cos(state.pitch), sp = Math.sin(state.pitch);
          const camera = 3.2;
          for (let i = 0; i < n; i++) {
            const x = points[i * 3], y = points[i * 3 + 1], z = points[i * 3 + 2];
            const x1 = cy0 * x + sy * z, z1 = -sy * x + cy0 * z;
            const y2 = cp * y - sp * z1, z2 = sp * y + cp * z1;
            const f = camera / (camera - z2);
            screenX[i] = cx + x1 * f * scale; screenY[i] = cy - y2 * f * scale; depth[i] = z2;
          }
          order.sort((a, b) => depth[a] - depth[b]);
        }

        // A word beside its point, on the first side where it overlaps no label in `boxes`; left out where none is free.
        function label(i, colour, bold, boxes) {
          context.font = (bold ? "600 " : "") + "13px system-ui, sans-serif";
          const w = context.measureText(words[i]).width, h = 13, x = screenX[i], y = screenY[i];
          const sides = [[x + 6, y - 5], [x + 6, y + h + 3], [x - 6 - w, y - 5], [x - 6 - w, y + h + 3]];
          const free = sides.find(([lx, ly]) => !boxes.some(b => lx < b[0] + b[2] && b[0] < lx + w && ly - h < b[1] && b[1] - h < ly));
          if (!free) return;
          boxes.push([free[0], free[1], w]);
          context.lineWidth = 3; context.strokeStyle = "rgba(255,255,255,0.9)"; context.fillStyle = colour;
          context.strokeText(words[i], free[0], free[1]);
          context.fillText(words[i], free[0], free[1]);
        }

        // Labels for the first words (the most frequent, in a frequency-ordered table) where they do not overlap.
        function backgroundLabels(taken) {
          context.font = "11px system-ui, sans-serif";
          const boxes = [];
          for (let i = 0, shown = 0; i < n && shown < 60; i++) {
            const x = screenX[i] + 5, y = screenY[i] - 4, w = context.measureText(words[i]).width, h = 11;
            if (x < 0 || y < h || x + w > width || y > height || taken.has(i)) continue;
            if (boxes.some(b => x < b[0] + b[2] && b[0] < x + w && y - h < b[1] && b[1] - h < y)) continue;
            boxes.push([x, y, w]); shown++;
            context.fillStyle = "#8a8f98"; context.fillText(words[i], x, y);
          }
        }

        function draw() {
          project();
          context.setTransform(ratio, 0, 0, ratio, 0, 0);
          context.clearRect(0, 0, width, height);
          const highlighted = new Set([...state.matches, ...state.neighbours.map(x => x.index)]);
          if (state.selected >= 0) highlighted.add(state.selected);
          const faded = highlighted.size > 0;
          context.fillStyle = faded ? "rgba(70,110,170,0.25)" : "rgba(45,100,170,0.6)";
          for (let k = 0; k < n; k++) {
            const i = order[k];
            if (highlighted.has(i)) continue;
            const size = state.three ? Math.max(1.5, Math.min(4, 2.5 + depth[i])) : 2.5;
            context.fillRect(screenX[i] - size / 2, screenY[i] - size / 2, size, size);
          }
          if (!faded) backgroundLabels(highlighted);
          const mark = (i, colour, size) => {
            context.fillStyle = colour;
            context.beginPath(); context.arc(screenX[i], screenY[i], size, 0, 2 * Math.PI); context.fill();
          };
          for (const i of state.matches) mark(i, state.selected >= 0 ? "rgba(232,113,10,0.45)" : "#e8710a", state.selected >= 0 ? 2.5 : 3.5);
          for (const { index } of state.neighbours) mark(index, "#d93025", 4);
          if (state.selected >= 0) mark(state.selected, "#7b1fa2", 6);
          const boxes = [];
          if (state.selected >= 0) label(state.selected, "#4a148c", true, boxes);
          for (const { index } of state.neighbours) label(index, "#a52714", false, boxes);
          if (state.selected < 0 && state.matches.length <= 30) for (const i of state.matches) label(i, "#b35500", false, boxes);
          $("legend").textContent = state.three ? data.axes.slice(0, 3).join(" · ") : data.axes.slice(0, 2).join(" · ");
        }

        let pending = false;
        function redraw() {
          if (pending) return;
          pending = true;
          requestAnimationFrame(() => { pending = false; draw(); });
        }

        // The point under (x, y) within 8 px: a highlighted one first, else the nearest (the front one in 3-D).
        function pointAt(x, y) {
          let best = -1, bestScore = Infinity;
          const favoured = new Set([...state.matches, ...state.neighbours.map(v => v.index), state.selected]);
          for (let i = 0; i < n; i++) {
            const dx = screenX[i] - x, dy = screenY[i] - y, d2 = dx * dx + dy * dy;
            if (d2 > 64) continue;
            const score = d2 - (favoured.has(i) ? 1000 : 0) - (state.three ? depth[i] : 0);
            if (score < bestScore) { bestScore = score; best = i; }
          }
          return best;
        }

        // The k words nearest word i by cosine of the unit vectors, best first; ties to the lower row.
        function nearest(i, k) {
          const top = [], base = i * dim;
          for (let j = 0; j < n; j++) {
            if (j === i) continue;
            let dot = 0;
            for (let d = 0, o = j * dim; d < dim; d++) dot += vectors[base + d] * vectors[o + d];
            if (top.length === k && dot <= top[k - 1].cosine) continue;
            let at = top.length;
            while (at > 0 && top[at - 1].cosine < dot) at--;
            top.splice(at, 0, { index: j, cosine: dot });
            if (top.length > k) top.pop();
          }
          return top;
        }

        function listItem(i, cosine) {
          const item = document.createElement("li"), word = document.createElement("span");
          word.className = "word"; word.textContent = words[i]; item.appendChild(word);
          if (cosine !== undefined) {
            const value = document.createElement("span"); value.className = "cos"; value.textContent = cosine.toFixed(4);
            item.appendChild(value);
          }
          item.addEventListener("click", () => select(i));
          return item;
        }

        function select(i) {
          state.selected = i;
          state.neighbours = i >= 0 ? nearest(i, Math.max(1, Math.min(100, parseInt($("k").value, 10) || 10))) : [];
          $("selected").textContent = i >= 0 ? words[i] : "";
          $("kRow").hidden = i < 0;
          const list = $("neighbours");
          list.replaceChildren(...state.neighbours.map(v => listItem(v.index, v.cosine)));
          redraw();
        }

        function search(text) {
          const query = text.trim().toLowerCase();
          state.matches = [];
          if (query) {
            const exact = byWord.get(text.trim());
            if (exact !== undefined) state.matches.push(exact);
            for (let i = 0; i < n; i++) if (i !== exact && lower[i].includes(query)) state.matches.push(i);
          }
          $("matchCount").textContent = query ? state.matches.length + " match" + (state.matches.length === 1 ? "" : "es") : "";
          $("matches").replaceChildren(...state.matches.slice(0, 100).map(i => listItem(i)));
          redraw();
        }

        function setView(three) {
          state.three = three;
          $("view2").setAttribute("aria-pressed", String(!three));
          $("view3").setAttribute("aria-pressed", String(three));
          redraw();
        }

        // Dragging pans (2-D) or rotates (3-D); a press that hardly moves is a click.
        let drag = null;
        canvas.addEventListener("pointerdown", e => {
          drag = { x: e.offsetX, y: e.offsetY, moved: false };
          canvas.setPointerCapture?.(e.pointerId);
        });
        canvas.addEventListener("pointermove", e => {
          if (drag) {
            const dx = e.offsetX - drag.x, dy = e.offsetY - drag.y;
            if (!drag.moved && dx * dx + dy * dy < 16) return;
            drag.moved = true; canvas.classList.add("dragging");
            if (state.three) { state.yaw += dx * 0.01; state.pitch = Math.max(-1.5, Math.min(1.5, state.pitch + dy * 0.01)); }
            else { state.panX += dx; state.panY += dy; }
            drag.x = e.offsetX; drag.y = e.offsetY;
            tip.style.display = "none";
            redraw();
            return;
          }
          const i = pointAt(e.offsetX, e.offsetY);
          canvas.classList.toggle("over", i >= 0);
          if (i >= 0) {
            tip.textContent = words[i]; tip.style.display = "block";
            tip.style.left = (screenX[i] + 10) + "px"; tip.style.top = (screenY[i] + 8) + "px";
          } else tip.style.display = "none";
        });
        canvas.addEventListener("pointerup", e => {
          if (drag && !drag.moved) select(pointAt(e.offsetX, e.offsetY));
          drag = null; canvas.classList.remove("dragging");
        });
        canvas.addEventListener("pointerleave", () => { tip.style.display = "none"; });
        canvas.addEventListener("wheel", e => {
          e.preventDefault();
          const factor = Math.exp(-e.deltaY * 0.0015), zoom = Math.max(0.2, Math.min(500, state.zoom * factor));
          if (!state.three) {
            // Keep the point under the cursor where it is.
            const ox = e.offsetX - width / 2 - state.panX, oy = e.offsetY - height / 2 - state.panY, f = zoom / state.zoom;
            state.panX -= ox * (f - 1); state.panY -= oy * (f - 1);
          }
          state.zoom = zoom;
          redraw();
        }, { passive: false });
        $("search").addEventListener("input", e => search(e.target.value));
        $("search").addEventListener("keydown", e => { if (e.key === "Enter" && state.matches.length) select(state.matches[0]); });
        $("k").addEventListener("change", () => { if (state.selected >= 0) select(state.selected); });
        $("view2").addEventListener("click", () => setView(false));
        $("view3").addEventListener("click", () => setView(true));
        $("reset").addEventListener("click", () => {
          Object.assign(state, { zoom: 1, panX: 0, panY: 0, yaw: 0.6, pitch: 0.35 }); redraw();
        });
        window.addEventListener("resize", () => { resize(); redraw(); });
        if (data.dimensions < 3) { $("view3").disabled = true; $("view3").title = "this map has two coordinates"; }

        $("kNote").textContent = "by cosine in the original space, among the " + n + " words here";
        $("title").textContent = data.title;
        $("subtitle").textContent = data.subtitle;
        resize();
        draw();
        const firstRender = performance.now();
        $("stats").textContent = n + " words, first drawn " + Math.round(firstRender) + " ms after the page began loading";

        // #selftest=WORD[&3d]: hover, zoom and drag, then search WORD and click its point as a person would, and
        // report what the page shows.
        const test = /^#selftest=([^&]*)(&3d)?$/.exec(location.hash);
        if (test) {
          if (test[2]) setView(true);
          draw();
          const rect = canvas.getBoundingClientRect();
          const send = (type, x, y, extra) => canvas.dispatchEvent(new (type === "wheel" ? WheelEvent : PointerEvent)(type,
            { clientX: rect.left + x, clientY: rect.top + y, bubbles: true, cancelable: true, pointerId: 1, ...extra }));
          // Hover over the first word's point, zoom in and out with the wheel, drag and drag back.
          send("pointermove", screenX[0], screenY[0]);
          const hovered = tip.style.display === "block" ? tip.textContent : "";
          send("wheel", width / 2, height / 2, { deltaY: -500 });
          const zoomed = state.zoom;
          send("wheel", width / 2, height / 2, { deltaY: 500 });
          send("pointerdown", 100, 100); send("pointermove", 160, 100); send("pointerup", 160, 100);
          const dragged = state.three ? state.yaw - 0.6 : state.panX;
          send("pointerdown", 160, 100); send("pointermove", 100, 100); send("pointerup", 100, 100);
          const word = decodeURIComponent(test[1]), box = $("search");
          box.value = word;
          box.dispatchEvent(new Event("input"));
          draw();
          const i = state.matches.length ? state.matches[0] : -1;
          if (i >= 0) { send("pointerdown", screenX[i], screenY[i]); send("pointerup", screenX[i], screenY[i]); }
          draw();
          $("selftest").textContent = JSON.stringify({
            searched: word, matches: state.matches.length, selected: $("selected").textContent,
            neighbours: [...$("neighbours").children].map(li => [li.children[0].textContent, li.children[1].textContent]),
            highlighted: state.neighbours.length, view: state.three ? 3 : 2, hovered, zoomed, dragged, firstRenderMs: firstRender, words: n });
        }
        })();
        """#
}
