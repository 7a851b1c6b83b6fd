CREATE TYPE "identity"."attempt_status" AS ENUM('SENT', 'DELIVERED', 'READ', 'FAILED');--> statement-breakpoint
CREATE TYPE "identity"."contact_source" AS ENUM('REGISTRATION', 'REGISTRY_REPAIR');--> statement-breakpoint
CREATE TYPE "identity"."document_kind" AS ENUM('NOTICE', 'SUMMONS', 'SETTLEMENT', 'JUDGMENT', 'AWARD');--> statement-breakpoint
CREATE TYPE "identity"."registry" AS ENUM('PUBLIC_SECURITY', 'MARKET_SUPERVISION', 'TELECOM');--> statement-breakpoint
CREATE TYPE "identity"."registry_outcome" AS ENUM('MATCH', 'MISMATCH', 'NOT_FOUND', 'UNAVAILABLE', 'NOT_APPLICABLE');--> statement-breakpoint
CREATE TYPE "identity"."repair_outcome" AS ENUM('REACHABLE', 'NO_CHANNEL', 'IDENTITY_MISMATCH', 'UNAVAILABLE');--> statement-breakpoint
CREATE TYPE "identity"."service_status" AS ENUM('IN_PROGRESS', 'DELIVERED', 'READ', 'PUBLIC_NOTICE');--> statement-breakpoint
CREATE TABLE "identity"."contact_repairs" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"dispute_id" text NOT NULL,
	"requester_key" text NOT NULL,
	"requester_role" text NOT NULL,
	"requester_id" text,
	"requester_org" text,
	"purpose" text NOT NULL,
	"outcome" "identity"."repair_outcome" NOT NULL,
	"registries" jsonb NOT NULL,
	"channel_ids" text[] DEFAULT '{}' NOT NULL,
	"relay_number" text,
	"relay_extension" text,
	"relay_expires_at" timestamp with time zone,
	"requested_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."dispute_participants" (
	"dispute_id" text PRIMARY KEY NOT NULL,
	"claimant_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"handling_bodies" text[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."document_services" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"dispute_id" text NOT NULL,
	"kind" "identity"."document_kind" NOT NULL,
	"title" text NOT NULL,
	"document_digest" text NOT NULL,
	"status" "identity"."service_status" NOT NULL,
	"sender_role" text NOT NULL,
	"sender_id" text,
	"sender_org" text,
	"verification_code" text NOT NULL,
	"served_at" timestamp with time zone,
	"public_notice_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."event_cursors" (
	"source" text PRIMARY KEY NOT NULL,
	"position" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."identity_verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"registry" "identity"."registry",
	"outcome" "identity"."registry_outcome" NOT NULL,
	"requested_by_role" text NOT NULL,
	"requested_by" text,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"event_type" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"dispute_id" text,
	"payload" jsonb NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."service_address_confirmations" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"statement" text NOT NULL,
	"digest" text NOT NULL,
	"signed_by" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."service_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"service_id" text NOT NULL,
	"seq" integer NOT NULL,
	"channel" "identity"."channel_kind" NOT NULL,
	"service_address_id" text,
	"address" text NOT NULL,
	"status" "identity"."attempt_status" NOT NULL,
	"receipt" text,
	"failure_reason" text,
	"sent_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "identity"."contact_channels" ADD COLUMN "source" "identity"."contact_source" DEFAULT 'REGISTRATION' NOT NULL;--> statement-breakpoint
ALTER TABLE "identity"."personal_data_reads" ADD COLUMN "reader_org" text;--> statement-breakpoint
ALTER TABLE "identity"."service_addresses" ADD COLUMN "confirmation_id" text;--> statement-breakpoint
ALTER TABLE "identity"."service_addresses" ADD COLUMN "province_code" text;--> statement-breakpoint
ALTER TABLE "identity"."service_addresses" ADD COLUMN "city_code" text;--> statement-breakpoint
ALTER TABLE "identity"."service_addresses" ADD COLUMN "county_code" text;--> statement-breakpoint
ALTER TABLE "identity"."contact_repairs" ADD CONSTRAINT "contact_repairs_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "identity"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."document_services" ADD CONSTRAINT "document_services_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "identity"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."identity_verifications" ADD CONSTRAINT "identity_verifications_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "identity"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."service_address_confirmations" ADD CONSTRAINT "service_address_confirmations_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "identity"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."service_attempts" ADD CONSTRAINT "service_attempts_service_id_document_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "identity"."document_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_repairs_requester_idx" ON "identity"."contact_repairs" USING btree ("requester_key","requested_at");--> statement-breakpoint
CREATE INDEX "contact_repairs_party_idx" ON "identity"."contact_repairs" USING btree ("party_id","requested_at");--> statement-breakpoint
CREATE INDEX "dispute_participants_claimant_idx" ON "identity"."dispute_participants" USING btree ("claimant_id");--> statement-breakpoint
CREATE INDEX "dispute_participants_respondent_idx" ON "identity"."dispute_participants" USING btree ("respondent_id");--> statement-breakpoint
CREATE INDEX "document_services_party_idx" ON "identity"."document_services" USING btree ("party_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "document_services_verification_code_idx" ON "identity"."document_services" USING btree ("verification_code");--> statement-breakpoint
CREATE INDEX "identity_verifications_party_idx" ON "identity"."identity_verifications" USING btree ("party_id","checked_at");--> statement-breakpoint
CREATE INDEX "identity_outbox_position_idx" ON "identity"."outbox" USING btree ("tx_id","seq");--> statement-breakpoint
CREATE INDEX "identity_outbox_aggregate_idx" ON "identity"."outbox" USING btree ("aggregate_type","aggregate_id");--> statement-breakpoint
CREATE INDEX "identity_outbox_dispute_idx" ON "identity"."outbox" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "service_address_confirmations_party_idx" ON "identity"."service_address_confirmations" USING btree ("party_id","signed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_attempts_service_seq_idx" ON "identity"."service_attempts" USING btree ("service_id","seq");