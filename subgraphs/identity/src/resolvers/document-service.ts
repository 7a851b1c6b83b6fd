import { requireAuthenticated } from '@fengqiao/subgraph-kit';
import type { Context } from '../context.js';
import type { DocumentServiceRow, PartyRow, ServiceAttemptRow } from '../db/schema.js';
import { isSelf, maskChannelValue } from '../masking.js';
import type { DeliveryReceiptInput, ServeDocumentInput } from '../service-of-documents/document-service-manager.js';
import { senderOf } from '../service-of-documents/document-service-manager.js';
import { howToVerify } from '../service-of-documents/service-message.js';

/**
 * The address of an attempt, as the caller may see it: the party itself in full; admins in
 * full, with the read logged; the sender's body (the only other reader of a service) with the
 * middle hidden, as mediators see addresses.
 */
async function presentAttempts(ctx: Context, partyId: string, rows: ServiceAttemptRow[]) {
  let level: 'FULL' | 'PARTIAL' = 'PARTIAL';
  if (isSelf(ctx.caller, partyId) || ctx.caller.role === 'admin') {
    level = 'FULL';
    if (rows.length) await ctx.loaders.recordFullRead(partyId, 'serviceAddresses', await ctx.loaders.access.load(partyId));
  }
  return rows.map((a) => ({ ...a, address: maskChannelValue(a.channel, a.address, level) }));
}

async function visible(ctx: Context, id: string): Promise<DocumentServiceRow | null> {
  const row = await ctx.loaders.documentServices.service.load(id);
  return row && ctx.services.documentServices.canSee(ctx.caller, row) ? row : null;
}

export const documentServiceResolvers = {
  Query: {
    /** Public: anonymous callers may check a code they were sent. */
    verifyServiceCode: (_: unknown, args: { code: string }, ctx: Context) => ctx.services.documentServices.verify(args.code),
    documentService(_: unknown, args: { id: string }, ctx: Context) {
      requireAuthenticated(ctx.caller);
      return visible(ctx, args.id);
    },
  },
  Mutation: {
    async serveDocument(_: unknown, args: { input: ServeDocumentInput; idempotencyKey: string }, ctx: Context) {
      const id = await ctx.services.documentServices.serve(ctx.caller, args.input, args.idempotencyKey);
      return ctx.loaders.documentServices.service.load(id);
    },
    async recordDeliveryReceipt(_: unknown, args: { input: DeliveryReceiptInput }, ctx: Context) {
      const id = await ctx.services.documentServices.recordReceipt(ctx.caller, args.input);
      const attempt = (await ctx.services.documentServices.store.attempt(id))!;
      const service = (await ctx.loaders.documentServices.service.load(attempt.serviceId))!;
      return (await presentAttempts(ctx, service.partyId, [attempt]))[0];
    },
    async openServedDocument(_: unknown, args: { serviceId: string }, ctx: Context) {
      const id = await ctx.services.documentServices.open(ctx.caller, args.serviceId);
      return ctx.loaders.documentServices.service.load(id);
    },
  },
  Party: {
    /** The party itself and admins; everyone else gets an empty list, not an error, so a party can be read alongside. */
    servedDocuments(p: PartyRow, _: unknown, ctx: Context) {
      if (!isSelf(ctx.caller, p.id) && ctx.caller.role !== 'admin') return [];
      return ctx.loaders.documentServices.ofParty.load(p.id);
    },
  },
  DocumentService: {
    party: (s: DocumentServiceRow, _: unknown, ctx: Context) => ctx.loaders.party.load(s.partyId),
    dispute: (s: DocumentServiceRow) => ({ id: s.disputeId }),
    sender: (s: DocumentServiceRow) => s,
    async attempts(s: DocumentServiceRow, _: unknown, ctx: Context) {
      return presentAttempts(ctx, s.partyId, await ctx.loaders.documentServices.attempts.load(s.id));
    },
  },
  ServiceAttempt: {},
  /**
   * Parent: the service row. The body fitting the role is set; a mediator's service names the
   * mediator and their organisation, so the party knows both whom to expect and whom to call.
   */
  ServiceSender: {
    role: (s: DocumentServiceRow) => s.senderRole,
    court: (s: DocumentServiceRow) => (s.senderRole === 'COURT' && s.senderOrg ? { id: s.senderOrg } : null),
    mediationOrganization: (s: DocumentServiceRow) =>
      (s.senderRole === 'MEDIATION_ORGANIZATION' || s.senderRole === 'MEDIATOR') && s.senderOrg ? { id: s.senderOrg } : null,
    mediator: (s: DocumentServiceRow) => (s.senderRole === 'MEDIATOR' && s.senderId ? { id: s.senderId } : null),
    arbitrationInstitution: (s: DocumentServiceRow) => (s.senderRole === 'ARBITRATOR' && s.senderOrg ? { id: s.senderOrg } : null),
    verificationCode: (s: DocumentServiceRow) => s.verificationCode,
    howToVerify: (s: DocumentServiceRow) => howToVerify({ sender: senderOf(s), kind: s.kind, verificationCode: s.verificationCode }),
  },
};
