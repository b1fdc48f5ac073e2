/**
 * Preloaded with `NODE_OPTIONS=--require bench/cpuProfileHook.cjs` (Node 20 refuses --cpu-prof in
 * NODE_OPTIONS): on SIGUSR2 the main thread's profiling starts (after start-up and warm-up, so
 * only the measured phase is in it); at exit the profile is written to CPU_PROFILE_FILE.
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const file = process.env.CPU_PROFILE_FILE;
if (file && isMainThread) {
  const session = new Session();
  let started = false;
  process.on('SIGUSR2', () => {
    if (started) return;
    started = true;
    session.connect();
    session.post('Profiler.setSamplingInterval', { interval: 250 });
    session.post('Profiler.enable');
    session.post('Profiler.start');
  });
  // Same-thread inspector sessions answer synchronously, so this completes inside 'exit'.
  process.on('exit', () => {
    if (!started) return;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
