import { desc, eq } from 'drizzle-orm';
import { forbidden, newId, requireRole, type Caller } from '@fengqiao/subgraph-kit';
import { simulatedMessages, type SimulatedMessageRow } from '../db/schema.js';
import type { IdentityDb } from '../identity-store.js';
import type { Courier, CourierMessage } from './courier.js';

export const MESSAGE_LOG_LIMIT = 100;

/**
 * The demo's message log: what the simulated providers "sent" — confirmation codes, served
 * documents — kept so someone trying the hub can read a code sent to a fictional mobile
 * (the demo shop's "Messages" page). Kept only while the courier is the simulated one; real
 * providers' messages, codes included, are never stored. Readable by admins, and never when
 * the hub runs in production mode (NODE_ENV=production).
 */
export class MessageLog {
  constructor(
    private readonly db: IdentityDb,
    private readonly courier: Courier,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** In the sender's transaction, so a message is logged exactly when its attempt is recorded. */
  async record(tx: IdentityDb, partyId: string, message: Pick<CourierMessage, 'channel' | 'address' | 'message'>, sentAt: Date): Promise<void> {
    if (!this.courier.simulated) return;
    await tx.insert(simulatedMessages).values({ id: newId('msg'), partyId, channel: message.channel, address: message.address, text: message.message, sentAt });
  }

  /** Newest first. */
  async read(caller: Caller, partyId: string, first: number | null | undefined): Promise<SimulatedMessageRow[]> {
    requireRole(caller, 'admin');
    if (this.env.NODE_ENV === 'production') throw forbidden('The message log of the simulated providers is for development and demos; it is off in production');
    const limit = Math.min(Math.max(first ?? 20, 1), MESSAGE_LOG_LIMIT);
    return this.db
      .select()
      .from(simulatedMessages)
      .where(eq(simulatedMessages.partyId, partyId))
      .orderBy(desc(simulatedMessages.sentAt), desc(simulatedMessages.id))
      .limit(limit);
  }
}
