import pg from 'pg';
import { createThrowawayDatabase } from '../src/index.js';
import { checkServerTarget } from '../src/backup/server.js';

const serverUrl = process.env.TEST_DATABASE_URL;
(serverUrl ? describe : describe.skip)('a restore target on a PostgreSQL server is checked before anything is written', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  beforeAll(async () => {
    database = await createThrowawayDatabase(serverUrl!);
  });
  afterAll(() => database?.drop());

  it('passes a database without the schema on a server whose counter is past the backup', async () => {
    await expect(checkServerTarget({ subgraph: 'courts', url: database.url }, '1')).resolves.toBeUndefined();
  });

  it('refuses a server whose transaction counter is behind the backup: its new events would sort before the restored ones', async () => {
    await expect(checkServerTarget({ subgraph: 'courts', url: database.url }, '9000000000000')).rejects.toThrow(
      /transaction counter \(\d+\) is behind the backup's newest event of courts \(9000000000000\)/,
    );
  });

  it('refuses a database that already has the subgraph', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('create schema courts');
    await client.end();
    await expect(checkServerTarget({ subgraph: 'courts', url: database.url }, '1')).rejects.toThrow(/already has a "courts" schema/);
  });
});
