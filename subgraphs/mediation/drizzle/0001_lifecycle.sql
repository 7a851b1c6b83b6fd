CREATE TYPE "mediation"."contact_channel" AS ENUM('PHONE', 'VIRTUAL_NUMBER', 'SMS', 'EMAIL', 'INSTANT_MESSAGE', 'VIDEO', 'IN_PERSON');--> statement-breakpoint
CREATE TYPE "mediation"."mediation_stage" AS ENUM('OPENING_REMARKS', 'JOINT_MEETING', 'INDIVIDUAL_INTERVIEW', 'SECOND_JOINT_MEETING', 'SETTLEMENT_NEGOTIATION', 'OTHER');--> statement-breakpoint
CREATE TYPE "mediation"."party_side" AS ENUM('CLAIMANT', 'RESPONDENT');--> statement-breakpoint
CREATE TABLE "mediation"."contact_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"reached" boolean NOT NULL,
	"channel" "mediation"."contact_channel" NOT NULL,
	"note" text,
	"mediator_id" text NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation"."mediation_facts" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"position" integer NOT NULL,
	"statement" text NOT NULL,
	"claimant_confirmed_at" timestamp with time zone,
	"respondent_confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation"."mediation_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"stage" "mediation"."mediation_stage" NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation"."mediator_ratings" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"mediator_id" text NOT NULL,
	"party_id" text NOT NULL,
	"side" "mediation"."party_side" NOT NULL,
	"score" smallint NOT NULL,
	"comment" text,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation"."outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
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
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "category" text DEFAULT 'OTHER' NOT NULL;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "preferred_model" "mediation"."mediation_model";--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "claimant_jurisdiction" text;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "respondent_jurisdiction" text;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "termination_report" text;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "terminated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "instalments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "claimant_signed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "respondent_signed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "drafted_by" text;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "mediation"."contact_attempts" ADD CONSTRAINT "contact_attempts_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "mediation"."mediation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_facts" ADD CONSTRAINT "mediation_facts_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "mediation"."mediation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_sessions" ADD CONSTRAINT "mediation_sessions_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "mediation"."mediation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation"."mediator_ratings" ADD CONSTRAINT "mediator_ratings_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "mediation"."mediation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation"."mediator_ratings" ADD CONSTRAINT "mediator_ratings_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "mediation"."mediators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_attempts_case_idx" ON "mediation"."contact_attempts" USING btree ("case_id","attempted_at");--> statement-breakpoint
CREATE INDEX "mediation_facts_case_idx" ON "mediation"."mediation_facts" USING btree ("case_id","position");--> statement-breakpoint
CREATE INDEX "mediation_sessions_case_idx" ON "mediation"."mediation_sessions" USING btree ("case_id","held_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mediator_ratings_case_party_uq" ON "mediation"."mediator_ratings" USING btree ("case_id","party_id");--> statement-breakpoint
CREATE INDEX "mediator_ratings_mediator_idx" ON "mediation"."mediator_ratings" USING btree ("mediator_id");--> statement-breakpoint
CREATE INDEX "mediation_outbox_aggregate_idx" ON "mediation"."outbox" USING btree ("aggregate_type","aggregate_id");--> statement-breakpoint
CREATE INDEX "mediation_outbox_dispute_idx" ON "mediation"."outbox" USING btree ("dispute_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_cases_open_dispute_uq" ON "mediation"."mediation_cases" USING btree ("dispute_id") WHERE "status" in ('REFERRED', 'ACCEPTED', 'MEDIATOR_ASSIGNED', 'IN_SESSION');--> statement-breakpoint
-- Agreements signed before signatures were recorded per party: both parties signed when the agreement was.
UPDATE "mediation"."settlement_agreements" SET "claimant_signed_at" = "signed_at", "respondent_signed_at" = "signed_at" WHERE "signed_at" IS NOT NULL;