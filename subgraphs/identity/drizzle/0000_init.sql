CREATE SCHEMA "identity";
--> statement-breakpoint
CREATE TYPE "identity"."channel_kind" AS ENUM('MOBILE', 'EMAIL', 'IN_APP', 'POSTAL');--> statement-breakpoint
CREATE TYPE "identity"."identity_document_type" AS ENUM('RESIDENT_ID', 'HONG_KONG_ID', 'PASSPORT', 'UNIFIED_SOCIAL_CREDIT_CODE');--> statement-breakpoint
CREATE TYPE "identity"."jurisdiction" AS ENUM('MAINLAND', 'HONG_KONG', 'MACAO', 'TAIWAN', 'FOREIGN');--> statement-breakpoint
CREATE TYPE "identity"."party_kind" AS ENUM('NATURAL_PERSON', 'ORGANIZATION');--> statement-breakpoint
CREATE TYPE "identity"."registry_check" AS ENUM('VALID', 'NEEDS_REGISTRY_CHECK', 'UNCHECKED');--> statement-breakpoint
CREATE TABLE "identity"."contact_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"kind" "identity"."channel_kind" NOT NULL,
	"value" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."idempotency_keys" (
	"caller" text NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_caller_operation_key_pk" PRIMARY KEY("caller","operation","key")
);
--> statement-breakpoint
CREATE TABLE "identity"."parties" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "identity"."party_kind" NOT NULL,
	"id_type" "identity"."identity_document_type" NOT NULL,
	"id_number" text NOT NULL,
	"registry_check" "identity"."registry_check" NOT NULL,
	"jurisdiction" "identity"."jurisdiction" DEFAULT 'MAINLAND' NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."personal_data_reads" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"field" text NOT NULL,
	"reader_role" text NOT NULL,
	"reader_id" text,
	"purpose" text DEFAULT 'case handling' NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."service_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"party_id" text NOT NULL,
	"channel" "identity"."channel_kind" NOT NULL,
	"address" text NOT NULL,
	"version" integer NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "identity"."contact_channels" ADD CONSTRAINT "contact_channels_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "identity"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."service_addresses" ADD CONSTRAINT "service_addresses_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "identity"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_channels_party_idx" ON "identity"."contact_channels" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "parties_id_number_idx" ON "identity"."parties" USING btree ("id_type","id_number");--> statement-breakpoint
CREATE INDEX "personal_data_reads_party_idx" ON "identity"."personal_data_reads" USING btree ("party_id","read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_addresses_party_channel_version_idx" ON "identity"."service_addresses" USING btree ("party_id","channel","version");