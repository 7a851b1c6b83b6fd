CREATE SCHEMA "credit";
--> statement-breakpoint
CREATE TYPE "credit"."credit_record_kind" AS ENUM('DISCREDITED_DEBTOR', 'PERFORMANCE');--> statement-breakpoint
CREATE TABLE "credit"."credit_reads" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"reader_role" text NOT NULL,
	"reader_id" text,
	"what" text NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit"."credit_records" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"kind" "credit"."credit_record_kind" NOT NULL,
	"summary" text NOT NULL,
	"source_case_number" text,
	"listed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credit"."idempotency_keys" (
	"caller" text NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_caller_operation_key_pk" PRIMARY KEY("caller","operation","key")
);
--> statement-breakpoint
CREATE INDEX "credit_reads_party_idx" ON "credit"."credit_reads" USING btree ("party_id","read_at");--> statement-breakpoint
CREATE INDEX "credit_records_party_idx" ON "credit"."credit_records" USING btree ("party_id","listed_at");