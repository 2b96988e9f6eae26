// Preloaded into the API process by the reliability suites: answers 'memory' over the IPC
// channel with process.memoryUsage(), measured after a full collection when --expose-gc is on.
process.on('message', (message) => {
  if (message === 'memory' && process.send) {
    if (typeof global.gc === 'function') {
      global.gc();
    }
    process.send({ type: 'memory', ...process.memoryUsage() });
  }
});
if (process.channel) {
  process.channel.unref();
}
