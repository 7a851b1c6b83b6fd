import { blockedPortProblem, FETCH_BLOCKED_PORTS, maskUrlPassword, portOfUrl, readSubgraphEnvironment } from '../src/index.js';

describe("the Fetch standard's blocked ports", () => {
  it("are exactly what this Node's fetch refuses: each listed port, and no neighbour of one", async () => {
    const refused = async (port: number) => {
      try {
        await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
        return false;
      } catch (err) {
        return /bad port/.test(String((err as { cause?: unknown }).cause));
      }
    };
    for (const port of FETCH_BLOCKED_PORTS) expect({ port, refused: await refused(port) }).toEqual({ port, refused: true });
    for (const port of [4000, 4001, 4007, 4010, 5432, 6001, 6670, 10081]) expect({ port, refused: await refused(port) }).toEqual({ port, refused: false });
  });

  it('a subgraph refuses one as its port, naming the variable and the reason', () => {
    expect(() => readSubgraphEnvironment('courts', { COURTS_PORT: '6667', HUB_INTERNAL_PUBLIC_JWK: '{}' })).toThrow(
      /COURTS_PORT: port 6667 is on the Fetch standard's blocked list .*fetch\(\) and browsers refuse to connect to it/,
    );
    expect(readSubgraphEnvironment('courts', { COURTS_PORT: '6670', HUB_INTERNAL_PUBLIC_JWK: '{}' }).port).toBe(6670);
    expect(blockedPortProblem(4006)).toBeUndefined();
  });

  it('reads the port of a URL, the scheme default when it names none', () => {
    expect(portOfUrl('http://127.0.0.1:6000/graphql')).toBe(6000);
    expect(portOfUrl('http://credit.internal/graphql')).toBe(80);
    expect(portOfUrl('https://credit.internal/graphql')).toBe(443);
    expect(portOfUrl('not a url')).toBeUndefined();
  });
});

describe('connection URLs in logs and start-up lines', () => {
  it.each([
    ['postgres://hub:s3cret@db.internal:5432/fengqiao', 'postgres://hub:***@db.internal:5432/fengqiao'],
    ['postgres://db.internal/fengqiao?user=hub&password=s3cret', 'postgres://db.internal/fengqiao?user=hub&password=***'],
    ['postgres://postgres@127.0.0.1:5441/postgres', 'postgres://postgres@127.0.0.1:5441/postgres'],
    ['::not a url s3cret', '(an unparsable URL)'],
  ])('%s is shown as %s', (url, shown) => {
    expect(maskUrlPassword(url)).toBe(shown);
    expect(maskUrlPassword(url)).not.toContain('s3cret');
  });
});
