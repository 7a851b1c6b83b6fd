import { boolean, index, integer, pgSchema, jsonb, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { eventCursorsTable, idempotencyKeysTable, LEGAL_ACTS, outboxTable } from '@fengqiao/subgraph-kit';

export const identitySchema = pgSchema('identity');

export const partyKind = identitySchema.enum('party_kind', ['NATURAL_PERSON', 'ORGANIZATION']);
export const identityDocumentType = identitySchema.enum('identity_document_type', ['RESIDENT_ID', 'HONG_KONG_ID', 'PASSPORT', 'UNIFIED_SOCIAL_CREDIT_CODE']);
export const jurisdiction = identitySchema.enum('jurisdiction', ['MAINLAND', 'HONG_KONG', 'MACAO', 'TAIWAN', 'FOREIGN']);
export const registryCheck = identitySchema.enum('registry_check', ['VALID', 'NEEDS_REGISTRY_CHECK', 'UNCHECKED']);
export const channelKind = identitySchema.enum('channel_kind', ['MOBILE', 'EMAIL', 'IN_APP', 'POSTAL']);
export const contactSource = identitySchema.enum('contact_source', ['REGISTRATION', 'REGISTRY_REPAIR']);
export const registry = identitySchema.enum('registry', ['PUBLIC_SECURITY', 'MARKET_SUPERVISION', 'TELECOM']);
export const registryOutcome = identitySchema.enum('registry_outcome', ['MATCH', 'MISMATCH', 'NOT_FOUND', 'UNAVAILABLE', 'NOT_APPLICABLE']);
export const repairOutcome = identitySchema.enum('repair_outcome', ['REACHABLE', 'NO_CHANNEL', 'IDENTITY_MISMATCH', 'UNAVAILABLE']);
export const documentKind = identitySchema.enum('document_kind', ['NOTICE', 'SUMMONS', 'SETTLEMENT', 'JUDGMENT', 'AWARD']);
export const serviceStatus = identitySchema.enum('service_status', ['IN_PROGRESS', 'DELIVERED', 'READ', 'PUBLIC_NOTICE', 'UNSERVED']);
export const attemptStatus = identitySchema.enum('attempt_status', ['SENT', 'DELIVERED', 'READ', 'FAILED']);
export const legalAct = identitySchema.enum('legal_act', LEGAL_ACTS);
export const actConfirmationStatus = identitySchema.enum('act_confirmation_status', ['PENDING', 'CONFIRMED', 'LOCKED']);

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const parties = identitySchema.table(
  'parties',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: partyKind('kind').notNull(),
    idType: identityDocumentType('id_type').notNull(),
    /** Normalised by the validators in identity-numbers.ts; never shown unmasked without a logged read. */
    idNumber: text('id_number').notNull(),
    registryCheck: registryCheck('registry_check').notNull(),
    jurisdiction: jurisdiction('jurisdiction').notNull().default('MAINLAND'),
    registeredAt: ts('registered_at').notNull().defaultNow(),
  },
  (t) => [index('parties_id_number_idx').on(t.idType, t.idNumber)],
);

export const contactChannels = identitySchema.table(
  'contact_channels',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull().references(() => parties.id),
    kind: channelKind('kind').notNull(),
    value: text('value').notNull(),
    verified: boolean('verified').notNull().default(false),
    source: contactSource('source').notNull().default('REGISTRATION'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('contact_channels_party_idx').on(t.partyId)],
);

/**
 * Addresses for the service of legal documents, confirmed by the party. A change is a new
 * version: earlier versions are never overwritten, so what was valid when a document was
 * served can always be shown.
 */
export const serviceAddresses = identitySchema.table(
  'service_addresses',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull().references(() => parties.id),
    channel: channelKind('channel').notNull(),
    address: text('address').notNull(),
    version: integer('version').notNull(),
    confirmedAt: ts('confirmed_at').notNull(),
    /** The signed confirmation this version belongs to; null for versions from before signing existed (demo data). */
    confirmationId: text('confirmation_id'),
    /** Postal addresses: GB/T 2260 codes parsed from the address when it was confirmed. */
    provinceCode: text('province_code'),
    cityCode: text('city_code'),
    countyCode: text('county_code'),
  },
  (t) => [uniqueIndex('service_addresses_party_channel_version_idx').on(t.partyId, t.channel, t.version)],
);

/** A party's online signature over the service addresses it confirmed at once. */
export const serviceAddressConfirmations = identitySchema.table(
  'service_address_confirmations',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull().references(() => parties.id),
    statement: text('statement').notNull(),
    /** SHA-256 over the statement and the addresses: what the signature binds. */
    digest: text('digest').notNull(),
    signedBy: text('signed_by').notNull(),
    signedAt: ts('signed_at').notNull(),
    /** The party's one-time-code confirmation of this signing (act_confirmations); null for signings from before step-up. */
    stepUpChallengeId: text('step_up_challenge_id'),
    stepUpConfirmedAt: ts('step_up_confirmed_at'),
    /** canonicalHash of the input as the party confirmed it. */
    stepUpContentHash: text('step_up_content_hash'),
  },
  (t) => [
    index('service_address_confirmations_party_idx').on(t.partyId, t.signedAt),
    // A confirmation code is spent on one act.
    uniqueIndex('service_address_confirmations_step_up_idx').on(t.stepUpChallengeId),
  ],
);

/** Each match of a party against an official registry, kept: the latest is the party's verification. */
export const identityVerifications = identitySchema.table(
  'identity_verifications',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull().references(() => parties.id),
    registry: registry('registry'),
    outcome: registryOutcome('outcome').notNull(),
    requestedByRole: text('requested_by_role').notNull(),
    requestedBy: text('requested_by'),
    checkedAt: ts('checked_at').notNull(),
  },
  (t) => [index('identity_verifications_party_idx').on(t.partyId, t.checkedAt)],
);

/**
 * Lost-connection repairs: who asked, for which dispute and why, what the registries said,
 * and the relay handed out. The requester key (role:org:sub) is what the rate limit counts.
 */
export const contactRepairs = identitySchema.table(
  'contact_repairs',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull().references(() => parties.id),
    disputeId: text('dispute_id').notNull(),
    requesterKey: text('requester_key').notNull(),
    requesterRole: text('requester_role').notNull(),
    requesterId: text('requester_id'),
    requesterOrg: text('requester_org'),
    purpose: text('purpose').notNull(),
    outcome: repairOutcome('outcome').notNull(),
    /** [{ registry, outcome }] in the order asked. */
    registries: jsonb('registries').$type<{ registry: string; outcome: string }[]>().notNull(),
    /** Channels found, as contact_channels ids (source REGISTRY_REPAIR). */
    channelIds: text('channel_ids').array().notNull().default([]),
    relayNumber: text('relay_number'),
    relayExtension: text('relay_extension'),
    relayExpiresAt: ts('relay_expires_at'),
    requestedAt: ts('requested_at').notNull(),
  },
  (t) => [
    index('contact_repairs_requester_idx').on(t.requesterKey, t.requestedAt),
    index('contact_repairs_party_idx').on(t.partyId, t.requestedAt),
  ],
);

/** Who is party to a dispute and which bodies handle it, as the disputes subgraph reports it. */
export const disputeParticipants = identitySchema.table(
  'dispute_participants',
  {
    disputeId: text('dispute_id').primaryKey(),
    claimantId: text('claimant_id').notNull(),
    respondentId: text('respondent_id').notNull(),
    handlingBodies: text('handling_bodies').array().notNull().default([]),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('dispute_participants_claimant_idx').on(t.claimantId), index('dispute_participants_respondent_idx').on(t.respondentId)],
);

/** A document served on a party: one row per service, its attempts below. */
export const documentServices = identitySchema.table(
  'document_services',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull().references(() => parties.id),
    disputeId: text('dispute_id').notNull(),
    kind: documentKind('kind').notNull(),
    title: text('title').notNull(),
    documentDigest: text('document_digest').notNull(),
    status: serviceStatus('status').notNull(),
    senderRole: text('sender_role').notNull(),
    senderId: text('sender_id'),
    senderOrg: text('sender_org'),
    /** Printed in every message; anyone may check it (anti-scam). */
    verificationCode: text('verification_code').notNull(),
    servedAt: ts('served_at'),
    publicNoticeAt: ts('public_notice_at'),
    /** Set when a sender that may not serve by public notice ran out of ways to reach the party (UNSERVED). */
    unservedAt: ts('unserved_at'),
    unservedReason: text('unserved_reason'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('document_services_party_idx').on(t.partyId, t.createdAt),
    uniqueIndex('document_services_verification_code_idx').on(t.verificationCode),
  ],
);

export const serviceAttempts = identitySchema.table(
  'service_attempts',
  {
    id: text('id').primaryKey(),
    serviceId: text('service_id').notNull().references(() => documentServices.id),
    /** 1-based order of the attempt within its service. */
    seq: integer('seq').notNull(),
    channel: channelKind('channel').notNull(),
    /** The service-address version used (null for a relay found by repair). */
    serviceAddressId: text('service_address_id'),
    address: text('address').notNull(),
    status: attemptStatus('status').notNull(),
    receipt: text('receipt'),
    failureReason: text('failure_reason'),
    sentAt: ts('sent_at').notNull(),
    deliveredAt: ts('delivered_at'),
    readAt: ts('read_at'),
    failedAt: ts('failed_at'),
  },
  (t) => [uniqueIndex('service_attempts_service_seq_idx').on(t.serviceId, t.seq)],
);

/**
 * One-time codes a party asked for to confirm a legal act itself (act-confirmation/). Only a
 * keyed hash of the code is kept; the address it went to stays here, with the rest of the
 * party's personal data.
 */
export const actConfirmations = identitySchema.table(
  'act_confirmations',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull().references(() => parties.id),
    act: legalAct('act').notNull(),
    subjectId: text('subject_id').notNull(),
    contentHash: text('content_hash').notNull(),
    channel: channelKind('channel').notNull(),
    address: text('address').notNull(),
    /** Set when the address is the registration mobile: a right code verifies it. */
    contactChannelId: text('contact_channel_id'),
    /** HMAC-SHA256 of challenge id and code under the subgraph's code key, hex. */
    codeHash: text('code_hash').notNull(),
    status: actConfirmationStatus('status').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    confirmedAt: ts('confirmed_at'),
  },
  (t) => [index('act_confirmations_party_idx').on(t.partyId, t.createdAt)],
);

/**
 * What the simulated providers "sent" (service-of-documents/courier.ts): the demo's message
 * log, so someone trying the hub can read a code sent to a fictional mobile. Written only
 * while the courier is the simulated one; read only by admins outside production.
 */
export const simulatedMessages = identitySchema.table(
  'simulated_messages',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull(),
    channel: channelKind('channel').notNull(),
    address: text('address').notNull(),
    text: text('text').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [index('simulated_messages_party_idx').on(t.partyId, t.sentAt)],
);

/** Access log: every unmasked read of personal data by someone other than the party itself. */
export const personalDataReads = identitySchema.table(
  'personal_data_reads',
  {
    id: text('id').primaryKey(),
    partyId: text('party_id').notNull(),
    field: text('field').notNull(),
    readerRole: text('reader_role').notNull(),
    readerId: text('reader_id'),
    readerOrg: text('reader_org'),
    purpose: text('purpose').notNull().default('case handling'),
    readAt: ts('read_at').notNull().defaultNow(),
  },
  (t) => [index('personal_data_reads_party_idx').on(t.partyId, t.readAt)],
);

export const idempotencyKeys = idempotencyKeysTable(identitySchema);
export const outbox = outboxTable(identitySchema);
export const eventCursors = eventCursorsTable(identitySchema);

export const tables = {
  parties, contactChannels, serviceAddresses, serviceAddressConfirmations, identityVerifications, contactRepairs,
  disputeParticipants, documentServices, serviceAttempts, personalDataReads, actConfirmations, simulatedMessages, idempotencyKeys, outbox, eventCursors,
};
export type PartyRow = typeof parties.$inferSelect;
export type ContactChannelRow = typeof contactChannels.$inferSelect;
export type ServiceAddressRow = typeof serviceAddresses.$inferSelect;
export type PersonalDataReadRow = typeof personalDataReads.$inferSelect;
export type ServiceAddressConfirmationRow = typeof serviceAddressConfirmations.$inferSelect;
export type IdentityVerificationRow = typeof identityVerifications.$inferSelect;
export type ContactRepairRow = typeof contactRepairs.$inferSelect;
export type DisputeParticipantsRow = typeof disputeParticipants.$inferSelect;
export type DocumentServiceRow = typeof documentServices.$inferSelect;
export type ServiceAttemptRow = typeof serviceAttempts.$inferSelect;
export type ActConfirmationRow = typeof actConfirmations.$inferSelect;
export type SimulatedMessageRow = typeof simulatedMessages.$inferSelect;
