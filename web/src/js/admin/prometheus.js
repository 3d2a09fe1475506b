// The Prometheus text format, as far as the charts need it: samples of name{labels} value.

/** text → [{name, labels: {k: v}, value}], skipping comments and unparsable lines. */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) {
      for (const l of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    }
    const value = Number(m[4]);
    if (!Number.isNaN(value)) samples.push({ name: m[1], labels, value });
  }
  return samples;
}

/** The sum of every sample named `name` whose labels include `where`. */
export function total(samples, name, where = {}) {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** {labelValue: sum} of the samples named `name`, grouped by `label`. */
export function byLabel(samples, name, label) {
  const out = {};
  for (const s of samples) {
    if (s.name === name) out[s.labels[label] || '?'] = (out[s.labels[label] || '?'] || 0) + s.value;
  }
  return out;
}
