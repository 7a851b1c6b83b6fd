import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { answers } from './probe.js';

/** How `npm start` treats a process that dies: restarted after a growing delay, until it crash-loops. */
export interface RestartPolicy {
  /** Restarts allowed within `windowMs`; one more crash in the window and it is given up. */
  limit: number;
  windowMs: number;
  /** Delay before the first restart, doubled for each further crash in the window, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface ProcessSpec {
  name: string;
  /** A TypeScript entry point, run with `node --import tsx`. */
  entry: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  readyUrl: string;
  logFile: string;
  /** What the hub does without it, for the message when it is given up. */
  whenGone: string;
}

export interface SupervisorOutput {
  /** A line for the terminal. */
  say(line: string): void;
  /** The process refused its configuration (exit 78): restarting cannot help. */
  fatal(name: string, line: string): void;
}

/** sysexits' EX_CONFIG: what a hub process exits with when its environment is wrong. */
const EX_CONFIG = 78;
const seconds = (ms: number) => (ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);

/**
 * One hub process under `npm start`: started in its own process group (Ctrl-C reaches only
 * the launcher, which stops the children in order), its output appended to its log file, and
 * restarted when it dies while the rest of the hub keeps running. A crash loop — more than
 * `limit` restarts within `windowMs` — ends in a message rather than restarting for ever.
 */
export class SupervisedProcess {
  private proc: ChildProcess | undefined;
  private readonly log: WriteStream;
  private crashes: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Set once it has crash-looped or refused its configuration: it is not restarted again. */
  gaveUp = false;
  startedAt = 0;

  constructor(
    readonly spec: ProcessSpec,
    private readonly policy: RestartPolicy,
    private readonly out: SupervisorOutput,
  ) {
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  start(): void {
    this.startedAt = Date.now();
    const proc = spawn(process.execPath, ['--import', 'tsx', this.spec.entry], {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.proc = proc;
    proc.stdout?.pipe(this.log, { end: false });
    proc.stderr?.pipe(this.log, { end: false });
    proc.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${this.spec.name}] ${chunk}`));
    proc.on('exit', (code, signal) => this.exited(proc, code, signal));
  }

  private exited(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.proc !== proc || this.stopping) return;
    const { name, logFile } = this.spec;
    const how = `${name} exited (${signal ?? `code ${code}`}) after ${seconds(Date.now() - this.startedAt)}`;
    if (code === EX_CONFIG) {
      this.gaveUp = true;
      this.out.fatal(name, `${how}: its configuration is invalid (see above and ${logFile}); restarting cannot help.`);
      return;
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.policy.windowMs), now];
    const restarts = this.crashes.length;
    const window = seconds(this.policy.windowMs);
    if (restarts > this.policy.limit) {
      this.gaveUp = true;
      this.out.say(`\n${how}. It crashed ${restarts} times within ${window}: not restarting it again ` +
        `(LAUNCHER_RESTART_LIMIT=${this.policy.limit}). The rest of the hub keeps running without it: ${this.spec.whenGone}. ` +
        `See ${logFile}, fix the cause and run npm start again.`);
      return;
    }
    const delay = Math.min(this.policy.initialDelayMs * 2 ** (restarts - 1), this.policy.maxDelayMs);
    this.out.say(`\n${how}; restarting it in ${seconds(delay)} (restart ${restarts} of at most ${this.policy.limit} within ${window}). ` +
      `The rest of the hub keeps running. Log: ${logFile}`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.start();
      void this.waitReady(120_000).then(
        () => this.out.say(`  ✓ ${name} restarted (pid ${this.pid}) and ready again, ${seconds(Date.now() - now)} after it exited`),
        () => undefined, // a restart that dies again reports through `exited`
      );
    }, delay);
  }

  /** Resolves once its readiness URL answers 2xx; rejects when it gave up, stops, or `timeoutMs` passes. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.stopping || this.gaveUp) throw new Error(`${this.spec.name} is not running`);
      if (await answers(this.spec.readyUrl)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.spec.name} was not ready within ${timeoutMs / 1000} s (see ${this.spec.logFile})`);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; no restart follows. */
  stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }
}
