CREATE TYPE "platforms"."ledger_entry_kind" AS ENUM('MERCHANT_FUNDS_WITHHELD', 'PAID_TO_CONSUMER', 'WITHHELD_FUNDS_RELEASED');--> statement-breakpoint
CREATE TYPE "platforms"."negotiation_event_kind" AS ENUM('OPENED', 'MERCHANT_ACCEPTED', 'MERCHANT_REFUSED', 'FUNDS_WITHHELD', 'CONSUMER_COMPENSATED', 'ESCALATED');--> statement-breakpoint
CREATE TYPE "platforms"."negotiation_status" AS ENUM('OPEN', 'AGREED', 'MERCHANT_REFUSED', 'FUNDS_WITHHELD', 'RESOLVED', 'ESCALATED');--> statement-breakpoint
CREATE TABLE "platforms"."negotiation_events" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"kind" "platforms"."negotiation_event_kind" NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" text,
	"note" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms"."negotiation_ledger" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"kind" "platforms"."ledger_entry_kind" NOT NULL,
	"amount" numeric(15, 2) NOT NULL,
	"from_account" text NOT NULL,
	"to_account" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms"."negotiation_offers" (
	"id" text PRIMARY KEY NOT NULL,
	"negotiation_id" text NOT NULL,
	"accepted" boolean NOT NULL,
	"amount" numeric(15, 2),
	"message" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms"."negotiations" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"order_id" text NOT NULL,
	"claimant_id" text NOT NULL,
	"respondent_id" text NOT NULL,
	"requested_amount" numeric(15, 2) NOT NULL,
	"reason" text NOT NULL,
	"status" "platforms"."negotiation_status" DEFAULT 'OPEN' NOT NULL,
	"opened_by_role" text NOT NULL,
	"opened_by_id" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms"."outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"dispute_id" text,
	"payload" jsonb NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platforms"."negotiation_events" ADD CONSTRAINT "negotiation_events_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "platforms"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms"."negotiation_ledger" ADD CONSTRAINT "negotiation_ledger_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "platforms"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms"."negotiation_offers" ADD CONSTRAINT "negotiation_offers_negotiation_id_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "platforms"."negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms"."negotiations" ADD CONSTRAINT "negotiations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "platforms"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "negotiation_events_negotiation_idx" ON "platforms"."negotiation_events" USING btree ("negotiation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "negotiation_ledger_kind_uq" ON "platforms"."negotiation_ledger" USING btree ("negotiation_id","kind");--> statement-breakpoint
CREATE INDEX "negotiation_offers_negotiation_idx" ON "platforms"."negotiation_offers" USING btree ("negotiation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "negotiations_dispute_uq" ON "platforms"."negotiations" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "negotiations_order_idx" ON "platforms"."negotiations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "platforms_outbox_aggregate_idx" ON "platforms"."outbox" USING btree ("aggregate_type","aggregate_id");--> statement-breakpoint
CREATE INDEX "platforms_outbox_dispute_idx" ON "platforms"."outbox" USING btree ("dispute_id");