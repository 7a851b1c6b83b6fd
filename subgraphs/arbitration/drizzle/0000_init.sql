CREATE SCHEMA "arbitration";
--> statement-breakpoint
CREATE TYPE "arbitration"."arbitration_status" AS ENUM('FILED', 'TRIBUNAL_FORMED', 'HEARING', 'AWARDED', 'WITHDRAWN');--> statement-breakpoint
CREATE TABLE "arbitration"."arbitration_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"claimant_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"institution_id" text NOT NULL,
	"case_number" text NOT NULL,
	"status" "arbitration"."arbitration_status" DEFAULT 'FILED' NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"award_issued_at" timestamp with time zone,
	"award_summary" text
);
--> statement-breakpoint
CREATE TABLE "arbitration"."arbitration_institutions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"chinese_name" text NOT NULL,
	"city" text NOT NULL,
	"website" text
);
--> statement-breakpoint
CREATE TABLE "arbitration"."idempotency_keys" (
	"caller" text NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_caller_operation_key_pk" PRIMARY KEY("caller","operation","key")
);
--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD CONSTRAINT "arbitration_cases_institution_id_arbitration_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "arbitration"."arbitration_institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "arbitration_cases_dispute_idx" ON "arbitration"."arbitration_cases" USING btree ("dispute_id");--> statement-breakpoint
CREATE UNIQUE INDEX "arbitration_cases_institution_number_idx" ON "arbitration"."arbitration_cases" USING btree ("institution_id","case_number");--> statement-breakpoint
CREATE INDEX "arbitration_cases_claimant_idx" ON "arbitration"."arbitration_cases" USING btree ("claimant_id");--> statement-breakpoint
CREATE INDEX "arbitration_cases_respondent_idx" ON "arbitration"."arbitration_cases" USING btree ("respondent_id");