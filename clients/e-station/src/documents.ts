import trusted from '../trusted-documents.json' with { type: 'json' };

/** The widget's operations, by name; each is sent as its trusted document's id. */
export type OperationName =
  | 'EStationOrder' | 'EStationDisputes' | 'EStationDispute' | 'EStationRecommendation'
  | 'EStationFileDispute' | 'EStationSubmitEvidence' | 'EStationRouteDispute'
  | 'EStationServiceAddresses' | 'EStationConfirmServiceAddresses' | 'EStationDisputeUpdated'
  | 'EStationSignSettlement' | 'EStationRateMediator' | 'EStationRespondToNegotiation' | 'EStationRequestActConfirmation';

/** operationName → documentId, from trusted-documents.json (each document starts with its operation). */
export function documentIdsByName(manifest: Record<string, string>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [id, text] of Object.entries(manifest)) {
    const match = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(text);
    if (match) ids.set(match[1]!, id);
  }
  return ids;
}

const IDS = documentIdsByName(trusted as Record<string, string>);

export function documentIdOf(name: OperationName): string {
  const id = IDS.get(name);
  if (!id) throw new Error(`No trusted document for ${name}: run npm run build --workspace @fengqiao/e-station`);
  return id;
}
