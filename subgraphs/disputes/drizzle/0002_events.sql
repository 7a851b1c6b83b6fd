ALTER TYPE "disputes"."dispute_status" ADD VALUE 'UNRESOLVED';--> statement-breakpoint
ALTER TYPE "disputes"."dispute_status" ADD VALUE 'DECIDED';--> statement-breakpoint
ALTER TYPE "disputes"."dispute_status" ADD VALUE 'IN_ENFORCEMENT';--> statement-breakpoint
ALTER TYPE "disputes"."timeline_event_kind" ADD VALUE 'CASE_OPENED';--> statement-breakpoint
ALTER TYPE "disputes"."timeline_event_kind" ADD VALUE 'ROUTE_REFUSED';--> statement-breakpoint
ALTER TYPE "disputes"."timeline_event_kind" ADD VALUE 'CASE_PROGRESS';--> statement-breakpoint
CREATE TABLE "disputes"."event_cursors" (
	"source" text PRIMARY KEY NOT NULL,
	"position" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disputes"."undisputed_facts" (
	"id" text PRIMARY KEY NOT NULL,
	"dispute_id" text NOT NULL,
	"statement" text NOT NULL,
	"agreed_in" text NOT NULL,
	"agreed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disputes"."disputes" ADD COLUMN "route_id" text;--> statement-breakpoint
ALTER TABLE "disputes"."disputes" ADD COLUMN "status_before_route" "disputes"."dispute_status";--> statement-breakpoint
ALTER TABLE "disputes"."outbox" ADD COLUMN "tx_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "disputes"."undisputed_facts" ADD CONSTRAINT "undisputed_facts_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "disputes"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "undisputed_facts_dispute_idx" ON "disputes"."undisputed_facts" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "disputes_outbox_position_idx" ON "disputes"."outbox" USING btree ("tx_id","seq");