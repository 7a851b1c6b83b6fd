CREATE TYPE "courts"."delisting_reason" AS ENUM('PERFORMED');--> statement-breakpoint
CREATE TYPE "courts"."discredit_ground" AS ENUM('REFUSES_DESPITE_ABILITY', 'OBSTRUCTS_ENFORCEMENT', 'EVADES_ENFORCEMENT', 'VIOLATES_PROPERTY_REPORTING', 'VIOLATES_CONSUMPTION_RESTRICTION', 'REFUSES_ENFORCEMENT_SETTLEMENT');--> statement-breakpoint
ALTER TYPE "courts"."enforcement_status" ADD VALUE 'CONCLUDED';--> statement-breakpoint
CREATE TABLE "courts"."discredited_listings" (
	"id" text PRIMARY KEY NOT NULL,
	"enforcement_case_id" text NOT NULL,
	"debtor_id" text NOT NULL,
	"court_id" text NOT NULL,
	"ground" "courts"."discredit_ground" NOT NULL,
	"statement" text NOT NULL,
	"listed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"listed_by" text,
	"removed_at" timestamp with time zone,
	"removal_reason" "courts"."delisting_reason"
);
--> statement-breakpoint
ALTER TABLE "courts"."enforcement_cases" ADD COLUMN "concluded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "courts"."discredited_listings" ADD CONSTRAINT "discredited_listings_enforcement_case_id_enforcement_cases_id_fk" FOREIGN KEY ("enforcement_case_id") REFERENCES "courts"."enforcement_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "courts"."discredited_listings" ADD CONSTRAINT "discredited_listings_court_id_courts_id_fk" FOREIGN KEY ("court_id") REFERENCES "courts"."courts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "discredited_listings_current_idx" ON "courts"."discredited_listings" USING btree ("enforcement_case_id") WHERE "courts"."discredited_listings"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "discredited_listings_case_idx" ON "courts"."discredited_listings" USING btree ("enforcement_case_id","listed_at");--> statement-breakpoint
CREATE INDEX "discredited_listings_debtor_idx" ON "courts"."discredited_listings" USING btree ("debtor_id");