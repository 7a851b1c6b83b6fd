ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "claimant_step_up_id" text;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "claimant_step_up_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "respondent_step_up_id" text;--> statement-breakpoint
ALTER TABLE "mediation"."settlement_agreements" ADD COLUMN "respondent_step_up_at" timestamp with time zone;