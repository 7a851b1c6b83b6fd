CREATE SCHEMA "disputes";
--> statement-breakpoint
CREATE TYPE "disputes"."dispute_category" AS ENUM('CONSUMER_PURCHASE', 'ONLINE_SERVICE', 'TRADEMARK', 'COPYRIGHT', 'PATENT', 'UNFAIR_COMPETITION', 'CONTRACT', 'FINANCIAL_LOAN', 'OTHER');--> statement-breakpoint
CREATE TYPE "disputes"."dispute_status" AS ENUM('FILED', 'NEGOTIATING', 'IN_MEDIATION', 'SETTLED', 'IN_ARBITRATION', 'IN_LITIGATION', 'RESOLVED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "disputes"."timeline_event_kind" AS ENUM('FILED', 'EVIDENCE_SUBMITTED', 'ROUTED', 'STATUS_CHANGED', 'NOTE');--> statement-breakpoint
CREATE TYPE "disputes"."track" AS ENUM('NEGOTIATION', 'MEDIATION', 'ARBITRATION', 'LITIGATION');--> statement-breakpoint
CREATE TABLE "disputes"."disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" "disputes"."dispute_category" NOT NULL,
	"status" "disputes"."dispute_status" DEFAULT 'FILED' NOT NULL,
	"track" "disputes"."track",
	"claim_amount" numeric(15, 2),
	"claimant_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"origin_order_id" text,
	"platform_id" text,
	"handling_bodies" text[] DEFAULT '{}' NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disputes"."evidence" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"title" text NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disputes"."idempotency_keys" (
	"caller" text NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_caller_operation_key_pk" PRIMARY KEY("caller","operation","key")
);
--> statement-breakpoint
CREATE TABLE "disputes"."timeline_events" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"kind" "disputes"."timeline_event_kind" NOT NULL,
	"summary" text NOT NULL,
	"track" "disputes"."track",
	"actor_role" text NOT NULL,
	"actor_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disputes"."evidence" ADD CONSTRAINT "evidence_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "disputes"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes"."timeline_events" ADD CONSTRAINT "timeline_events_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "disputes"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_filed_at_id_idx" ON "disputes"."disputes" USING btree ("filed_at","id");--> statement-breakpoint
CREATE INDEX "disputes_claimant_idx" ON "disputes"."disputes" USING btree ("claimant_id");--> statement-breakpoint
CREATE INDEX "disputes_respondent_idx" ON "disputes"."disputes" USING btree ("respondent_id");--> statement-breakpoint
CREATE INDEX "evidence_dispute_idx" ON "disputes"."evidence" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "timeline_events_dispute_idx" ON "disputes"."timeline_events" USING btree ("dispute_id","occurred_at");