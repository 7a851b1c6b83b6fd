import {
  INSTALMENT_MISSED, INSTALMENT_PAID, instalmentMissedPayload, instalmentPaidPayload, OBLIGATION_PERFORMED, ROUTE_REFUSED, TRACK_CASE_CLOSED,
  type EventSubscription, type FeedEvent,
} from '@fengqiao/subgraph-kit';
import type { DisputeServices } from './services.js';

type Handlers = EventSubscription<DisputeServices>['handlers'];

const text = (e: FeedEvent, key: string): string | null => (typeof e.payload[key] === 'string' ? (e.payload[key] as string) : null);
const note = (e: FeedEvent, fallback: string) => text(e, 'note') ?? fallback;
/** "Lawsuit (2026)浙0782民初12号 filed", or "Lawsuit filed" when the case has no number yet. */
const filed = (e: FeedEvent, what: string) => [what, text(e, 'caseNumber'), 'filed'].filter(Boolean).join(' ');

/** Performance of a settlement or award, reported the same way by mediation and arbitration. */
const performance: Handlers = {
  [INSTALMENT_PAID]: (e, s) => {
    const p = instalmentPaidPayload.parse(e.payload);
    return s.reports.progress(e, `Instalment ${p.number} (${p.amount} yuan, due ${p.dueDate}) paid`);
  },
  [INSTALMENT_MISSED]: (e, s) => {
    const p = instalmentMissedPayload.parse(e.payload);
    return s.reports.progress(e, `Instalment ${p.number} (${p.amount} yuan, due ${p.dueDate}) missed; ${p.outstandingAmount} yuan outstanding`);
  },
  [OBLIGATION_PERFORMED]: (e, s) => s.reports.outcome(e, 'resolve', `Every instalment paid: the ${String(e.payload.obligation).toLowerCase()} is performed`),
  [ROUTE_REFUSED]: (e, s) => s.reports.routeRefused(e),
};

/**
 * What the disputes subgraph hears from the subgraphs that own the tracks. The mapping is
 * the whole of the "one-stop" bookkeeping: each line says what an event means for the dispute.
 */
export const disputeEventHandlers: EventSubscription<DisputeServices>[] = [
  {
    source: 'platforms',
    handlers: {
      NegotiationOpened: (e, s) => s.reports.caseOpened(e, 'NEGOTIATION', text(e, 'platformId'), 'Negotiation opened on the platform'),
      MerchantResponded: (e, s) => s.reports.progress(e, e.payload.accepted ? `The merchant accepted, offering ${text(e, 'offerAmount')} yuan` : 'The merchant refused'),
      MerchantFundsWithheld: (e, s) => s.reports.progress(e, `The platform holds ${text(e, 'amount')} yuan of the merchant's funds`),
      ConsumerCompensated: (e, s) => s.reports.outcome(e, 'resolve', `The platform paid the consumer ${text(e, 'amount')} yuan: resolved on the platform`),
      NegotiationEscalated: (e, s) => s.reports.route(e, 'MEDIATION', `negotiation on the platform failed (${text(e, 'reason') ?? 'no reason given'})`),
      [TRACK_CASE_CLOSED]: (e, s) => s.reports.trackCaseClosed(e, 'Negotiation on the platform'),
      [ROUTE_REFUSED]: (e, s) => s.reports.routeRefused(e),
    },
  },
  {
    source: 'mediation',
    handlers: {
      MediationReferred: (e, s) => s.reports.caseOpened(e, 'MEDIATION', text(e, 'organizationId'), note(e, 'Referred to mediation')),
      MediationAccepted: (e, s) => s.reports.progress(e, note(e, 'Referral accepted')),
      MediatorAssigned: async (e, s) => {
        await s.reports.assignMediator(e, text(e, 'mediatorId'));
        await s.reports.progress(e, note(e, 'Mediator assigned'));
      },
      // acknowledgeBy is the new organisation's deadline (mediation sets it when re-offering), not the one missed.
      ReferralReoffered: (e, s) => {
        const to = text(e, 'organizationName') ?? 'another organisation';
        const summary = `Re-offered to ${to}: ${text(e, 'fromOrganizationName') ?? 'the organisation offered'} did not acknowledge the referral in time; ${to} is to acknowledge it by ${text(e, 'acknowledgeBy')}`;
        const toId = text(e, 'organizationId');
        return toId ? s.reports.handOver(e, text(e, 'fromOrganizationId'), toId, summary) : s.reports.progress(e, summary);
      },
      // The mediation ends, one way or another: its mediator no longer follows the dispute.
      MediationSettled: async (e, s) => {
        await s.reports.assignMediator(e, null);
        await s.reports.outcome(e, 'settle', 'Settlement agreement signed by both parties');
      },
      MediationFailed: async (e, s) => {
        const facts = Array.isArray(e.payload.undisputedFacts) ? (e.payload.undisputedFacts as { statement: string }[]).map((f) => f.statement) : [];
        await s.reports.assignMediator(e, null);
        await s.reports.factsAgreed(e, e.aggregateId, facts);
        await s.reports.outcome(e, 'endUnresolved', `Mediation failed; ${facts.length} undisputed fact${facts.length === 1 ? '' : 's'} now travel with the dispute`);
      },
      MediationWithdrawn: async (e, s) => {
        await s.reports.assignMediator(e, null);
        await s.reports.outcome(e, 'endUnresolved', `Mediation withdrawn: ${text(e, 'reason') ?? 'no reason given'}`);
      },
      // The dispute went to another track: the mediation ended without an outcome of its own, and its mediator no longer follows the dispute.
      [TRACK_CASE_CLOSED]: async (e, s) => {
        await s.reports.assignMediator(e, null);
        await s.reports.trackCaseClosed(e, 'Mediation');
      },
      ReferralLapsed: async (e, s) => {
        const court = text(e, 'referringCourtId');
        await s.reports.assignMediator(e, null);
        await s.reports.outcome(e, 'endUnresolved', [
          `Mediation referral lapsed unacknowledged: ${text(e, 'organizationName') ?? 'the organisation'} did not acknowledge it by ${text(e, 'acknowledgeBy')}`,
          court ? `; reported back to the referring court ${court}` : '',
        ].join(''));
      },
      ...performance,
    },
  },
  {
    source: 'arbitration',
    handlers: {
      ArbitrationFiled: (e, s) => s.reports.caseOpened(e, 'ARBITRATION', text(e, 'institutionId'), filed(e, 'Arbitration case')),
      TribunalAppointed: (e, s) => s.reports.progress(e, 'Arbitral tribunal formed'),
      AwardIssued: (e, s) => s.reports.outcome(e, 'decide', `Award issued in ${text(e, 'caseNumber') ?? 'the arbitration'}`),
      ArbitrationWithdrawn: (e, s) => s.reports.outcome(e, 'endUnresolved', 'Arbitration withdrawn'),
      ...performance,
    },
  },
  {
    source: 'courts',
    handlers: {
      LawsuitFiled: (e, s) => s.reports.caseOpened(e, 'LITIGATION', text(e, 'courtId'), filed(e, 'Lawsuit')),
      LawsuitTransferred: async (e, s) => {
        const to = text(e, 'toCourtId');
        if (to) await s.reports.handledBy(e, to);
        await s.reports.progress(e, `Transferred to the competent court: ${text(e, 'reason') ?? ''}`);
      },
      HearingRecorded: (e, s) => s.reports.progress(e, 'Hearing held'),
      JudgmentRecorded: (e, s) => s.reports.outcome(e, 'decide', `Judgment given in ${text(e, 'caseNumber') ?? 'the lawsuit'}`),
      LawsuitMediated: (e, s) => s.reports.outcome(e, 'settle', 'Settled by mediation in court'),
      LawsuitWithdrawn: (e, s) => s.reports.outcome(e, 'endUnresolved', 'Lawsuit withdrawn'),
      TestCaseGroupFormed: (e, s) => s.reports.progress(e, 'Grouped with similar cases; one is tried as the test case'),
      CaseGuidedMediationOffered: (e, s) => s.reports.progress(e, 'The test case was judged: case-guided mediation is offered, with the judgment'),
      JudicialConfirmationApplied: async (e, s) => {
        const court = text(e, 'courtId');
        if (court) await s.reports.handledBy(e, court);
        await s.reports.progress(e, 'Judicial confirmation of the settlement applied for');
      },
      JudicialConfirmationRuled: (e, s) => s.reports.progress(e, e.payload.confirmed ? 'The court confirmed the settlement: it can be enforced' : 'The court refused to confirm the settlement'),
      EnforcementApplied: async (e, s) => {
        const court = text(e, 'courtId');
        if (court) await s.reports.handledBy(e, court);
        await s.reports.outcome(e, 'enforce', `Enforcement applied for${text(e, 'caseNumber') ? ` (${text(e, 'caseNumber')})` : ''}`);
      },
      // A judgment's performance is recorded by the court; settlements and awards report theirs as ObligationPerformed.
      EnforcementConcluded: (e, s) => s.reports.outcome(e, 'resolve', `Enforcement concluded: performed in full${text(e, 'caseNumber') ? ` (${text(e, 'caseNumber')})` : ''}`),
      [ROUTE_REFUSED]: (e, s) => s.reports.routeRefused(e),
    },
  },
];
