import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS } from '@fengqiao/schema';
import { generateWidgetKeyPair } from '@fengqiao/gateway';
import { generateInternalKeyPair } from '@fengqiao/subgraph-kit';
import { freePort, waitForHttp } from '../src/processes.js';

/**
 * The production examples in docs/deploy (docs/faults.md) are checked against the code: every
 * command they run exists, every variable they set is one a process reads, and a subgraph and
 * the gateway started exactly as the systemd units start them answer the probes Kubernetes uses.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const systemdDir = path.join(root, 'docs', 'deploy', 'systemd');
const kubernetesFile = path.join(root, 'docs', 'deploy', 'kubernetes', 'fengqiao-hub.yaml');

/** Every variable the environment readers read: `env.X`, and `env[`${prefix}_X`]` for each subgraph. */
function knownVariables(): Set<string> {
  const readers = [
    'gateway/src/environment.ts',
    ...readdirSync(path.join(root, 'subgraphs')).map((s) => `subgraphs/${s}/src/environment.ts`),
  ].filter((f) => existsSync(path.join(root, f)));
  const known = new Set<string>();
  for (const file of readers) {
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const [, name] of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) known.add(name!);
    for (const [, suffix] of source.matchAll(/\benv\[`\$\{[\w.()]+\}_([A-Z][A-Z0-9_]+)`\]/g)) {
      for (const { name } of SUBGRAPHS) known.add(`${name.toUpperCase()}_${suffix}`);
    }
  }
  return known;
}

interface Unit {
  file: string;
  sections: Record<string, [string, string][]>;
}

function parseUnit(file: string): Unit {
  const sections: Unit['sections'] = {};
  let current = '';
  for (const raw of readFileSync(path.join(systemdDir, file), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      current = section[1]!;
      sections[current] = [];
      continue;
    }
    const eq = line.indexOf('=');
    sections[current]!.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return { file, sections };
}
const values = (unit: Unit, section: string, key: string) => (unit.sections[section] ?? []).filter(([k]) => k === key).map(([, v]) => v);

function parseEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

/** `/etc/fengqiao-hub/hub.env` in a unit is docs/deploy/systemd/hub.env here. */
const envFileOf = (etcPath: string) => path.join(systemdDir, path.basename(etcPath));

const subgraphUnit = parseUnit('fengqiao-subgraph@.service');
const gatewayUnit = parseUnit('fengqiao-gateway.service');
const target = parseUnit('fengqiao-hub.target');
const instances = values(target, 'Unit', 'Wants').join(' ').split(/\s+/).filter(Boolean);

/** A unit's ExecStart for one instance, with its working directory mapped to this checkout. */
function execStart(unit: Unit, instance = ''): { argv: string[]; env: Record<string, string> } {
  const [command] = values(unit, 'Service', 'ExecStart');
  const argv = command!.replaceAll('%i', instance).split(/\s+/);
  const env = Object.assign({}, ...values(unit, 'Service', 'EnvironmentFile').map((f) => parseEnvFile(envFileOf(f))));
  return { argv, env };
}

function checkCommand(argv: string[]): void {
  const [node, flag, loader, script, ...rest] = argv;
  expect(path.basename(node!)).toBe('node');
  expect(path.isAbsolute(node!)).toBe(true);
  expect([flag, loader]).toEqual(['--import', 'tsx']);
  // tsx must resolve from the working directory, as node resolves --import there.
  expect(() => createRequire(path.join(root, 'package.json')).resolve('tsx')).not.toThrow();
  expect({ script, exists: existsSync(path.join(root, script!)) }).toEqual({ script, exists: true });
  expect(rest).toEqual([]);
}

describe('systemd units (docs/deploy/systemd)', () => {
  it('the target starts every subgraph and the gateway', () => {
    expect(instances.sort()).toEqual([...SUBGRAPHS.map(({ name }) => `fengqiao-subgraph@${name}.service`), 'fengqiao-gateway.service'].sort());
  });

  it('every ExecStart runs a file of this repository', () => {
    for (const { name } of SUBGRAPHS) checkCommand(execStart(subgraphUnit, name).argv);
    checkCommand(execStart(gatewayUnit).argv);
    for (const unit of [subgraphUnit, gatewayUnit]) expect(values(unit, 'Service', 'WorkingDirectory')).toEqual(['/opt/fengqiao-hub']);
  });

  it('every variable of their environment files is one a process reads', () => {
    const known = knownVariables();
    const files = readdirSync(systemdDir).filter((f) => f.endsWith('.env'));
    expect(files.sort()).toEqual(['gateway.env', 'hub.env']);
    for (const file of files) {
      for (const variable of Object.keys(parseEnvFile(path.join(systemdDir, file)))) expect({ file, variable, known: known.has(variable) }).toEqual({ file, variable, known: true });
    }
    for (const unit of [subgraphUnit, gatewayUnit]) {
      for (const f of values(unit, 'Service', 'EnvironmentFile')) expect(existsSync(envFileOf(f))).toBe(true);
    }
  });

  it('do not restart a process that refused its configuration: the exit code the processes use for that', () => {
    for (const unit of [subgraphUnit, gatewayUnit]) expect(values(unit, 'Service', 'RestartPreventExitStatus')).toEqual(['78']);
    for (const file of ['subgraphs/kit/src/run.ts', 'gateway/src/index.ts']) expect(readFileSync(path.join(root, file), 'utf8')).toContain('process.exit(78)');
  });
});

describe('Kubernetes example (docs/deploy/kubernetes)', () => {
  const yaml = readFileSync(kubernetesFile, 'utf8');
  // Flow-style lists and maps in the example are JSON: read them without a YAML parser.
  const commands = [...yaml.matchAll(/^\s+command: (\[.*\])$/gm)].map(([, list]) => JSON.parse(list!) as string[]);
  const variables = [
    ...[...yaml.matchAll(/^\s+- name: ([A-Z][A-Z0-9_]+)$/gm)].map(([, v]) => v!),
    ...[...(/kind: ConfigMap[\s\S]*?\ndata:\n((?: {2}\w+: .*\n)+)/.exec(yaml)?.[1] ?? '').matchAll(/^ {2}(\w+):/gm)].map(([, v]) => v!),
  ];

  it('runs every subgraph and the gateway, each with a command of this repository', () => {
    expect(commands.map((c) => c[3]).sort()).toEqual([...SUBGRAPHS.map(({ name }) => `subgraphs/${name}/src/index.ts`), 'gateway/src/index.ts'].sort());
    for (const command of commands) checkCommand(['/usr/bin/node', ...command.slice(1)]);
  });

  it('sets only variables a process reads', () => {
    const known = knownVariables();
    expect(variables.length).toBeGreaterThan(20);
    for (const variable of variables) expect({ variable, known: known.has(variable) }).toEqual({ variable, known: true });
  });

  it('probes /readyz for readiness and /healthz for liveness on each container port', () => {
    for (const deployment of yaml.split('\n---\n').filter((d) => d.includes('kind: Deployment'))) {
      const port = /containerPort: (\d+)/.exec(deployment)![1];
      expect(deployment).toContain(`readinessProbe:\n            httpGet: { path: /readyz, port: ${port} }`);
      expect(deployment).toContain(`livenessProbe:\n            httpGet: { path: /healthz, port: ${port} }`);
      // The port the process is told to listen on is the probed one.
      expect(deployment).toMatch(new RegExp(`- name: [A-Z]+_PORT\\n\\s+value: "${port}"`));
    }
  });
});

describe('a subgraph and the gateway started as the units start them', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fengqiao-deploy-'));
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(stops.map((s) => s()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(unit: Unit, instance: string, overrides: Record<string, string>, port: number): Promise<void> {
    const { argv, env } = execStart(unit, instance);
    const proc = spawn(process.execPath, argv.slice(1), {
      cwd: root,
      // The example's values, with what cannot work here replaced: this machine's paths, ports and keys.
      env: { PATH: process.env.PATH, ...env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...overrides },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    stops.push(async () => {
      proc.kill('SIGTERM');
      await exited;
    });
    await Promise.race([
      waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000),
      exited.then((code) => { throw new Error(`${instance || 'gateway'} exited ${code}: ${stderr}`); }),
    ]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // systemd's KillSignal, within TimeoutStopSec.
    const [timeout] = values(unit, 'Service', 'TimeoutStopSec');
    const started = Date.now();
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(Number(timeout) * 1000);
  }

  it('answer /readyz and /healthz, and stop cleanly on SIGTERM', async () => {
    const internal = await generateInternalKeyPair();
    const widget = await generateWidgetKeyPair();
    const courtsPort = await freePort();
    await run(subgraphUnit, 'courts', {
      COURTS_PORT: String(courtsPort),
      HUB_INTERNAL_PUBLIC_JWK: JSON.stringify(internal.publicJwk),
      METRICS_TOKEN: 'a-metrics-token-for-the-deploy-test',
    }, courtsPort);
    const gatewayPort = await freePort();
    await run(gatewayUnit, '', {
      GATEWAY_PORT: String(gatewayPort),
      HUB_INTERNAL_PUBLIC_JWK: JSON.stringify(internal.publicJwk),
      HUB_INTERNAL_PRIVATE_JWK: JSON.stringify(internal.privateJwk),
      HUB_WIDGET_PRIVATE_JWK: JSON.stringify(widget.privateJwk),
      METRICS_TOKEN: 'a-metrics-token-for-the-deploy-test',
    }, gatewayPort);
  }, 120_000);
});
