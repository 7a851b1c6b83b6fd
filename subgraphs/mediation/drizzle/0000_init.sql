CREATE SCHEMA "mediation";
--> statement-breakpoint
CREATE TYPE "mediation"."mediation_model" AS ENUM('FACILITATIVE', 'EVALUATIVE');--> statement-breakpoint
CREATE TYPE "mediation"."mediation_status" AS ENUM('REFERRED', 'ACCEPTED', 'MEDIATOR_ASSIGNED', 'IN_SESSION', 'SETTLED', 'FAILED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "mediation"."mediation_organization_kind" AS ENUM('PEOPLES_MEDIATION', 'INDUSTRY', 'COURT_INVITED', 'CROSS_BORDER');--> statement-breakpoint
CREATE TABLE "mediation"."idempotency_keys" (
	"caller" text NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_caller_operation_key_pk" PRIMARY KEY("caller","operation","key")
);
--> statement-breakpoint
CREATE TABLE "mediation"."mediation_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"claimant_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"mediator_id" text,
	"status" "mediation"."mediation_status" DEFAULT 'REFERRED' NOT NULL,
	"referred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation"."mediation_organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "mediation"."mediation_organization_kind" NOT NULL,
	"region" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation"."mediators" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"name" text NOT NULL,
	"expertise" text[] DEFAULT '{}' NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"model" "mediation"."mediation_model" NOT NULL,
	"region" text NOT NULL,
	"rating" numeric(3, 2),
	"ratings_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation"."settlement_agreements" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"terms" text NOT NULL,
	"content_hash" text NOT NULL,
	"signed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD CONSTRAINT "mediation_cases_organization_id_mediation_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "mediation"."mediation_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD CONSTRAINT "mediation_cases_mediator_id_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "mediation"."mediators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation"."mediators" ADD CONSTRAINT "mediators_organization_id_mediation_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "mediation"."mediation_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD CONSTRAINT "settlement_agreements_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "mediation"."mediation_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mediation_cases_dispute_idx" ON "mediation"."mediation_cases" USING btree ("dispute_id","referred_at");--> statement-breakpoint
CREATE INDEX "mediation_cases_organization_idx" ON "mediation"."mediation_cases" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "mediation_cases_mediator_idx" ON "mediation"."mediation_cases" USING btree ("mediator_id");--> statement-breakpoint
CREATE INDEX "mediation_cases_claimant_idx" ON "mediation"."mediation_cases" USING btree ("claimant_id");--> statement-breakpoint
CREATE INDEX "mediation_cases_respondent_idx" ON "mediation"."mediation_cases" USING btree ("respondent_id");--> statement-breakpoint
CREATE INDEX "mediation_organizations_region_idx" ON "mediation"."mediation_organizations" USING btree ("region");--> statement-breakpoint
CREATE INDEX "mediators_organization_idx" ON "mediation"."mediators" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_agreements_case_uq" ON "mediation"."settlement_agreements" USING btree ("case_id");