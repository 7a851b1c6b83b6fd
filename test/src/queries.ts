/** The operations the end-to-end suites and the benchmark send through the gateway. */

const disputeFields = /* GraphQL */ `
  id title category status track claimAmount filedAt
  claimant { id name kind idNumber credit { discredited } }
  respondent { id name kind idNumber credit { discredited } }
  origin { id amount store { name platform { name } } }
  mediation { status organization { name } mediator { name } settlement { contentHash signedAt } }
  arbitration { caseNumber status institution { name } }
  litigation { caseNumber status court { name } }
  judicialConfirmation { caseNumber status court { name } }
  timeline { kind summary occurredAt actor { role id } }
  evidence { title sha256 }
`;

/** One dispute and everything known about it, from all seven subgraphs. */
export const DISPUTE_OVERVIEW = /* GraphQL */ `
  query DisputeOverview($id: ID!) {
    dispute(id: $id) { ${disputeFields} }
  }
`;

export const DISPUTE_PAGE = /* GraphQL */ `
  query DisputePage($first: Int, $after: String, $filter: DisputeFilter) {
    disputes(first: $first, after: $after, filter: $filter) {
      edges { cursor node { ${disputeFields} } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const FILE_DISPUTE = /* GraphQL */ `
  mutation FileDispute($input: FileDisputeInput!, $key: String!) {
    fileDispute(input: $input, idempotencyKey: $key) { id status claimant { id } respondent { id } }
  }
`;

export const REGISTER_PARTY = /* GraphQL */ `
  mutation RegisterParty($input: RegisterPartyInput!, $key: String!) {
    registerParty(input: $input, idempotencyKey: $key) { id name idNumber registryCheck }
  }
`;
