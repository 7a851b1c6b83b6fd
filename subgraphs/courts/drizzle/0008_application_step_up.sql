ALTER TABLE "courts"."judicial_confirmations" ADD COLUMN "step_up_challenge_id" text;--> statement-breakpoint
ALTER TABLE "courts"."judicial_confirmations" ADD COLUMN "step_up_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "courts"."judicial_confirmations" ADD COLUMN "step_up_content_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "judicial_confirmations_step_up_idx" ON "courts"."judicial_confirmations" USING btree ("step_up_challenge_id");