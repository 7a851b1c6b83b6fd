import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FETCH_BLOCKED_PORTS } from '@fengqiao/subgraph-kit';
import { readGatewayOptions, readLauncherOptions } from '../src/environment.js';
import { probe } from '../src/launcher/probe.js';
import { SupervisedProcess, type RestartPolicy } from '../src/launcher/supervisor.js';

const fixture = fileURLToPath(new URL('./fixtures/supervised.ts', import.meta.url));
const gatewayDir = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Listens on the first port of the Fetch blocked list that is free here. */
async function listenOnBlockedPort(): Promise<{ server: Server; port: number }> {
  for (const port of [6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]) {
    const server = createServer((_req, res) => res.end('{"status":"ready"}'));
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return { server, port };
  }
  throw new Error('every blocked port is taken on this machine');
}

describe('readiness without fetch', () => {
  it("reaches a process on a port fetch refuses (the Fetch standard's blocked list)", async () => {
    const { server, port } = await listenOnBlockedPort();
    try {
      expect(FETCH_BLOCKED_PORTS.has(port)).toBe(true);
      await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
      await expect(probe(`http://127.0.0.1:${port}/readyz`)).resolves.toEqual({ status: 200, body: '{"status":"ready"}' });
    } finally {
      server.close();
    }
  });

  it('rejects when nothing listens', async () => {
    await expect(probe(`http://127.0.0.1:${await freePort()}/readyz`, 500)).rejects.toThrow();
  });
});

describe('ports on the blocked list are refused at start, saying why', () => {
  it('npm start: a subgraph, the gateway and the demo shop', () => {
    const read = () => readLauncherOptions({ COURTS_PORT: '6000', GATEWAY_PORT: '6666', DEMO_SHOP_PORT: '10080' }, '/tmp/data');
    expect(read).toThrow(/COURTS_PORT: port 6000 is on the Fetch standard's blocked list/);
    expect(read).toThrow(/GATEWAY_PORT: port 6666 .*fetch\(\) and browsers refuse/);
    expect(read).toThrow(/DEMO_SHOP_PORT: port 10080/);
  });

  it('the gateway: its own port and a subgraph URL', () => {
    const read = () => readGatewayOptions({ GATEWAY_PORT: '6697', CREDIT_URL: 'http://127.0.0.1:6669/graphql' });
    expect(read).toThrow(/GATEWAY_PORT: port 6697 is on the Fetch standard's blocked list/);
    expect(read).toThrow(/CREDIT_URL: port 6669/);
  });

  it('npm start defaults: the README ports, restarts 5 within 60 s from 1 s', () => {
    const options = readLauncherOptions({}, '/tmp/data');
    expect(options).toMatchObject({
      dataDir: '/tmp/data', gatewayPort: 4000, demoShop: true, demoShopPort: 4010,
      subgraphPorts: { disputes: 4001, credit: 4007 },
      restart: { limit: 5, windowMs: 60_000, initialDelayMs: 1_000, maxDelayMs: 15_000 },
    });
  });
});

describe('a supervised process', () => {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'fengqiao-supervisor-'));
  afterAll(() => rmSync(logDir, { recursive: true, force: true }));
  const running: SupervisedProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop(2_000)));
  });

  async function supervised(env: Record<string, string>, policy: Partial<RestartPolicy> = {}) {
    const port = await freePort();
    const lines: string[] = [];
    const fatal: string[] = [];
    const proc = new SupervisedProcess(
      {
        name: 'credit', entry: fixture, cwd: gatewayDir, env: { ...process.env, PORT: String(port), ...env },
        readyUrl: `http://127.0.0.1:${port}/readyz`, logFile: path.join(logDir, `credit-${port}.log`), whenGone: 'the gateway names credit in its errors',
      },
      { limit: 3, windowMs: 60_000, initialDelayMs: 50, maxDelayMs: 200, ...policy },
      { say: (line) => void lines.push(line), fatal: (_name, line) => void fatal.push(line) },
    );
    proc.start();
    running.push(proc);
    return { proc, lines, fatal };
  }

  it('killed with SIGKILL, is restarted and ready again, and says so', async () => {
    const { proc, lines } = await supervised({});
    await proc.waitReady(20_000);
    const first = proc.pid!;
    process.kill(first, 'SIGKILL');
    await waitFor(() => lines.some((l) => l.includes('ready again')), 20_000);
    expect(proc.pid).not.toBe(first);
    expect(lines[0]).toMatch(/credit exited \(SIGKILL\) after [\d.]+ m?s; restarting it in 50 ms \(restart 1 of at most 3 within 60 s\)/);
    expect(lines[1]).toMatch(/✓ credit restarted \(pid \d+\) and ready again/);
  }, 30_000);

  it('crashing again and again, backs off and then gives up with a clear message', async () => {
    const { proc, lines } = await supervised({ EXIT_CODE: '1', EXIT_AFTER_MS: '0' });
    await waitFor(() => proc.gaveUp, 30_000);
    const delays = lines.filter((l) => l.includes('restarting it in')).map((l) => /restarting it in (\d+ ms)/.exec(l)![1]);
    expect(delays).toEqual(['50 ms', '100 ms', '200 ms']); // doubling, capped at 200 ms
    expect(lines.at(-1)).toMatch(/credit exited \(code 1\).*crashed 4 times within 60 s: not restarting it again \(LAUNCHER_RESTART_LIMIT=3\)\. The rest of the hub keeps running without it: the gateway names credit in its errors/);
    await expect(proc.waitReady(1_000)).rejects.toThrow('not running');
  }, 40_000);

  it('refusing its configuration (exit 78) is not restarted: the launcher is told to stop', async () => {
    const { proc, lines, fatal } = await supervised({ EXIT_CODE: '78', EXIT_AFTER_MS: '0' });
    await waitFor(() => fatal.length > 0, 20_000);
    expect(fatal[0]).toMatch(/credit exited \(code 78\).*configuration is invalid/);
    expect(lines).toEqual([]);
    expect(proc.gaveUp).toBe(true);
  }, 30_000);
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
