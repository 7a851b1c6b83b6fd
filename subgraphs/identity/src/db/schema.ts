import { boolean, index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { idempotencyKeysTable } from '@fengqiao/subgraph-kit';

export const identitySchema = pgSchema('identity');

export const partyKind = identitySchema.enum('party_kind', ['NATURAL_PERSON', 'ORGANIZATION']);
export const identityDocumentType = identitySchema.enum('identity_document_type', ['RESIDENT_ID', 'HONG_KONG_ID', 'PASSPORT', 'UNIFIED_SOCIAL_CREDIT_CODE']);
export const jurisdiction = identitySchema.enum('jurisdiction', ['MAINLAND', 'HONG_KONG', 'MACAO', 'TAIWAN', 'FOREIGN']);
export const registryCheck = identitySchema.enum('registry_check', ['VALID', 'NEEDS_REGISTRY_CHECK', 'UNCHECKED']);
export const channelKind = identitySchema.enum('channel_kind', ['MOBILE', 'EMAIL', 'IN_APP', 'POSTAL']);

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
  },
  (t) => [uniqueIndex('service_addresses_party_channel_version_idx').on(t.partyId, t.channel, t.version)],
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
    purpose: text('purpose').notNull().default('case handling'),
    readAt: ts('read_at').notNull().defaultNow(),
  },
  (t) => [index('personal_data_reads_party_idx').on(t.partyId, t.readAt)],
);

export const idempotencyKeys = idempotencyKeysTable(identitySchema);

export const tables = { parties, contactChannels, serviceAddresses, personalDataReads, idempotencyKeys };
export type PartyRow = typeof parties.$inferSelect;
export type ContactChannelRow = typeof contactChannels.$inferSelect;
export type ServiceAddressRow = typeof serviceAddresses.$inferSelect;
export type PersonalDataReadRow = typeof personalDataReads.$inferSelect;
