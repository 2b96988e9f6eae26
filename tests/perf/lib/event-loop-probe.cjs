// Preloaded (node -r) into a server under a real-time benchmark: samples the event-loop delay
// and writes its percentiles (ms) to SUIVI_BENCH_ELD_FILE when the process gets SIGWINCH (not a signal the API's shutdown hooks take, unlike SIGUSR2), then
// starts a fresh histogram. Measures the loop without touching the application's code.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');

const file = process.env.SUIVI_BENCH_ELD_FILE;
// The histogram records the time between its timer's callbacks, so an idle loop reads about
// RESOLUTION_MS (measured on Node 20: p50 10.2 ms at 10 ms, 1.1 ms at 1 ms, 20.2 ms at 20 ms).
// The delay is what exceeds it. Earlier figures (before 2026-11-30 10:00) included it.
const RESOLUTION_MS = 10;
const delay = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
if (file) {
  let histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  process.on('SIGWINCH', () => {
    histogram.disable();
    writeFileSync(
      file,
      JSON.stringify({ p50: delay(histogram.percentile(50)), p99: delay(histogram.percentile(99)), max: delay(histogram.max) }),
    );
    histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
  });
}
