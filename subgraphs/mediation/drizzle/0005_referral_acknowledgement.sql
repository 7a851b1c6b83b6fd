ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "referred_by_role" text;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "referred_by_id" text;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "acknowledge_by" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "reoffer_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "offered_organization_ids" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ADD COLUMN "lapsed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "mediation_cases_acknowledge_by_idx" ON "mediation"."mediation_cases" USING btree ("acknowledge_by") WHERE "status" = 'REFERRED' and "acknowledged_at" is null;--> statement-breakpoint
-- Cases referred before this migration: who referred them is the actor of their MediationReferred
-- event (a court's is the judge, not the court: these cases keep a null acknowledge_by, so the
-- acknowledgement job never reports them back); the current organisation is the one offered.
UPDATE "mediation"."mediation_cases" c SET "referred_by_role" = o."actor_role", "referred_by_id" = o."actor_id"
  FROM "mediation"."outbox" o
  WHERE o."aggregate_type" = 'MediationCase' AND o."aggregate_id" = c."id" AND o."event_type" = 'MediationReferred';--> statement-breakpoint
UPDATE "mediation"."mediation_cases" SET "referred_by_role" = 'admin' WHERE "referred_by_role" IS NULL;--> statement-breakpoint
UPDATE "mediation"."mediation_cases" SET "offered_organization_ids" = ARRAY["organization_id"] WHERE "offered_organization_ids" = '{}';--> statement-breakpoint
ALTER TABLE "mediation"."mediation_cases" ALTER COLUMN "referred_by_role" SET NOT NULL;