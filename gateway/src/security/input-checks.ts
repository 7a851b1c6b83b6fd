import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { findInputProblem, inputRefused } from '@fengqiao/subgraph-kit';
import type { GatewayContext } from '../context.js';

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

/**
 * The gateway's input checks, after validation and before query planning:
 *
 * - an operation the document does not name (an unknown `operationName`, or several
 *   operations and none named) is a 400 BAD_REQUEST; Apollo's gateway executor would
 *   otherwise fail on it with a 500;
 * - the kit's ID and String checks and its custom scalars (subgraph-kit `input-checks.ts`),
 *   walked over the API schema so the client's error names its own argument path
 *   (`input.title`), not the path in the operation the gateway writes for a subgraph. The
 *   subgraphs run the same checks again on what reaches them.
 */
export function gatewayInputChecks(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) {
            throw badRequest(request.operationName
              ? 'The document has no operation of the name given in operationName'
              : 'The document has several operations: name the one to run in operationName');
          }
          const problem = findInputProblem({ schema, document, operation, variables: request.variables });
          if (problem) throw inputRefused(problem, 400);
        },
      };
    },
  };
}
