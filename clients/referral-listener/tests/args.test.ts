import { DEFAULT_GATEWAY, parseCliArgs, UsageError } from '../src/args.js';

const env = { FENGQIAO_TOKEN: 'env-token' };
const noFile = (p: string): string => {
  throw new Error(`ENOENT: no such file or directory, open '${p}'`);
};

describe('command-line flags', () => {
  test('defaults', () => {
    expect(parseCliArgs(['--organization', 'org_yiwu'], env, noFile)).toEqual({
      help: false,
      gatewayUrl: DEFAULT_GATEWAY,
      token: 'env-token',
      organizationId: 'org_yiwu',
      cursorFile: './referral-listener.org_yiwu.cursor',
      webhookUrl: undefined,
      acknowledge: true,
    });
  });

  test('every flag', () => {
    const config = parseCliArgs(
      ['--organization=org_1', '--gateway', 'https://hub.example.cn/graphql', '--token', 'Bearer flag-token', '--cursor-file', '/var/lib/l/c', '--webhook', 'http://127.0.0.1:9000/in', '--no-ack'],
      env,
      noFile,
    );
    expect(config).toEqual({
      help: false,
      gatewayUrl: 'https://hub.example.cn/graphql',
      token: 'flag-token',
      organizationId: 'org_1',
      cursorFile: '/var/lib/l/c',
      webhookUrl: 'http://127.0.0.1:9000/in',
      acknowledge: false,
    });
  });

  test('the gateway from the environment, the token from a file', () => {
    const config = parseCliArgs(['--organization', 'o', '--token-file', '/run/secrets/t'], { FENGQIAO_GATEWAY_URL: 'http://gw:4000/graphql', FENGQIAO_TOKEN: 'env' }, () => '  file-token\n');
    expect(config).toMatchObject({ gatewayUrl: 'http://gw:4000/graphql', token: 'file-token' });
  });

  test('an organisation id with unusual characters still gives a plain file name', () => {
    expect(parseCliArgs(['--organization', 'a/b c'], env, noFile)).toMatchObject({ cursorFile: './referral-listener.a_b_c.cursor' });
  });

  test('--help', () => {
    expect(parseCliArgs(['--help'], {}, noFile)).toEqual({ help: true });
  });

  test.each([
    [[], env, /missing --organization/],
    [['--organization'], env, /argument missing/],
    [['--organization', ''], env, /must not be empty/],
    [['--organization', 'o', '--bogus'], env, /Unknown option '--bogus'/],
    [['--organization', 'o', 'extra'], env, /Unexpected argument 'extra'/],
    [['--organization', 'o'], {}, /missing token/],
    [['--organization', 'o', '--token', ''], env, /missing token/],
    [['--organization', 'o', '--token', 'a', '--token-file', 'f'], env, /either --token or --token-file/],
    [['--organization', 'o', '--token-file', '/nope'], env, /cannot read --token-file \/nope: ENOENT/],
    [['--organization', 'o', '--gateway', 'localhost:4000'], env, /--gateway must be an http/],
    [['--organization', 'o', '--gateway', 'not a url'], env, /--gateway is not a URL/],
    [['--organization', 'o', '--webhook', 'ftp://x/y'], env, /--webhook must be an http/],
    [['--organization', 'o', '--token', 'two words'], env, /single word/],
  ])('%j is a usage error', (argv, environment, message) => {
    let error: unknown;
    try {
      parseCliArgs(argv as string[], environment, noFile);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
