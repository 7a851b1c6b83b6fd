CREATE TYPE "arbitration"."agreement_source" AS ENUM('PLATFORM_TERMS', 'CONTRACT');--> statement-breakpoint
CREATE TABLE "arbitration"."arbitration_agreements" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text,
	"party_ids" jsonb NOT NULL,
	"institution_id" text NOT NULL,
	"source" "arbitration"."agreement_source" NOT NULL,
	"clause_text" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by_role" text NOT NULL,
	"recorded_by_id" text
);
--> statement-breakpoint
CREATE TABLE "arbitration"."arbitration_events" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"detail" text,
	"actor_role" text NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "arbitration"."case_number_sequences" (
	"institution_id" text NOT NULL,
	"year" integer NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "case_number_sequences_institution_id_year_pk" PRIMARY KEY("institution_id","year")
);
--> statement-breakpoint
CREATE TABLE "arbitration"."outbox" (
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
ALTER TABLE "arbitration"."arbitration_cases" ADD COLUMN "agreement_id" text;--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD COLUMN "claim_amount" numeric(15, 2);--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD COLUMN "arbitrators" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD COLUMN "hearing_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD COLUMN "award_amount" numeric(15, 2);--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD COLUMN "award_instalments" jsonb;--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_agreements" ADD CONSTRAINT "arbitration_agreements_institution_id_arbitration_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "arbitration"."arbitration_institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_events" ADD CONSTRAINT "arbitration_events_case_id_arbitration_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "arbitration"."arbitration_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arbitration"."case_number_sequences" ADD CONSTRAINT "case_number_sequences_institution_id_arbitration_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "arbitration"."arbitration_institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "arbitration_agreements_institution_idx" ON "arbitration"."arbitration_agreements" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "arbitration_agreements_dispute_idx" ON "arbitration"."arbitration_agreements" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "arbitration_events_case_idx" ON "arbitration"."arbitration_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "arbitration_outbox_aggregate_idx" ON "arbitration"."outbox" USING btree ("aggregate_type","aggregate_id");--> statement-breakpoint
CREATE INDEX "arbitration_outbox_dispute_idx" ON "arbitration"."outbox" USING btree ("dispute_id");--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD CONSTRAINT "arbitration_cases_agreement_id_arbitration_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "arbitration"."arbitration_agreements"("id") ON DELETE no action ON UPDATE no action;