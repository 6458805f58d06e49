// SPDX-License-Identifier: Apache-2.0

/// The page's only script: it keeps the pairs table current from `GET /api/v1/stream` (Server-Sent Events,
/// `snapshot` events with a JSON pair snapshot in snake_case, null for an unavailable value). The page reads the
/// same without it; the server includes it only when the stream is routed, and a stream that fails is closed
/// quietly rather than retried, so neither case leaves an error in the console.
enum StatusPageScript {
    static let source = """
        (function () {
          if (!window.EventSource) return;
          var stream = new EventSource("\(StatusPage.streamPath)"), failures = 0;
          stream.onopen = function () { failures = 0; };
          stream.onerror = function () { if (stream.readyState === 2 || ++failures > 3) stream.close(); };
          function num(v) { return typeof v === "number" && isFinite(v); }
          function pv(v) { return v < 0.001 ? "<0.001" : v.toFixed(3); }
          function span(s) {
            var a = Math.abs(s);
            if (a < 60) return s.toFixed(a < 10 ? 1 : 0) + " s";
            if (a < 3600) return (s / 60).toFixed(1) + " min";
            if (a < 86400) return (s / 3600).toFixed(1) + " h";
            return (s / 86400).toFixed(1) + " d";
          }
          function set(cell, value, text, why) {
            var ok = num(value);
            if (ok && cell.classList.contains("na")) cell.removeAttribute("title");
            cell.textContent = ok ? text(value) : "\\u2014";
            cell.classList.toggle("na", !ok);
            if (!ok) cell.title = why || "unavailable";
          }
          stream.addEventListener("snapshot", function (event) {
            var d;
            try { d = JSON.parse(event.data); } catch (e) { return; }
            var row = d && document.getElementById("s-" + d.pair + "-" + d.timeframe);
            if (!row) return;
            var cells = row.cells, hi = parseFloat(row.dataset.hi), lo = parseFloat(row.dataset.lo);
            var why = d.unavailable_reason, z = d.zscore;
            var half = num(d.half_life_seconds) ? d.half_life_seconds : num(d.half_life_bars) ? d.half_life_bars * row.dataset.tf : null;
            set(cells[2], d.hedge_ratio, function (v) { return v.toPrecision(4); }, why);
            set(cells[3], z, function (v) { return (v < 0 ? "" : "+") + v.toFixed(2); }, why);
            cells[3].classList.toggle("hot", num(z) && (z >= hi || z <= lo));
            set(cells[5], num(d.adf_pvalue) ? d.adf_pvalue : d.adf && d.adf.pvalue, pv, why);
            set(cells[6], num(d.coint_pvalue) ? d.coint_pvalue : d.coint && d.coint.pvalue, pv, why);
            set(cells[7], half, span, why);
            if (num(half)) cells[7].title = (half / row.dataset.tf).toFixed(1) + " bars";
          });
        })();
        """
}
