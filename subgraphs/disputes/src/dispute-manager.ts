import {
  badInput, createOnce, decodeCursor, forbidden, invalidTransition, newId, notFound, pageSize,
  parseInput, requireAuthenticated, toConnection, type Caller, type Connection,
} from '@fengqiao/subgraph-kit';
import { z } from 'zod';
import { idempotencyKeys, type DisputeRow, type EvidenceRow } from './db/schema.js';
import type { DisputesStore, Visibility } from './disputes-store.js';
import { EVIDENCE_SUBMITTED, type EvidenceSubmittedPayload } from './feeds.js';
import { participantsChanged } from './participants.js';
import { applyRoute, type TrackName } from './routing.js';

export type { TrackName };

const CATEGORIES = ['CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER'] as const;

const fileDisputeInput = z.object({
  title: z.string().trim().min(1, 'title is required').max(200, 'title is at most 200 characters'),
  description: z.string().trim().min(1, 'description is required').max(10_000, 'description is at most 10000 characters'),
  category: z.enum(CATEGORIES),
  claimAmount: z.string().nullish().refine((v) => v == null || Number(v) >= 0, 'claimAmount cannot be negative'),
  claimantId: z.string().trim().min(1).max(100).nullish(),
  respondentId: z.string().trim().min(1, 'respondentId is required').max(100),
  originOrderId: z.string().trim().min(1).max(100).nullish(),
});
export type FileDisputeInput = z.input<typeof fileDisputeInput>;

const submitEvidenceInput = z.object({
  disputeId: z.string().min(1),
  title: z.string().trim().min(1, 'title is required').max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex characters'),
  mediaType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'mediaType must look like type/subtype'),
  sizeBytes: z.number().int().positive('sizeBytes must be positive').max(2 ** 31 - 1),
});
export type SubmitEvidenceInput = z.input<typeof submitEvidenceInput>;

const routeInput = z.object({
  reason: z.string().trim().max(2000, 'reason is at most 2000 characters').nullish().transform((v) => v || null),
  destination: z.object({
    bodyId: z.string().trim().min(1).max(100).nullish(),
    regionCode: z.string().regex(/^\d{6}$/, 'regionCode is a six-digit GB/T 2260 code such as 330782').nullish(),
    claimType: z.string().trim().min(1).max(200, 'claimType is at most 200 characters').nullish(),
  }).nullish(),
});
export interface RouteDisputeArgs {
  disputeId: string;
  track: TrackName;
  reason?: string | null;
  destination?: { bodyId?: string | null; regionCode?: string | null; claimType?: string | null } | null;
}

/** Statuses after which nothing more is filed on the dispute. */
const CLOSED_STATUSES: DisputeRow['status'][] = ['RESOLVED', 'WITHDRAWN'];

/** What the disputes subgraph decides: who may see or change a dispute, and how it is filed. */
export class DisputeManager {
  constructor(private readonly store: DisputesStore) {}

  /**
   * A party sees its own disputes, a platform those filed through it, and courts, mediation
   * organisations and institutions those they handle; judges' colleagues and admins see all.
   */
  visibilityFor(caller: Caller): Visibility {
    switch (caller.role) {
      case 'party':
        return caller.sub ? { partyId: caller.sub } : { none: true };
      case 'platform':
        return caller.org ? { platformId: caller.org } : { none: true };
      case 'mediation_org':
      case 'mediator':
      case 'arbitrator':
        return caller.org ? { handlingBody: caller.org } : { none: true };
      case 'court':
      case 'admin':
        return {};
      default:
        return { none: true };
    }
  }

  async list(caller: Caller, filter: { status?: string[] | null; category?: string[] | null; partyId?: string | null } | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<DisputeRow>> {
    requireAuthenticated(caller);
    const limit = pageSize(first);
    const rows = await this.store.page(
      { ...filter, limit, after: after ? decodeCursor(after) : undefined },
      this.visibilityFor(caller),
    );
    return toConnection(rows, limit, (r) => ({ at: r.filedAt.toISOString(), id: r.id }));
  }

  async file(caller: Caller, rawInput: FileDisputeInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const input = parseInput(fileDisputeInput, rawInput);
    let claimantId = input.claimantId ?? null;
    let platformId: string | null = null;
    switch (caller.role) {
      case 'party':
        if (claimantId && claimantId !== caller.sub) throw forbidden('A party can file only as the claimant itself');
        claimantId = caller.sub;
        break;
      case 'platform':
        platformId = caller.org;
        break;
      case 'court':
      case 'admin':
        break;
      default:
        throw forbidden('Disputes are filed by parties, platforms or courts');
    }
    if (!claimantId) throw badInput('claimantId is required when filing for someone else', { field: 'claimantId', rule: 'REQUIRED' });
    if (claimantId === input.respondentId) throw badInput('The respondent must be another party than the claimant', { field: 'respondentId', rule: 'DISTINCT_PARTIES' });

    const { id } = await this.store.transaction((store, tx) =>
      createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.sub}`, operation: 'fileDispute', input: rawInput }, async () => {
        const id = newId('dsp');
        const now = new Date();
        await store.insertDispute({
          id,
          title: input.title,
          description: input.description,
          category: input.category,
          claimAmount: input.claimAmount ?? null,
          claimantId: claimantId!,
          respondentId: input.respondentId,
          originOrderId: input.originOrderId ?? null,
          platformId,
          filedAt: now,
          updatedAt: now,
        });
        // The participants and the FILED entry are announced in one outbox insert.
        await store.insertTimelineEvents(
          [{ id: newId('tle'), disputeId: id, kind: 'FILED', summary: `Filed: ${input.title}`, actorRole: caller.role, actorId: caller.sub, occurredAt: now }],
          [participantsChanged({ id, claimantId: claimantId!, respondentId: input.respondentId, handlingBodies: [] }, caller, now)],
        );
        return id;
      }),
    );
    return id;
  }

  async submitEvidence(caller: Caller, rawInput: SubmitEvidenceInput, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const input = parseInput(submitEvidenceInput, rawInput);
    const { id } = await this.store.transaction(async (store, tx) => {
      const dispute = await store.lockDispute(input.disputeId);
      if (!dispute || !this.canSee(caller, dispute)) throw notFound('Dispute', input.disputeId);
      // Evidence is each party's own: the court or a mediator may ask for it, but the party submits it.
      const isParty = caller.role === 'party' && (caller.sub === dispute.claimantId || caller.sub === dispute.respondentId);
      if (!isParty) throw forbidden('Evidence is submitted by the parties to the dispute');
      if (CLOSED_STATUSES.includes(dispute.status)) throw invalidTransition('The dispute is closed; no more evidence can be submitted', dispute.status);
      return createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.sub}`, operation: 'submitEvidence', input: rawInput }, async () => {
        const id = newId('evd');
        const now = new Date();
        await store.insertEvidence({ id, disputeId: dispute.id, title: input.title, sha256: input.sha256, mediaType: input.mediaType, sizeBytes: input.sizeBytes, submittedBy: caller.sub!, submittedAt: now });
        const submitted: EvidenceSubmittedPayload = { evidenceId: id, title: input.title };
        await store.insertTimelineEvents(
          [{ id: newId('tle'), disputeId: dispute.id, kind: 'EVIDENCE_SUBMITTED', summary: `Evidence submitted: ${input.title}`, track: dispute.track, actorRole: caller.role, actorId: caller.sub, occurredAt: now }],
          [{ type: EVIDENCE_SUBMITTED, aggregateType: 'Dispute', aggregateId: dispute.id, disputeId: dispute.id, actor: caller, at: now, payload: submitted }],
        );
        await store.touch(dispute.id);
        return id;
      });
    });
    return id;
  }

  async route(caller: Caller, args: RouteDisputeArgs, idempotencyKey: string): Promise<string> {
    requireAuthenticated(caller);
    const input = parseInput(routeInput, { reason: args.reason, destination: args.destination });
    const destination = input.destination ?? {};
    const { id } = await this.store.transaction(async (store, tx) => {
      const dispute = await store.lockDispute(args.disputeId);
      if (!dispute || !this.canSee(caller, dispute)) throw notFound('Dispute', args.disputeId);
      const isClaimant = caller.role === 'party' && caller.sub === dispute.claimantId;
      if (!isClaimant && !['platform', 'court', 'admin'].includes(caller.role)) {
        throw forbidden('A dispute is routed by its claimant, the platform it came through, a court or an admin');
      }
      // The court filed at cannot be guessed: cross-regional filing lets the claimant choose any.
      if (args.track === 'LITIGATION' && !destination.bodyId) {
        throw badInput('Name the court to file at (destination.bodyId); it transfers the case if another court is competent', { field: 'destination.bodyId', rule: 'COURT_REQUIRED' });
      }
      return createOnce(tx, idempotencyKeys, { key: idempotencyKey, caller: `${caller.role}:${caller.sub}`, operation: 'routeDispute', input: args }, async () => {
        await applyRoute(store, dispute, {
          track: args.track, reason: input.reason, destinationId: destination.bodyId ?? null,
          regionCode: destination.regionCode ?? null, claimType: destination.claimType ?? null,
        }, caller);
        return dispute.id;
      });
    });
    return id;
  }

  /**
   * The dispute, when the caller may follow its live feeds: whoever may read it (party,
   * platform, court, handling body, admin), except mediators: of those only the one assigned
   * in the mediation under way, whatever their organisation. An unknown dispute and one the
   * caller may not read are both NOT_FOUND, as for `dispute(id)`, so existence is not
   * revealed; FORBIDDEN tells a mediator who can read the dispute that they are not assigned.
   * Read afresh each time (no loader cache): a feed checks again before each event.
   */
  async followable(caller: Caller, disputeId: string): Promise<DisputeRow> {
    requireAuthenticated(caller);
    const [dispute] = await this.store.disputesByIds([disputeId], {});
    if (caller.role === 'mediator' && caller.sub && dispute?.assignedMediatorId === caller.sub) return dispute;
    if (!dispute || !this.canSee(caller, dispute)) throw notFound('Dispute', disputeId);
    if (caller.role === 'mediator') throw forbidden('Only the mediator assigned to the dispute may follow it');
    return dispute;
  }

  canSee(caller: Caller, dispute: DisputeRow): boolean {
    const v = this.visibilityFor(caller);
    if (v.none) return false;
    if (v.partyId) return dispute.claimantId === v.partyId || dispute.respondentId === v.partyId;
    if (v.platformId) return dispute.platformId === v.platformId;
    if (v.handlingBody) return dispute.handlingBodies.includes(v.handlingBody);
    return true;
  }
}
export type { DisputeRow, EvidenceRow };
