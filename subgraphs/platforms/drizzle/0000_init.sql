CREATE SCHEMA "platforms";
--> statement-breakpoint
CREATE TABLE "platforms"."idempotency_keys" (
	"caller" text NOT NULL,
	"operation" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"result_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_caller_operation_key_pk" PRIMARY KEY("caller","operation","key")
);
--> statement-breakpoint
CREATE TABLE "platforms"."orders" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"order_number" text NOT NULL,
	"amount" numeric(15, 2) NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"item_summary" text NOT NULL,
	"buyer_id" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms"."platforms" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"offers_consumer_compensation" boolean DEFAULT false NOT NULL,
	"arbitration_clause_institution_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platforms"."stores" (
	"id" text PRIMARY KEY NOT NULL,
	"platform_id" text NOT NULL,
	"name" text NOT NULL,
	"merchant_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platforms"."orders" ADD CONSTRAINT "orders_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "platforms"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms"."stores" ADD CONSTRAINT "stores_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "platforms"."platforms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_store_number_uq" ON "platforms"."orders" USING btree ("store_id","order_number");--> statement-breakpoint
CREATE INDEX "orders_buyer_idx" ON "platforms"."orders" USING btree ("buyer_id");--> statement-breakpoint
CREATE INDEX "stores_platform_idx" ON "platforms"."stores" USING btree ("platform_id");--> statement-breakpoint
CREATE INDEX "stores_merchant_idx" ON "platforms"."stores" USING btree ("merchant_id");