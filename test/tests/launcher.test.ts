import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS } from '@fengqiao/schema';
import { DEMO } from '@fengqiao/subgraph-kit';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** `npm start` and `npm run token` exactly as a newcomer uses them, on free ports and a fresh data directory. */
// The PostgreSQL pass skips this: npm start is the embedded-storage path, already covered by the first pass.
const describeEmbedded = process.env.TEST_DATABASE_URL ? describe.skip : describe;

describeEmbedded('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fengqiao-start-'));
  const base = 20_000 + Math.floor(Math.random() * 20_000);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    GATEWAY_PORT: String(base),
    DEMO_SHOP_PORT: String(base + SUBGRAPHS.length + 1),
    ...Object.fromEntries(SUBGRAPHS.map(({ name }, i) => [`${name.toUpperCase()}_PORT`, String(base + i + 1)])),
  };
  let hub: ChildProcess;
  let output = '';

  beforeAll(async () => {
    // Its own process group, like a terminal session, so Ctrl-C can be sent to the whole group.
    hub = spawn('npm', ['start', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    hub.stdout!.on('data', (c) => (output += c));
    hub.stderr!.on('data', (c) => (output += c));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        // The demo shop starts after the gateway; its line comes just before this one.
        if (output.includes('Press Ctrl-C to stop.')) {
          clearInterval(timer);
          resolve();
        }
      }, 200);
      hub.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited with ${code}:\n${output}`));
      });
    });
  }, 240_000);

  afterAll(() => {
    try {
      process.kill(-hub.pid!, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the gateway URL and how to get a token', () => {
    expect(output).toContain(`Fengqiao Hub: starting 7 subgraphs on embedded PostgreSQL (PGlite) in ${dataDir}`);
    expect(output).toMatch(new RegExp(`✓ credit +http://127\\.0\\.0\\.1:${base + 7}/graphql  \\(PGlite ${dataDir}/credit; pid \\d+\\)`));
    expect(output).toContain(`Gateway ready: http://localhost:${base}/graphql`);
    expect(output).toContain('npm run --silent token -- court');
  });

  it('serves the demo shop with the E Station embedded, linked from the start-up output', async () => {
    const link = /Demo shop with the Fengqiao E Station: (http:\/\/localhost:\d+\/orders\/\S+)/.exec(output)?.[1];
    expect(link).toBeDefined();
    expect(new URL(link!).port).toBe(String(base + SUBGRAPHS.length + 1));
    const page = await (await fetch(link!)).text();
    expect(page).toContain('<fengqiao-e-station');
    expect(page).toContain(`gateway="http://localhost:${base}/graphql"`);
    const script = await fetch(new URL('/e-station.js', link!));
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('fengqiao-e-station');
  });

  it('answers the one-query example with a token from npm run token', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'token', '--', 'court'], { cwd: root, env });
    const token = stdout.trim();
    expect(token.split('\n')).toHaveLength(1);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const res = await fetch(`http://localhost:${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ dispute(id: "${DEMO.disputes.settledAndConfirmed}") { status claimant { name credit { discredited } } origin { amount store { name } } mediation { mediator { name } } judicialConfirmation { court { name } } } }` }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.dispute).toMatchObject({ status: 'RESOLVED', origin: { amount: '4800.00' }, judicialConfirmation: { court: { name: expect.any(String) } } });
  });

  it('stops every process cleanly on Ctrl-C', async () => {
    const exited = new Promise<void>((resolve) => hub.once('exit', () => resolve()));
    process.kill(-hub.pid!, 'SIGINT'); // what the terminal does on Ctrl-C
    await exited;
    // npm re-raises the signal once its script has ended; what matters is that every process
    // drained and closed its database rather than being killed.
    for (const name of [...SUBGRAPHS.map((s) => s.name), 'gateway']) {
      const log = readFileSync(path.join(dataDir, 'logs', `${name}.log`), 'utf8');
      expect({ name, stoppedCleanly: /"msg":"(subgraph|gateway) stopped"/.test(log) }).toEqual({ name, stoppedCleanly: true });
    }
    for (const { port } of [{ port: base }, ...SUBGRAPHS.map((_, i) => ({ port: base + i + 1 }))]) {
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    }
  });
});
