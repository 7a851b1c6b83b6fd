import { createHash } from 'node:crypto';
import { DEMO } from '@fengqiao/subgraph-kit';
import { deemedServedAt } from './document-service-manager.js';
import { DocumentServiceStore, type NewDocumentService, type NewServiceAttempt } from './document-service-store.js';
import { s10TrackingNumber } from './courier.js';
import type { IdentityDb } from '../identity-store.js';

const P = DEMO.parties;
const at = (iso: string) => new Date(`${iso}+08:00`);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Two services with a history, matching the other subgraphs' demo data:
 * - the mediated settlement of the phone-case dispute, served by the Yiwu market mediation
 *   committee on the store by e-mail, delivered and read the same day;
 * - the summons of the toy-invoice lawsuit, served by the Yiwu court on the debtor: the SMS
 *   failed (number out of service), the registered letter came back 查无此人, so the summons
 *   was served by public notice — deemed served 30 days later. (The demo parties' current
 *   addresses are what they confirmed since.)
 * Their codes are fixed so the demo can show `verifyServiceCode`.
 */
export const DEMO_SERVICES = {
  settlement: { id: 'dsv_demo_settlement_phone_cases', code: 'FQ-7KQ2M-XH4PA' },
  summons: { id: 'dsv_demo_summons_toy_invoice', code: 'FQ-R8D3W-N6TCE' },
} as const;

export function demoDocumentServices(): { services: NewDocumentService[]; attempts: NewServiceAttempt[] } {
  const noticeAt = at('2026-07-29T16:00:00');
  return {
    services: [
      {
        id: DEMO_SERVICES.settlement.id, partyId: P.merchantYiwuCrafts, disputeId: DEMO.disputes.settledAndConfirmed, kind: 'SETTLEMENT',
        title: 'Settlement agreement: 300 phone cases in the wrong colour', documentDigest: sha256('sag_demo_settled_confirmed'),
        status: 'READ', senderRole: 'MEDIATOR', senderId: DEMO.mediators.zhouLei, senderOrg: DEMO.mediationOrganizations.yiwuMarketMediation,
        verificationCode: DEMO_SERVICES.settlement.code, servedAt: at('2026-08-19T15:02:10'), publicNoticeAt: null, createdAt: at('2026-08-19T15:02:00'),
      },
      {
        id: DEMO_SERVICES.summons.id, partyId: P.discreditedDebtor, disputeId: DEMO.disputes.mediationFailedToCourt, kind: 'SUMMONS',
        title: 'Summons: (2026)浙0782民初3187号, first hearing', documentDigest: sha256('lit_demo_mediation_failed summons'),
        status: 'PUBLIC_NOTICE', senderRole: 'COURT', senderId: 'usr_demo_yiwu_clerk', senderOrg: DEMO.courts.yiwu,
        verificationCode: DEMO_SERVICES.summons.code, servedAt: deemedServedAt(noticeAt), publicNoticeAt: noticeAt, createdAt: at('2026-07-23T09:30:00'),
      },
    ],
    attempts: [
      {
        id: 'sat_demo_settlement_email', serviceId: DEMO_SERVICES.settlement.id, seq: 1, channel: 'EMAIL', serviceAddressId: 'sad_merchant_yiwu_crafts_email_v1',
        address: 'service@qiaoshou-crafts.example.cn', status: 'READ', receipt: 'MAIL-260819150200', sentAt: at('2026-08-19T15:02:00'),
        deliveredAt: at('2026-08-19T15:02:10'), readAt: at('2026-08-19T17:45:00'),
      },
      {
        id: 'sat_demo_summons_mobile', serviceId: DEMO_SERVICES.summons.id, seq: 1, channel: 'MOBILE', serviceAddressId: 'sad_discredited_debtor_mobile_v1',
        address: '13605798899', status: 'FAILED', failureReason: 'The number is not in service (operator status: 停机)',
        sentAt: at('2026-07-23T09:30:00'), failedAt: at('2026-07-23T09:30:01'),
      },
      {
        id: 'sat_demo_summons_postal', serviceId: DEMO_SERVICES.summons.id, seq: 2, channel: 'POSTAL', serviceAddressId: 'sad_discredited_debtor_postal_v1',
        address: '浙江省金华市婺城区八一南街300号', status: 'FAILED', receipt: s10TrackingNumber('26072301'),
        failureReason: 'Returned by the post office: addressee unknown (查无此人)', sentAt: at('2026-07-23T09:30:01'), failedAt: noticeAt,
      },
    ],
  };
}

/** Called from the identity seed, in its transaction, right after the demo parties. */
export async function insertDemoDocumentServices(tx: IdentityDb): Promise<void> {
  const store = new DocumentServiceStore(tx);
  const { services, attempts } = demoDocumentServices();
  await store.insertServices(services);
  await store.insertAttempts(attempts);
}
