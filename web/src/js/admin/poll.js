// Runs a refresh now and every `ms` while the view is shown and the tab visible; errors are shown once
// in `errorEl` (not toasted every tick). Returns the stop function, the view's cleanup.

export function poll(ms, refresh, errorEl) {
  let timer = null;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (!document.hidden) {
      try {
        await refresh();
        if (errorEl) errorEl.textContent = '';
      } catch (e) {
        if (errorEl) errorEl.textContent = e.message;
      }
    }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
