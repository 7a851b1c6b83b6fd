CREATE TYPE "credit"."delisting_reason" AS ENUM('PERFORMED');--> statement-breakpoint
CREATE TYPE "credit"."credit_lookup_kind" AS ENUM('PROFILE', 'REPORT');--> statement-breakpoint
CREATE TYPE "credit"."credit_lookup_outcome" AS ENUM('GRANTED', 'REFUSED');--> statement-breakpoint
CREATE TYPE "credit"."credit_refusal_reason" AS ENUM('NO_CONSENT', 'CONSENT_REVOKED', 'CONSENT_EXPIRED');--> statement-breakpoint
CREATE TABLE "credit"."credit_consents" (
	"id" text PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"recipient_id" text NOT NULL,
	"purpose" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credit"."event_cursors" (
	"source" text PRIMARY KEY NOT NULL,
	"position" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit"."credit_reads" ADD COLUMN "kind" "credit"."credit_lookup_kind" DEFAULT 'PROFILE' NOT NULL;--> statement-breakpoint
ALTER TABLE "credit"."credit_reads" ADD COLUMN "reader_org" text;--> statement-breakpoint
ALTER TABLE "credit"."credit_reads" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "credit"."credit_reads" ADD COLUMN "outcome" "credit"."credit_lookup_outcome" DEFAULT 'GRANTED' NOT NULL;--> statement-breakpoint
ALTER TABLE "credit"."credit_reads" ADD COLUMN "refusal_reason" "credit"."credit_refusal_reason";--> statement-breakpoint
ALTER TABLE "credit"."credit_reads" ADD COLUMN "consent_id" text;--> statement-breakpoint
ALTER TABLE "credit"."credit_records" ADD COLUMN "source_reference" text;--> statement-breakpoint
ALTER TABLE "credit"."credit_records" ADD COLUMN "removal_reason" "credit"."delisting_reason";--> statement-breakpoint
CREATE INDEX "credit_consents_subject_idx" ON "credit"."credit_consents" USING btree ("subject_id","recipient_id","granted_at");--> statement-breakpoint
ALTER TABLE "credit"."credit_reads" ADD CONSTRAINT "credit_reads_consent_id_credit_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "credit"."credit_consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_records_source_idx" ON "credit"."credit_records" USING btree ("kind","source_reference");