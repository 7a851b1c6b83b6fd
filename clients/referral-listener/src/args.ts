import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const DEFAULT_GATEWAY = 'http://localhost:4000/graphql';

export const USAGE = `usage: fengqiao-referral-listener --organization <id> [options]

Subscribes to the referrals made to one mediation organisation and, for each one in order,
prints it to stdout as one JSON line, POSTs it to the webhook (if given), acknowledges it,
then saves its cursor. Diagnostics go to stderr.

  --organization <id>    the mediation organisation to listen for (required)
  --gateway <url>        the gateway's GraphQL HTTP endpoint
                         (default $FENGQIAO_GATEWAY_URL or ${DEFAULT_GATEWAY})
  --token <jwt>          the organisation's token (default $FENGQIAO_TOKEN)
  --token-file <path>    read the token from a file instead
  --cursor-file <path>   where the cursor is kept
                         (default ./referral-listener.<organization>.cursor)
  --webhook <url>        POST each referral here as JSON
  --no-ack               do not acknowledge referrals
  --help                 show this help

Exit codes: 0 stopped by SIGINT/SIGTERM, 1 fatal (token refused, cursor file unusable),
2 bad or missing flags.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ListenerConfig {
  help: false;
  gatewayUrl: string;
  token: string;
  organizationId: string;
  cursorFile: string;
  webhookUrl?: string;
  acknowledge: boolean;
}

export type CliConfig = ListenerConfig | { help: true };

/** Turns argv (without node and the script) and the environment into a configuration; throws UsageError. */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): CliConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        gateway: { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        organization: { type: 'string' },
        'cursor-file': { type: 'string' },
        webhook: { type: 'string' },
        'no-ack': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(firstLine((err as Error).message));
  }
  if (values.help) return { help: true };
  const str = (name: string): string | undefined => values[name] as string | undefined;

  const organizationId = str('organization')?.trim();
  if (str('organization') !== undefined && !organizationId) throw new UsageError('--organization must not be empty');
  if (!organizationId) throw new UsageError('missing --organization <id>');

  const gatewayUrl = httpUrl('--gateway', str('gateway') ?? env.FENGQIAO_GATEWAY_URL ?? DEFAULT_GATEWAY);
  const webhookUrl = str('webhook') === undefined ? undefined : httpUrl('--webhook', str('webhook')!);

  if (str('token') !== undefined && str('token-file') !== undefined) throw new UsageError('give either --token or --token-file, not both');
  let token: string | undefined;
  if (str('token') !== undefined) token = str('token');
  else if (str('token-file') !== undefined) {
    const file = str('token-file')!;
    try {
      token = readFile(file);
    } catch (err) {
      throw new UsageError(`cannot read --token-file ${file}: ${firstLine((err as Error).message)}`);
    }
  } else token = env.FENGQIAO_TOKEN;
  token = token?.trim().replace(/^Bearer\s+/i, '');
  if (!token) throw new UsageError('missing token: pass --token <jwt> or --token-file <path>, or set FENGQIAO_TOKEN');
  if (/\s/.test(token)) throw new UsageError('the token must be a single word (a JWT)');

  const cursorFile = str('cursor-file') ?? `./referral-listener.${organizationId.replace(/[^A-Za-z0-9._-]/g, '_')}.cursor`;
  if (!cursorFile.trim()) throw new UsageError('--cursor-file must not be empty');

  return { help: false, gatewayUrl, token, organizationId, cursorFile, webhookUrl, acknowledge: !values['no-ack'] };
}

function httpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http:// or https:// URL: ${JSON.stringify(value)}`);
  return url.toString();
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
