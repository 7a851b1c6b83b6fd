CREATE TYPE "identity"."act_confirmation_status" AS ENUM('PENDING', 'CONFIRMED', 'LOCKED');--> statement-breakpoint
CREATE TYPE "identity"."legal_act" AS ENUM('SIGN_SETTLEMENT', 'CONFIRM_SERVICE_ADDRESSES', 'APPLY_FOR_JUDICIAL_CONFIRMATION');--> statement-breakpoint
CREATE TABLE "identity"."act_confirmations" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"act" "identity"."legal_act" NOT NULL,
	"subject_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"channel" "identity"."channel_kind" NOT NULL,
	"address" text NOT NULL,
	"contact_channel_id" text,
	"code_hash" text NOT NULL,
	"status" "identity"."act_confirmation_status" NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity"."simulated_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"channel" "identity"."channel_kind" NOT NULL,
	"address" text NOT NULL,
	"text" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "identity"."service_address_confirmations" ADD COLUMN "step_up_challenge_id" text;--> statement-breakpoint
ALTER TABLE "identity"."service_address_confirmations" ADD COLUMN "step_up_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "identity"."service_address_confirmations" ADD COLUMN "step_up_content_hash" text;--> statement-breakpoint
ALTER TABLE "identity"."act_confirmations" ADD CONSTRAINT "act_confirmations_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "identity"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "act_confirmations_party_idx" ON "identity"."act_confirmations" USING btree ("party_id","created_at");--> statement-breakpoint
CREATE INDEX "simulated_messages_party_idx" ON "identity"."simulated_messages" USING btree ("party_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_address_confirmations_step_up_idx" ON "identity"."service_address_confirmations" USING btree ("step_up_challenge_id");