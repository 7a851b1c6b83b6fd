CREATE TABLE "mediation"."event_cursors" (
	"source" text PRIMARY KEY NOT NULL,
	"position" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mediation"."outbox" ADD COLUMN "tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "mediation_outbox_position_idx" ON "mediation"."outbox" USING btree ("tx_id","seq");