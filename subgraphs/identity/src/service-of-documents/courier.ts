import { createHash } from 'node:crypto';
import type { ChannelKind } from '../masking.js';

export interface CourierMessage {
  /** The hub's id of the attempt: providers echo it in their receipts. */
  attemptId: string;
  channel: ChannelKind;
  /** The full address: a mobile, an e-mail address, the party's hub account or a postal address. */
  address: string;
  /** The text sent (SMS, e-mail body, inbox entry, or the cover letter of the registered mail). */
  message: string;
}

export type CourierResult =
  /**
   * The provider took the message; `receipt` is its reference (for registered mail, the
   * postal tracking number). `deliveredAt` only when the provider knows at once that the
   * message arrived (the hub's own inbox, the simulator); otherwise the attempt stays SENT
   * until `recordDeliveryReceipt` reports it.
   */
  | { accepted: true; receipt: string; deliveredAt?: Date }
  | { accepted: false; reason: string };

/** Where messages leave the hub: SMS gateway, mail server, in-app inbox and the post, behind one interface. */
export interface Courier {
  send(message: CourierMessage): Promise<CourierResult>;
  /** True for the simulated providers: what they "send" goes to the demo's message log (message-log.ts). */
  readonly simulated?: boolean;
}

/** A provider-style reference derived from the attempt id, so that the same attempt always gets the same receipt. */
function digits(attemptId: string, n: number): string {
  const hex = createHash('sha256').update(attemptId).digest('hex');
  return BigInt(`0x${hex}`).toString().slice(-n).padStart(n, '0');
}

/**
 * A registered-mail tracking number in the UPU S10 shape the post uses: two service letters
 * (`RR`, registered), eight digits, a check digit (weights 8 6 4 2 3 5 9 7; 11 − sum mod 11,
 * with 10 → 0 and 11 → 5) and the country (`CN`).
 */
export function s10TrackingNumber(serial: string): string {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...serial].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  const check = 11 - (sum % 11);
  return `RR${serial}${check === 10 ? 0 : check === 11 ? 5 : check}CN`;
}

/**
 * The simulated providers used by the demo and the tests. Deterministic, by address:
 *
 * | channel | fails when                                   | accepted, receipt later when | otherwise              |
 * | ------- | -------------------------------------------- | ---------------------------- | ---------------------- |
 * | MOBILE  | the number ends in 0000 (not in service)     | the number ends in 9999      | delivered at once      |
 * | EMAIL   | the domain is bounce.example (bounced)       | the domain is pending.example| delivered at once      |
 * | POSTAL  | the address contains 查无此人 (returned)     | the address contains 待投递  | delivered at once      |
 * | IN_APP  | never: it is the hub's own inbox             | —                            | delivered at once      |
 *
 * "Receipt later" behaves as a real provider does: the message is accepted, the attempt
 * stays SENT, and an admin records the provider's receipt (DELIVERED or FAILED) later.
 * Receipts: `SMS-…`, `MAIL-…`, `INBOX-…`, and for the post an S10 tracking number.
 */
export class SeededCourier implements Courier {
  readonly simulated = true;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async send({ attemptId, channel, address }: CourierMessage): Promise<CourierResult> {
    const later = { MOBILE: /9999$/.test(address), EMAIL: /@pending\.example$/i.test(address), POSTAL: address.includes('待投递'), IN_APP: false }[channel];
    switch (channel) {
      case 'MOBILE':
        if (/0000$/.test(address)) return { accepted: false, reason: 'The number is not in service (operator status: 停机)' };
        return this.accepted(`SMS-${digits(attemptId, 12)}`, later);
      case 'EMAIL':
        if (/@bounce\.example$/i.test(address)) return { accepted: false, reason: 'The mail server bounced the message: mailbox unavailable (550)' };
        return this.accepted(`MAIL-${digits(attemptId, 12)}`, later);
      case 'POSTAL':
        if (address.includes('查无此人')) return { accepted: false, reason: 'Returned by the post office: addressee unknown (查无此人)' };
        return this.accepted(s10TrackingNumber(digits(attemptId, 8)), later);
      case 'IN_APP':
        return this.accepted(`INBOX-${digits(attemptId, 12)}`, false);
    }
  }

  private accepted(receipt: string, later: boolean): CourierResult {
    return later ? { accepted: true, receipt } : { accepted: true, receipt, deliveredAt: this.clock() };
  }
}
