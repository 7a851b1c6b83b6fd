import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeHub } from './support/fake-hub.js';
import { waitFor } from './support/wait.js';

/** The real program, as an organisation runs it (node --import tsx src/cli.ts). */
const root = path.resolve(__dirname, '../../..');
const cli = path.resolve(__dirname, '../src/cli.ts');

interface Run {
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const { FENGQIAO_TOKEN: _t, FENGQIAO_GATEWAY_URL: _g, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, env: { ...inherited, ...env } });
  const result: Run = {
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    kill: (signal) => child.kill(signal),
  };
  child.stdout.on('data', (c: Buffer) => { result.stdout += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { result.stderr += c.toString('utf8'); });
  return result;
}

describe('flag errors exit with 2 and one line on stderr', () => {
  test.each([
    ['no flags at all', [], {}, /missing --organization/],
    ['an unknown flag', ['--organization', 'o', '--token', 't', '--verbose'], {}, /Unknown option '--verbose'/],
    ['no token anywhere', ['--organization', 'o'], {}, /missing token/],
    ['a gateway that is not an http URL', ['--organization', 'o', '--gateway', 'ws://localhost:4000/graphql'], { FENGQIAO_TOKEN: 't' }, /--gateway must be an http/],
    ['a token file that does not exist', ['--organization', 'o', '--token-file', '/definitely/not/here'], {}, /cannot read --token-file/],
  ])('%s', async (_name, args, env, message) => {
    const r = run(args as string[], env as Record<string, string>);
    expect(await r.exit).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fengqiao-referral-listener: /);
    expect(lines[0]).toMatch(message);
  }, 20_000);
});

test('--help prints the usage and exits 0', async () => {
  const r = run(['--help']);
  expect(await r.exit).toBe(0);
  expect(r.stdout).toMatch(/^usage: fengqiao-referral-listener --organization <id>/);
  expect(r.stdout).toContain('--no-ack');
}, 20_000);

describe('against a gateway', () => {
  let hub: FakeHub;
  let dir: string;
  beforeEach(async () => {
    hub = new FakeHub();
    await hub.start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'referral-listener-cli-'));
  });
  afterEach(async () => {
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('prints only JSON lines on stdout; SIGTERM stops it with exit 0 and the cursor saved', async () => {
    const tokenFile = path.join(dir, 'token');
    await writeFile(tokenFile, `${hub.token}\n`);
    const cursorFile = path.join(dir, 'cursor');
    const r = run(['--gateway', hub.gatewayUrl, '--organization', hub.organizationId, '--token-file', tokenFile, '--cursor-file', cursorFile]);
    try {
      await waitFor(() => hub.subscriptions.length === 1, 'the subscription', 15_000);
      const made = [hub.refer('From the command line 1'), hub.refer('From the command line 2')];
      await waitFor(() => r.stdout.split('\n').filter(Boolean).length === 2, 'two lines', 15_000);
      await waitFor(async () => (await readFile(cursorFile, 'utf8').catch(() => '')).trim() === made[1]!.cursor, 'the cursor saved');
      r.kill('SIGTERM');
      expect(await r.exit).toBe(0);
      const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.cursor, l.referral.id])).toEqual(made.map((m) => [m.cursor, m.caseId]));
      expect(hub.acknowledgements).toEqual(made.map((m) => m.caseId));
      expect(r.stderr).toContain('SIGTERM, stopping');
    } finally {
      r.kill('SIGKILL');
    }
  }, 30_000);

  test('a refused token exits 1 with a clear message', async () => {
    const r = run(['--gateway', hub.gatewayUrl, '--organization', hub.organizationId, '--cursor-file', path.join(dir, 'cursor')], { FENGQIAO_TOKEN: 'not-the-token' });
    try {
      expect(await r.exit).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/fengqiao-referral-listener: the gateway closed the connection with 4403 Forbidden; check that the token/);
    } finally {
      r.kill('SIGKILL');
    }
  }, 30_000);
});
