/**
 * Which mutation arguments name another subgraph's entity. The gateway checks these ids with
 * the owning subgraph before the mutation runs (`check.ts`); a subgraph cannot, since it never
 * calls another. Paths are written as the client writes the arguments (`input.claimantId`); a
 * list (`input.partyIds`) is checked element by element.
 *
 * `gateway/tests/references.test.ts` keeps this in step with the supergraph: every ID argument
 * or input field of every mutation (and every one named `…Id`/`…Ids`) is either a reference
 * here, to a type owned by another subgraph than the mutation's, or local below.
 */

/**
 * What an argument names: one entity type; any of several (`anyOf`); or the type chosen by
 * another argument's value (`by`, a path from the arguments' root): values not listed are not
 * references (the id is ignored for them).
 */
export type Reference =
  | string
  | { readonly anyOf: readonly string[] }
  | { readonly by: string; readonly types: Readonly<Record<string, string>> };

export type ReferenceDeclaration = Readonly<Record<string, Readonly<Record<string, Reference>>>>;

/** The parties of a case, as every track files them. */
const PARTIES = { 'input.claimantId': 'Party', 'input.respondentId': 'Party' } as const;

export const REFERENCES: ReferenceDeclaration = {
  // disputes
  fileDispute: { ...PARTIES, 'input.originOrderId': 'Order' },
  routeDispute: {
    // NEGOTIATION goes to the platform the dispute came through; a bodyId there is ignored.
    'destination.bodyId': { by: 'track', types: { MEDIATION: 'MediationOrganization', ARBITRATION: 'ArbitrationInstitution', LITIGATION: 'Court' } },
  },
  // identity
  repairContact: { 'input.disputeId': 'Dispute' },
  // A code for a settlement that does not exist confirms nothing; the party's own addresses
  // are identity's, and a judicial confirmation's subject is a settlement reference, not an id.
  requestActConfirmation: { 'input.subjectId': { by: 'input.act', types: { SIGN_SETTLEMENT: 'MediationCase' } } },
  serveDocument: { 'input.disputeId': 'Dispute' },
  // platforms
  recordOrder: { 'input.buyerId': 'Party' },
  openNegotiation: { ...PARTIES, 'input.disputeId': 'Dispute' },
  // mediation
  referToMediation: { ...PARTIES, 'input.disputeId': 'Dispute' },
  // arbitration
  recordArbitrationAgreement: { 'input.disputeId': 'Dispute', 'input.partyIds': 'Party' },
  fileArbitration: { ...PARTIES, 'input.disputeId': 'Dispute' },
  issueAward: { 'input.enforcementCourtId': 'Court' },
  // courts
  fileLawsuit: { ...PARTIES, 'input.disputeId': 'Dispute' },
  applyForJudicialConfirmation: { ...PARTIES, 'input.disputeId': 'Dispute' },
  applyForEnforcement: { 'input.applicantId': 'Party', 'input.respondentId': 'Party', 'input.disputeId': 'Dispute' },
  // credit: whoever a report may go to is a caller's body (`org`) or a party (`sub`); see recipientOf.
  grantCreditConsent: { 'input.recipientId': { anyOf: ['Party', 'Platform', 'MediationOrganization', 'ArbitrationInstitution', 'Court'] } },
};

/**
 * ID arguments that name something of the mutation's own subgraph, with the type they name:
 * the subgraph finds it in its own tables and refuses an unknown one itself. The test checks
 * that the mutation's subgraph owns each type.
 */
export const LOCAL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // disputes
  submitEvidence: { 'input.disputeId': 'Dispute' },
  routeDispute: { disputeId: 'Dispute' },
  // identity
  verifyPartyIdentity: { partyId: 'Party' },
  repairContact: { 'input.partyId': 'Party' },
  serveDocument: { 'input.partyId': 'Party' },
  recordDeliveryReceipt: { 'input.attemptId': 'ServiceAttempt' },
  openServedDocument: { serviceId: 'DocumentService' },
  confirmAct: { challengeId: 'ActConfirmationChallenge' },
  // platforms
  recordOrder: { 'input.storeId': 'Store' },
  openNegotiation: { 'input.orderId': 'Order' },
  respondToNegotiation: { id: 'PlatformNegotiation' },
  withholdMerchantFunds: { id: 'PlatformNegotiation' },
  payConsumerCompensation: { id: 'PlatformNegotiation' },
  escalateNegotiation: { id: 'PlatformNegotiation' },
  // mediation
  referToMediation: { 'input.organizationId': 'MediationOrganization' },
  acceptReferral: { caseId: 'MediationCase' },
  acknowledgeReferral: { caseId: 'MediationCase' },
  assignMediator: { caseId: 'MediationCase', mediatorId: 'Mediator' },
  recordContactAttempt: { caseId: 'MediationCase' },
  withdrawMediation: { caseId: 'MediationCase' },
  recordSession: { caseId: 'MediationCase' },
  draftSettlement: { caseId: 'MediationCase' },
  signSettlement: { caseId: 'MediationCase' },
  recordInstalmentPayment: { settlementId: 'SettlementAgreement' },
  terminateMediation: { caseId: 'MediationCase' },
  confirmUndisputedFact: { caseId: 'MediationCase', factId: 'MediationFact' },
  closeAsFailed: { caseId: 'MediationCase' },
  rateMediator: { caseId: 'MediationCase' },
  // arbitration
  recordArbitrationAgreement: { 'input.institutionId': 'ArbitrationInstitution' },
  fileArbitration: { 'input.agreementId': 'ArbitrationAgreement', 'input.institutionId': 'ArbitrationInstitution' },
  appointTribunal: { caseId: 'ArbitrationCase' },
  startHearing: { caseId: 'ArbitrationCase' },
  issueAward: { caseId: 'ArbitrationCase' },
  recordAwardPayment: { caseId: 'ArbitrationCase' },
  withdrawArbitration: { caseId: 'ArbitrationCase' },
  // courts
  fileLawsuit: { 'input.filedAtCourtId': 'Court' },
  scheduleTrial: { caseId: 'LitigationCase' },
  recordHearing: { caseId: 'LitigationCase' },
  recordJudgment: { caseId: 'LitigationCase' },
  recordCourtMediation: { caseId: 'LitigationCase' },
  withdrawLawsuit: { caseId: 'LitigationCase' },
  applyForJudicialConfirmation: { 'input.courtId': 'Court' },
  ruleOnJudicialConfirmation: { id: 'JudicialConfirmation' },
  formTestCaseGroup: { 'input.caseIds': 'LitigationCase', 'input.testCaseId': 'LitigationCase' },
  applyForEnforcement: { 'input.courtId': 'Court' },
  listDiscreditedDebtor: { 'input.enforcementCaseId': 'EnforcementCase' },
  recordEnforcementPerformed: { enforcementCaseId: 'EnforcementCase' },
  // credit
  revokeCreditConsent: { consentId: 'CreditConsent' },
};

/** The entity types a reference may name, whatever the other arguments say. */
export function typesOf(reference: Reference): readonly string[] {
  if (typeof reference === 'string') return [reference];
  if ('anyOf' in reference) return reference.anyOf;
  return Object.values(reference.types);
}
