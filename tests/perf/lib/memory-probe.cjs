// Preloaded (node --expose-gc -r) into a server under W1: on SIGWINCH it collects garbage twice
// and writes process.memoryUsage() to SUIVI_BENCH_MEM_FILE, so memory is read after collection
// rather than wherever the collector happened to be.
const { writeFileSync } = require('node:fs');

const file = process.env.SUIVI_BENCH_MEM_FILE;
if (file) {
  process.on('SIGWINCH', () => {
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
