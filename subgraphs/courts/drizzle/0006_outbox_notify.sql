-- Wakes live subscriptions (kit events/live-feed.ts) in every process of this subgraph.
-- pg_notify is delivered only when the inserting transaction commits, and identical
-- notifications of one transaction are folded into one, so a burst costs one wake-up;
-- the empty payload is deliberate: listeners re-read the outbox in commit-safe order.
CREATE OR REPLACE FUNCTION "courts"."outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('fengqiao_outbox_courts', '');
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "outbox_notify" ON "courts"."outbox";--> statement-breakpoint
CREATE TRIGGER "outbox_notify" AFTER INSERT ON "courts"."outbox" FOR EACH STATEMENT EXECUTE FUNCTION "courts"."outbox_notify"();
