CREATE TABLE "platforms"."event_cursors" (
	"source" text PRIMARY KEY NOT NULL,
	"position" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platforms"."outbox" ADD COLUMN "tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "platforms_outbox_position_idx" ON "platforms"."outbox" USING btree ("tx_id","seq");