// Child processes of the harness: servers pinned to a core with taskset, stopped by their own pid.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/**
 * Starts `node <args>` pinned to `cpu` (taskset). Its output goes to `logFile` (the kernel writes
 * it: reading a server's request log through a pipe would load the harness's core).
 */
export function startNode(name, args, { env = {}, cpu = 0, cwd = process.cwd(), logFile = `/tmp/suivi-bench/${name}.log` } = {}) {
  const fd = openSync(logFile, 'w');
  const child = spawn('taskset', ['-c', String(cpu), process.execPath, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const tail = () => {
    try {
      return readFileSync(logFile, 'utf8').slice(-20_000);
    } catch {
      return '';
    }
  };
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    name,
    child,
    get pid() {
      return child.pid;
    },
    get output() {
      return tail();
    },
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once `url` answers 2xx; rejects with the process's output if it exits or times out. */
export async function waitForHttp(url, proc, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc?.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`${proc.name} exited before answering ${url}:\n${proc.output.slice(-3000)}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) {
        await res.arrayBuffer();
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${proc?.name ?? url} did not answer within ${timeoutMs} ms:\n${proc?.output.slice(-3000) ?? ''}`);
}

/** Resident set size of a process, in bytes (from /proc). */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

/** The node process under taskset: taskset execs node, so the pid is node's own. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) {
    return NaN;
  }
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function percentile(values, p) {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) {
    return NaN;
  }
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
}
