// Preloaded (node -r) into a server under a real-time benchmark: samples the event-loop delay
// and writes its percentiles (ms) to SUIVI_BENCH_ELD_FILE when the process gets SIGWINCH (not a signal the API's shutdown hooks take, unlike SIGUSR2), then
// starts a fresh histogram. Measures the loop without touching the application's code.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');

const file = process.env.SUIVI_BENCH_ELD_FILE;
if (file) {
  let histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  process.on('SIGWINCH', () => {
    histogram.disable();
    writeFileSync(
      file,
      JSON.stringify({ p50: histogram.percentile(50) / 1e6, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 }),
    );
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
  });
}
