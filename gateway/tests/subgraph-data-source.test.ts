import { SubgraphDataSource } from '../src/subgraph-data-source.js';

const source = new SubgraphDataSource('platforms', 'http://127.0.0.1:1/graphql', async () => 'token', 1_000);
const answer = (status: number, body: unknown, contentType = 'application/json') =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': contentType } });
const mapped = async (response: Response) => {
  const error = await source.errorFromResponse(response as never);
  return { message: error.message, extensions: error.extensions };
};

describe('a subgraph answering with an HTTP error status', () => {
  it('passes on the code, field and rule of a typed 400 (a variable the subgraph refused), naming the subgraph', async () => {
    const body = {
      errors: [{
        message: 'input.amount: Decimal must be a number with at most two decimals, like "1299.00"',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.amount', rule: 'DECIMAL_FORMAT', stacktrace: ['at x'], http: { status: 400 } },
      }],
    };
    expect(await mapped(answer(400, body))).toEqual({
      message: body.errors[0]!.message,
      extensions: { code: 'BAD_USER_INPUT', field: 'input.amount', rule: 'DECIMAL_FORMAT', serviceName: 'platforms' },
    });
  });

  it.each([
    ['graphql-js codes only (the gateway sent something the subgraph cannot read)', answer(400, { errors: [{ message: 'Unknown argument', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] })],
    ['no errors', answer(400, { data: null })],
    ['a body that is not JSON', answer(400, '<html>bad request</html>', 'text/html')],
  ])('keeps SUBGRAPH_BAD_RESPONSE for a 400 with %s', async (_, response) => {
    expect(await mapped(response)).toEqual({
      message: 'Subgraph "platforms" answered HTTP 400',
      extensions: { code: 'SUBGRAPH_BAD_RESPONSE', serviceName: 'platforms', status: 400 },
    });
  });

  it('never passes on a typed error with another status', async () => {
    const typed = { errors: [{ message: 'nope', extensions: { code: 'BAD_USER_INPUT' } }] };
    expect((await mapped(answer(500, typed))).extensions).toEqual({ code: 'SUBGRAPH_FAILED', serviceName: 'platforms', status: 500 });
    expect((await mapped(answer(401, typed))).extensions).toEqual({ code: 'SUBGRAPH_REJECTED_GATEWAY', serviceName: 'platforms', status: 401 });
  });
});
