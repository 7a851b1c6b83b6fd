import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { locatedError, type GraphQLFormattedError } from 'graphql';
import { createLogger, loggableError, maskUnexpectedError, sendLogsTo } from '../src/index.js';

// Personal data as a resolver would pass it to SQL: none of it may reach a log line.
const NAME = '陈大文';
const ID_NUMBER = 'K538194(0)';
const PHONE = '13800138000';

/** Every line the loggers created while it is installed write, parsed. */
function captureLogs() {
  const lines: string[] = [];
  sendLogsTo(new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } }));
  return { lines, text: () => lines.join('\n') };
}

/** The error a real failed statement throws, wrapped as Apollo hands it to formatError. */
async function failedStatement(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    return locatedError(err, undefined, ['registerParty']);
  }
  throw new Error('the statement did not fail');
}

describe('errors in logs carry no SQL parameter or quoted value (real PGlite errors)', () => {
  let client: PGlite;
  let db: ReturnType<typeof drizzle>;
  beforeAll(async () => {
    client = await PGlite.create('memory://');
    await client.exec(`create schema t; create table t.parties (id text primary key, name text not null, id_number text not null unique, age int);
      insert into t.parties values ('pty_1', 'x', '${ID_NUMBER}', 1);`);
    db = drizzle(client);
  }, 60_000);
  afterAll(async () => {
    sendLogsTo(undefined);
    await client.close();
  });

  const cases: [string, () => Promise<unknown>, Record<string, unknown>][] = [
    ['a NUL in a parameter', () => db.execute(sql`insert into t.parties values ('pty_2', ${`${NAME}\u0000`}, ${PHONE}, 1)`), { code: '22021' }],
    ['a duplicate key (PostgreSQL names the value in detail)', () => db.execute(sql`insert into t.parties values ('pty_3', ${NAME}, ${ID_NUMBER}, 1)`),
      { code: '23505', table: 'parties', constraint: 'parties_id_number_key' }],
    ['a value of the wrong type (PostgreSQL quotes it in the message)', () => db.execute(sql`select * from t.parties where age = ${NAME + PHONE}::int`), { code: '22P02' }],
  ];

  it.each(cases)('%s', async (_, run, expected) => {
    const logs = captureLogs();
    const error = await failedStatement(run);
    // The raw error does carry the values: what this test guards against is real.
    expect(`${error.message} ${JSON.stringify(error.originalError)}`).toMatch(new RegExp(`${PHONE}|${ID_NUMBER.replace(/[()]/g, '\\$&')}`));

    const formatted = maskUnexpectedError(createLogger('test', 'info'))({ message: error.message, path: ['registerParty'] } as GraphQLFormattedError, error);
    expect(formatted).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });

    expect(logs.lines).toHaveLength(1);
    for (const secret of [NAME, ID_NUMBER, PHONE, 'params']) expect(logs.text()).not.toContain(secret);
    const logged = JSON.parse(logs.lines[0]!).err;
    expect(logged).toMatchObject({ type: 'DrizzleQueryError', message: 'Failed query', path: 'registerParty', cause: { type: 'DatabaseError', ...expected } });
    expect(logged.query).toMatch(/\$1/);
    expect(logged.stack).toMatch(/^DrizzleQueryError: Failed query\n\s+at /);
  });

  it('every logger sanitizes an error passed as err, and censors personal keys', () => {
    const logs = captureLogs();
    const log = createLogger('test', 'info');
    const withParams = Object.assign(new Error(`Failed query: insert\nparams: ${NAME}`), { query: 'insert into t.parties values ($1)', params: [NAME] });
    log.error({ err: withParams }, 'job failed');
    log.warn({ party: { idNumber: ID_NUMBER, mobile: PHONE }, variables: { name: NAME } }, 'something about a party');
    expect(logs.lines).toHaveLength(2);
    for (const secret of [NAME, ID_NUMBER, PHONE]) expect(logs.text()).not.toContain(secret);
    expect(JSON.parse(logs.lines[1]!)).toMatchObject({ party: { idNumber: '[redacted]', mobile: '[redacted]' }, variables: '[redacted]' });
  });

  it('keeps what an operator needs from other errors', () => {
    const err = Object.assign(new TypeError('Cannot read properties of undefined'), { code: 'ERR_X' });
    expect(loggableError(err)).toMatchObject({ type: 'TypeError', message: 'Cannot read properties of undefined', code: 'ERR_X' });
    expect(loggableError('a string')).toEqual({ type: 'string', message: 'a non-Error value was thrown' });
  });
});
