// Broker figures from /metrics every 2 s, as charts of the last 5 minutes: connections, messages per
// second in and out, drops per second by reason, refused connections per second.

import { api } from '../api.js';
import { h, fill, heading } from '../dom.js';
import { poll } from './poll.js';
import { lineChart } from './chart.js';
import { parsePrometheus, total, byLabel } from './prometheus.js';

const EVERY_MS = 2000;
const KEEP_MS = 5 * 60 * 1000;

export function brokerView(main) {
  const error = h('p', { class: 'error', role: 'alert' });
  const charts = {
    connections: lineChart('Connections', '', 'connections'),
    rates: lineChart('Messages per second', '/s', 'messages'),
    drops: lineChart('Dropped messages per second, by reason', '/s', 'drops'),
    refused: lineChart('Refused connections per second', '/s', 'refused'),
  };
  const totals = h('p', { class: 'muted', id: 'broker-totals' });
  fill(main, heading('Broker', 'Live figures from /metrics, every 2 seconds, over the last 5 minutes.'),
    error, h('div', { class: 'grid' }, Object.values(charts).map((c) => c.element)), totals);

  const history = [];
  let previous = null;

  async function refresh() {
    const text = await api('GET', '/metrics');
    const samples = parsePrometheus(text);
    const now = Date.now();
    const current = {
      t: now,
      connections: total(samples, 'herald_connections'),
      received: total(samples, 'herald_messages_received_total'),
      sent: total(samples, 'herald_messages_sent_total'),
      drops: byLabel(samples, 'herald_messages_dropped_total', 'reason'),
      refused: total(samples, 'herald_connections_refused_total'),
    };
    if (previous) {
      const dt = (now - previous.t) / 1000;
      const rate = (a, b) => Math.max(0, (a - b) / dt);
      const drops = {};
      for (const [reason, n] of Object.entries(current.drops)) drops[reason] = rate(n, previous.drops[reason] || 0);
      history.push({
        t: now,
        connections: { connections: current.connections },
        rates: { in: rate(current.received, previous.received), out: rate(current.sent, previous.sent) },
        drops,
        refused: { refused: rate(current.refused, previous.refused) },
      });
      while (history.length && history[0].t < now - KEEP_MS) history.shift();
      for (const key of Object.keys(charts)) charts[key].update(history.map((p) => ({ t: p.t, values: p[key] })));
    } else {
      charts.connections.update([{ t: now, values: { connections: current.connections } }]);
    }
    previous = current;
    const dropped = Object.values(current.drops).reduce((a, b) => a + b, 0);
    totals.textContent = 'Since start: ' + current.received + ' messages in, ' + current.sent + ' out, '
      + dropped + ' dropped, ' + current.refused + ' connections refused.';
  }

  return poll(EVERY_MS, refresh, error);
}
