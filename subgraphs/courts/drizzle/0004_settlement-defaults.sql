CREATE TABLE "courts"."settlement_defaults" (
	"settlement_id" text PRIMARY KEY NOT NULL,
	"missed" jsonb NOT NULL,
	"dispute_id" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
