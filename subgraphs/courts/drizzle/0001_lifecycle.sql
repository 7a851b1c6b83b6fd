CREATE TYPE "courts"."enforcement_basis" AS ENUM('JUDGMENT', 'JUDICIAL_CONFIRMATION', 'ARBITRATION_AWARD');--> statement-breakpoint
CREATE TYPE "courts"."enforcement_status" AS ENUM('APPLIED');--> statement-breakpoint
CREATE TYPE "courts"."litigation_category" AS ENUM('CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER');--> statement-breakpoint
CREATE TABLE "courts"."case_events" (
	"id" text PRIMARY KEY NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"kind" text NOT NULL,
	"detail" text,
	"actor_role" text NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courts"."case_number_sequences" (
	"court_id" text NOT NULL,
	"year" integer NOT NULL,
	"case_type" text NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "case_number_sequences_court_id_year_case_type_pk" PRIMARY KEY("court_id","year","case_type")
);
--> statement-breakpoint
CREATE TABLE "courts"."case_transfers" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"from_court_id" text NOT NULL,
	"to_court_id" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courts"."enforcement_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"basis" "courts"."enforcement_basis" NOT NULL,
	"basis_reference" text NOT NULL,
	"applicant_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"court_id" text NOT NULL,
	"case_number" text NOT NULL,
	"amount" numeric(15, 2) NOT NULL,
	"status" "courts"."enforcement_status" DEFAULT 'APPLIED' NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courts"."mediation_offers" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"case_id" text NOT NULL,
	"judgment_summary" text NOT NULL,
	"offered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courts"."outbox" (
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
CREATE TABLE "courts"."test_case_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"court_id" text NOT NULL,
	"test_case_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"category" "courts"."litigation_category" NOT NULL,
	"claim_type" text NOT NULL,
	"formed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "courts"."judicial_confirmations" ADD COLUMN "settlement_reference" text;--> statement-breakpoint
ALTER TABLE "courts"."judicial_confirmations" ADD COLUMN "settlement_effective_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "courts"."judicial_confirmations" ADD COLUMN "ruling_reason" text;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "category" "courts"."litigation_category" DEFAULT 'OTHER' NOT NULL;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "claim_type" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "region_code" text;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "undisputed_facts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "trial_scheduled_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "hearing_record" text;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "judgment_summary" text;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD COLUMN "test_case_group_id" text;--> statement-breakpoint
ALTER TABLE "courts"."case_number_sequences" ADD CONSTRAINT "case_number_sequences_court_id_courts_id_fk" FOREIGN KEY ("court_id") REFERENCES "courts"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."case_transfers" ADD CONSTRAINT "case_transfers_case_id_litigation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "courts"."litigation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."case_transfers" ADD CONSTRAINT "case_transfers_from_court_id_courts_id_fk" FOREIGN KEY ("from_court_id") REFERENCES "courts"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."case_transfers" ADD CONSTRAINT "case_transfers_to_court_id_courts_id_fk" FOREIGN KEY ("to_court_id") REFERENCES "courts"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."enforcement_cases" ADD CONSTRAINT "enforcement_cases_court_id_courts_id_fk" FOREIGN KEY ("court_id") REFERENCES "courts"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."mediation_offers" ADD CONSTRAINT "mediation_offers_group_id_test_case_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "courts"."test_case_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."mediation_offers" ADD CONSTRAINT "mediation_offers_case_id_litigation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "courts"."litigation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."test_case_groups" ADD CONSTRAINT "test_case_groups_court_id_courts_id_fk" FOREIGN KEY ("court_id") REFERENCES "courts"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."test_case_groups" ADD CONSTRAINT "test_case_groups_test_case_id_litigation_cases_id_fk" FOREIGN KEY ("test_case_id") REFERENCES "courts"."litigation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_aggregate_idx" ON "courts"."case_events" USING btree ("aggregate_id","at");--> statement-breakpoint
CREATE INDEX "case_transfers_case_idx" ON "courts"."case_transfers" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "enforcement_cases_case_number_idx" ON "courts"."enforcement_cases" USING btree ("case_number");--> statement-breakpoint
CREATE INDEX "enforcement_cases_dispute_idx" ON "courts"."enforcement_cases" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "enforcement_cases_applicant_idx" ON "courts"."enforcement_cases" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "enforcement_cases_respondent_idx" ON "courts"."enforcement_cases" USING btree ("respondent_id");--> statement-breakpoint
CREATE INDEX "mediation_offers_group_idx" ON "courts"."mediation_offers" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_offers_case_idx" ON "courts"."mediation_offers" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "courts_outbox_aggregate_idx" ON "courts"."outbox" USING btree ("aggregate_type","aggregate_id");--> statement-breakpoint
CREATE INDEX "courts_outbox_dispute_idx" ON "courts"."outbox" USING btree ("dispute_id");--> statement-breakpoint
CREATE UNIQUE INDEX "test_case_groups_test_case_idx" ON "courts"."test_case_groups" USING btree ("test_case_id");--> statement-breakpoint
CREATE INDEX "litigation_cases_group_idx" ON "courts"."litigation_cases" USING btree ("test_case_group_id");