CREATE TYPE "mediation"."instalment_status" AS ENUM('DUE', 'PAID', 'MISSED');--> statement-breakpoint
CREATE TABLE "mediation"."instalment_performance" (
	"settlement_id" text NOT NULL,
	"number" integer NOT NULL,
	"due_date" date NOT NULL,
	"status" "mediation"."instalment_status" DEFAULT 'DUE' NOT NULL,
	"missed_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"payment_recorded_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instalment_performance_settlement_id_number_pk" PRIMARY KEY("settlement_id","number")
);
--> statement-breakpoint
ALTER TABLE "mediation"."instalment_performance" ADD CONSTRAINT "instalment_performance_settlement_id_settlement_agreements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "mediation"."settlement_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "instalment_performance_due_idx" ON "mediation"."instalment_performance" USING btree ("status","due_date");--> statement-breakpoint
-- Settlements sealed before performance was followed: start following them, every instalment DUE (the missed-instalment job takes it from there).
INSERT INTO "mediation"."instalment_performance" ("settlement_id", "number", "due_date")
SELECT s."id", i."n"::integer, (i."item" ->> 'dueDate')::date
FROM "mediation"."settlement_agreements" s
CROSS JOIN LATERAL jsonb_array_elements(s."instalments") WITH ORDINALITY AS i("item", "n")
WHERE s."signed_at" IS NOT NULL
ON CONFLICT DO NOTHING;
