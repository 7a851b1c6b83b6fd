ALTER TYPE "identity"."service_status" ADD VALUE 'UNSERVED';--> statement-breakpoint
ALTER TABLE "identity"."document_services" ADD COLUMN "unserved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "identity"."document_services" ADD COLUMN "unserved_reason" text;