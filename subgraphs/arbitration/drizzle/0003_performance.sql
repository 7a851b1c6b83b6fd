CREATE TYPE "arbitration"."award_instalment_status" AS ENUM('DUE', 'PAID', 'MISSED');--> statement-breakpoint
CREATE TABLE "arbitration"."award_instalments" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"number" integer NOT NULL,
	"due_on" date NOT NULL,
	"amount" numeric(15, 2) NOT NULL,
	"status" "arbitration"."award_instalment_status" DEFAULT 'DUE' NOT NULL,
	"paid_at" timestamp with time zone,
	"missed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "arbitration"."arbitration_cases" ADD COLUMN "award_enforcement_court_id" text;--> statement-breakpoint
ALTER TABLE "arbitration"."award_instalments" ADD CONSTRAINT "award_instalments_case_id_arbitration_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "arbitration"."arbitration_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "award_instalments_case_number_idx" ON "arbitration"."award_instalments" USING btree ("case_id","number");--> statement-breakpoint
CREATE INDEX "award_instalments_status_due_idx" ON "arbitration"."award_instalments" USING btree ("status","due_on");--> statement-breakpoint
-- Awards issued before their performance was followed: follow their schedules from now on (the clock marks past ones MISSED).
INSERT INTO "arbitration"."award_instalments" ("id", "case_id", "number", "due_on", "amount")
SELECT 'ain_' || c."id" || '_' || i.n, c."id", i.n, (i.v->>'dueOn')::date, (i.v->>'amount')::numeric
FROM "arbitration"."arbitration_cases" c CROSS JOIN LATERAL jsonb_array_elements(c."award_instalments") WITH ORDINALITY AS i(v, n)
WHERE jsonb_typeof(c."award_instalments") = 'array';
