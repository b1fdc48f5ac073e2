/**
 * Preloaded with `NODE_OPTIONS=--require bench/cpuProfileHook.cjs` (Node 20 refuses --cpu-prof in
 * NODE_OPTIONS), in the server's main thread and — NODE_OPTIONS reaches worker threads too — in the
 * store's worker. The first SIGUSR2 starts profiling both threads (after start-up and warm-up, so
 * only the measured phase is in them); the second stops them and writes CPU_PROFILE_FILE (main
 * thread) and CPU_PROFILE_FILE with `.store` before its extension (the store's worker). Threads
 * hear the signal's news over a BroadcastChannel: only the main thread receives signals.
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { BroadcastChannel, isMainThread, workerData } = require('node:worker_threads');

const file = process.env.CPU_PROFILE_FILE;
const isStoreWorker = !isMainThread && workerData && typeof workerData === 'object' && 'dynalitePath' in workerData;
if (file && (isMainThread || isStoreWorker)) {
  const target = isMainThread ? file : file.replace(/(\.cpuprofile)?$/, '.store$1');
  const channel = new BroadcastChannel('bench-cpu-profile');
  channel.unref();
  const session = new Session();
  let state = 'idle';
  const step = () => {
    if (state === 'idle') {
      state = 'running';
      session.connect();
      session.post('Profiler.setSamplingInterval', { interval: 250 });
      session.post('Profiler.enable');
      session.post('Profiler.start');
    } else if (state === 'running') {
      state = 'done';
      // Same-thread inspector sessions answer synchronously: written before this returns.
      session.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(target, JSON.stringify(result.profile));
      });
    }
  };
  if (isMainThread) {
    process.on('SIGUSR2', () => {
      channel.postMessage('step');
      step();
    });
  } else {
    channel.onmessage = step;
  }
}
