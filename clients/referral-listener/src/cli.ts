// fengqiao-referral-listener: see USAGE in args.ts and the package README.
import { parseCliArgs, UsageError, USAGE } from './args.js';
import { messageOf } from './errors.js';
import { startReferralListener } from './listener.js';

const PROGRAM = 'fengqiao-referral-listener';

function flushStdout(): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.writableEnded || process.stdout.destroyed) resolve();
    else process.stdout.write('', () => resolve());
  });
}

async function main(): Promise<number> {
  let config;
  try {
    config = parseCliArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${PROGRAM}: ${err.message} (see --help)\n`);
      return 2;
    }
    throw err;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const listener = startReferralListener({
    gatewayUrl: config.gatewayUrl,
    token: config.token,
    organizationId: config.organizationId,
    cursorFile: config.cursorFile,
    webhookUrl: config.webhookUrl,
    acknowledge: config.acknowledge,
  });

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      process.stderr.write(`${PROGRAM}: ${signal} again, exiting without waiting\n`);
      process.exit(130);
    }
    signalled = true;
    process.stderr.write(`${PROGRAM}: ${signal}, stopping after the event in hand\n`);
    void listener.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Whoever reads stdout went away: nowhere left to print, stop like on a signal (the cursor is saved).
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    process.stderr.write(`${PROGRAM}: stdout: ${err.code ?? err.message}; stopping\n`);
    void listener.stop();
  });

  try {
    await listener.done;
    return 0;
  } catch (err) {
    process.stderr.write(`${PROGRAM}: ${messageOf(err)}\n`);
    return 1;
  }
}

main()
  .then(async (code) => {
    await flushStdout();
    process.exit(code);
  })
  .catch((err: unknown) => {
    process.stderr.write(`${PROGRAM}: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
