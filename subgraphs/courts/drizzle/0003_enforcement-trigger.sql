CREATE TYPE "courts"."enforcement_trigger" AS ENUM('APPLICATION', 'MISSED_INSTALMENT');--> statement-breakpoint
ALTER TABLE "courts"."enforcement_cases" ADD COLUMN "trigger" "courts"."enforcement_trigger" DEFAULT 'APPLICATION' NOT NULL;--> statement-breakpoint
ALTER TABLE "courts"."enforcement_cases" ADD COLUMN "obligation_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "enforcement_cases_obligation_idx" ON "courts"."enforcement_cases" USING btree ("obligation_id");