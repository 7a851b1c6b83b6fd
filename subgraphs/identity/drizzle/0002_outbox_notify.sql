-- Wakes live subscriptions (kit events/live-feed.ts) in every process of this subgraph.
-- pg_notify is delivered only when the inserting transaction commits, and identical
-- notifications of one transaction are folded into one, so a burst costs one wake-up;
-- the empty payload is deliberate: listeners re-read the outbox in commit-safe order.
CREATE OR REPLACE FUNCTION "identity"."outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('fengqiao_outbox_identity', '');
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS "outbox_notify" ON "identity"."outbox";--> statement-breakpoint
CREATE TRIGGER "outbox_notify" AFTER INSERT ON "identity"."outbox" FOR EACH STATEMENT EXECUTE FUNCTION "identity"."outbox_notify"();
