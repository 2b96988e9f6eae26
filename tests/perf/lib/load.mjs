// HTTP load through autocannon's programmatic API, in the harness's own process (which
// `npm run bench` pins to the load generator's core).
import autocannon from 'autocannon';

/**
 * One measured run: requests/s (mean over the run), latency percentiles in ms, and the count of
 * unexpected answers. `requests` (optional) cycles each connection through several paths.
 * `until` (optional, a promise): the run stops when it settles instead of after `duration`.
 * `rate` (optional): requests per second over all connections, instead of as fast as answered.
 */
export async function load({ url, connections, duration, headers = {}, requests, expectStatus = 200, until, rate }) {
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: until ? 24 * 3600 : duration,
        headers,
        requests,
        // Keep-alive connections, one request in flight per connection, like browsers and proxies.
        pipelining: 1,
        // A steady arrival rate (requests/s over all connections) rather than as fast as the server answers.
        ...(rate ? { overallRate: rate } : {}),
        expectBody: undefined,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    until?.then(
      () => instance.stop(),
      () => instance.stop(),
    );
  });
  const statusCount = result.statusCodeStats ?? {};
  const ok = Number(statusCount[String(expectStatus)]?.count ?? 0);
  const total = Object.values(statusCount).reduce((a, s) => a + Number(s.count ?? 0), 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    unexpected: total - ok + result.errors + result.timeouts,
    requests: total,
    bytesPerRequest: total ? Math.round(result.throughput.total / total) : 0,
  };
}
