CREATE TABLE "disputes"."outbox" (
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
CREATE INDEX "disputes_outbox_aggregate_idx" ON "disputes"."outbox" USING btree ("aggregate_type","aggregate_id");--> statement-breakpoint
CREATE INDEX "disputes_outbox_dispute_idx" ON "disputes"."outbox" USING btree ("dispute_id");