// The studio's tracking worker (a module worker): the tracker's own small
// wasm (src/track_worker.rs, `shoppable-track`), no leptos and no window.
// Messages: {kind: 'clear'}, {kind: 'frame', index, t, w, h, px},
// {kind: 'cuts', id} → {id, kind: 'cuts', cuts}, {kind: 'track', id, seed,
// x, y, lo, hi} → {id, kind: 'steps', steps, ms}; a failure answers
// {id, error}.
import init, { Tracker } from '/shoppable/v1/shoppable-track.js';

const early = [];
let tracker = null;
self.onmessage = (e) => (tracker ? handle(e.data) : early.push(e.data));

init().then(() => {
  tracker = new Tracker();
  early.splice(0).forEach(handle);
}, (err) => self.postMessage({ id: -1, error: `the tracker could not start: ${err}` }));

function handle(m) {
  try {
    if (m.kind === 'clear') tracker.clear();
    else if (m.kind === 'frame') tracker.put(m.index, m.t, m.px, m.w, m.h);
    else if (m.kind === 'cuts') self.postMessage({ id: m.id, kind: 'cuts', cuts: tracker.cuts() });
    else if (m.kind === 'track') {
      const start = performance.now();
      const steps = tracker.track(m.seed, m.x, m.y, m.lo, m.hi);
      const ms = performance.now() - start;
      self.postMessage({ id: m.id, kind: 'steps', steps, ms }, [steps.buffer]);
    }
  } catch (err) {
    if (m.id !== undefined) self.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
}
