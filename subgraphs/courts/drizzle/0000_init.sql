CREATE SCHEMA "courts";
--> statement-breakpoint
CREATE TYPE "courts"."court_level" AS ENUM('SUPREME', 'HIGH', 'INTERMEDIATE', 'BASIC');--> statement-breakpoint
CREATE TYPE "courts"."judicial_confirmation_status" AS ENUM('APPLIED', 'CONFIRMED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "courts"."litigation_status" AS ENUM('FILED', 'TRANSFERRED', 'IN_TRIAL', 'JUDGED', 'MEDIATED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "courts"."procedure" AS ENUM('ORDINARY', 'SUMMARY');--> statement-breakpoint
CREATE TABLE "courts"."courts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"english_name" text NOT NULL,
	"code" text NOT NULL,
	"level" "courts"."court_level" NOT NULL,
	"is_internet_court" boolean DEFAULT false NOT NULL,
	"hears_patent_cases" boolean DEFAULT false NOT NULL,
	"region" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courts"."idempotency_keys" (
	"caller" text NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_caller_operation_key_pk" PRIMARY KEY("caller","operation","key")
);
--> statement-breakpoint
CREATE TABLE "courts"."judicial_confirmations" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"claimant_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"court_id" text NOT NULL,
	"case_number" text NOT NULL,
	"status" "courts"."judicial_confirmation_status" DEFAULT 'APPLIED' NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ruled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "courts"."litigation_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"claimant_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"court_id" text NOT NULL,
	"case_number" text NOT NULL,
	"status" "courts"."litigation_status" DEFAULT 'FILED' NOT NULL,
	"procedure" "courts"."procedure" DEFAULT 'ORDINARY' NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claim_amount" numeric(15, 2) NOT NULL,
	"fee" numeric(15, 2) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "courts"."judicial_confirmations" ADD CONSTRAINT "judicial_confirmations_court_id_courts_id_fk" FOREIGN KEY ("court_id") REFERENCES "courts"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."litigation_cases" ADD CONSTRAINT "litigation_cases_court_id_courts_id_fk" FOREIGN KEY ("court_id") REFERENCES "courts"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "courts_code_idx" ON "courts"."courts" USING btree ("code");--> statement-breakpoint
CREATE INDEX "courts_region_idx" ON "courts"."courts" USING btree ("region");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_dispute_idx" ON "courts"."judicial_confirmations" USING btree ("dispute_id","applied_at");--> statement-breakpoint
CREATE UNIQUE INDEX "judicial_confirmations_case_number_idx" ON "courts"."judicial_confirmations" USING btree ("case_number");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_court_idx" ON "courts"."judicial_confirmations" USING btree ("court_id");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_claimant_idx" ON "courts"."judicial_confirmations" USING btree ("claimant_id");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_respondent_idx" ON "courts"."judicial_confirmations" USING btree ("respondent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "litigation_cases_dispute_idx" ON "courts"."litigation_cases" USING btree ("dispute_id");--> statement-breakpoint
CREATE UNIQUE INDEX "litigation_cases_case_number_idx" ON "courts"."litigation_cases" USING btree ("case_number");--> statement-breakpoint
CREATE INDEX "litigation_cases_court_idx" ON "courts"."litigation_cases" USING btree ("court_id");--> statement-breakpoint
CREATE INDEX "litigation_cases_claimant_idx" ON "courts"."litigation_cases" USING btree ("claimant_id");--> statement-breakpoint
CREATE INDEX "litigation_cases_respondent_idx" ON "courts"."litigation_cases" USING btree ("respondent_id");