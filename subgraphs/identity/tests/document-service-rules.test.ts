import { HubError } from '@fengqiao/subgraph-kit';
import { s10TrackingNumber, SeededCourier } from '../src/service-of-documents/courier.js';
import {
  attemptLifecycle, channelPlan, deemedServedAt, serviceLifecycle, validateReceipt, validateServeInput,
} from '../src/service-of-documents/document-service-manager.js';
import { howToVerify, KINDS_BY_SENDER, maskPartyName, senderPhrase, serviceMessage, type Sender } from '../src/service-of-documents/service-message.js';
import { unservedReason, whenNothingIsLeft } from '../src/service-of-documents/public-notice.js';
import { CODE_ALPHABET, newVerificationCode, normalizeVerificationCode } from '../src/service-of-documents/verification-code.js';

function errorOf(fn: () => unknown): HubError {
  try {
    fn();
  } catch (e) {
    return e as HubError;
  }
  throw new Error('expected an error');
}

describe('verification codes', () => {
  test('FQ and two groups of five from an alphabet without look-alikes', () => {
    expect(CODE_ALPHABET).toHaveLength(30);
    for (const ambiguous of '01ILOU') expect(CODE_ALPHABET).not.toContain(ambiguous);
    const codes = Array.from({ length: 2000 }, newVerificationCode);
    for (const code of codes) expect(code).toMatch(/^FQ-[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every character of the alphabet turns up: the draw covers it all.
    expect(new Set(codes.join('').replace(/FQ|-/g, '')).size).toBe(30);
  });

  test('typed forms normalise to the stored one; anything else is no code', () => {
    for (const typed of ['FQ-7KQ2M-XH4PA', 'fq-7kq2m-xh4pa', ' FQ 7KQ2M XH4PA ', '7KQ2MXH4PA', '7kq2m-xh4pa', 'FQ7KQ2MXH4PA']) {
      expect(normalizeVerificationCode(typed)).toBe('FQ-7KQ2M-XH4PA');
    }
    for (const bad of ['', 'FQ-7KQ2M-XH4P', 'FQ-7KQ2M-XH4PAA', 'FQ-OKQ2M-XH4PA', 'FQ-1KQ2M-XH4PA', 'XX-7KQ2M-XH4PA', 'FQ-7KQ2M-XH4PA'.repeat(10)]) {
      expect(normalizeVerificationCode(bad)).toBeNull();
    }
  });
});

describe('the seeded courier', () => {
  const courier = new SeededCourier(() => new Date('2026-11-20T02:00:00Z'));
  const send = (channel: 'MOBILE' | 'EMAIL' | 'IN_APP' | 'POSTAL', address: string) => courier.send({ attemptId: 'sat_test_1', channel, address, message: 'm' });

  test.each([
    ['MOBILE', '13900000000', 'not in service'],
    ['EMAIL', 'someone@bounce.example', 'bounced'],
    ['POSTAL', '浙江省义乌市查无此人路1号', '查无此人'],
  ] as const)('%s %s fails', async (channel, address, reason) => {
    const r = await send(channel, address);
    expect(r).toEqual({ accepted: false, reason: expect.stringContaining(reason) });
  });

  test.each([
    ['MOBILE', '13912345678', /^SMS-\d{12}$/],
    ['EMAIL', 'someone@example.cn', /^MAIL-\d{12}$/],
    ['POSTAL', '浙江省义乌市稠城街道工人北路1号', /^RR\d{9}CN$/],
    ['IN_APP', 'hub:pty_x', /^INBOX-\d{12}$/],
  ] as const)('%s %s is delivered at once', async (channel, address, receipt) => {
    const r = await send(channel, address);
    expect(r).toEqual({ accepted: true, receipt: expect.stringMatching(receipt), deliveredAt: new Date('2026-11-20T02:00:00Z') });
  });

  test.each([
    ['MOBILE', '13999999999'],
    ['EMAIL', 'someone@pending.example'],
    ['POSTAL', '浙江省义乌市稠城街道工人北路1号（待投递）'],
  ] as const)('%s %s is accepted and waits for its receipt', async (channel, address) => {
    const r = await send(channel, address);
    expect(r).toEqual({ accepted: true, receipt: expect.any(String) });
  });

  test('the same attempt always gets the same receipt', async () => {
    expect(await send('MOBILE', '13912345678')).toEqual(await send('MOBILE', '13912345678'));
  });

  test('tracking numbers carry the S10 check digit', () => {
    // The UPU S10 example item EE 47312482 9 GB.
    expect(s10TrackingNumber('47312482')).toBe('RR473124829CN');
    // 11 − 0 = 11 → 5; 11 − 1 = 10 → 0.
    expect(s10TrackingNumber('00000000')).toBe('RR000000005CN');
    expect(s10TrackingNumber('10100000')).toBe('RR101000000CN');
  });
});

describe('the message and how to verify it', () => {
  const court: Sender = { role: 'COURT', senderId: 'usr_clerk', senderOrg: 'crt_zj_yiwu' };
  const mediator: Sender = { role: 'MEDIATOR', senderId: 'med_demo_zhou_lei', senderOrg: 'mor_yiwu_market' };
  const arbitrator: Sender = { role: 'ARBITRATOR', senderId: 'usr_arb', senderOrg: 'arb_shiac' };

  test('names the sender body and role, the kind and title, and the code', () => {
    const m = serviceMessage({ sender: court, kind: 'SUMMONS', title: '(2026)浙0782民初3187号', verificationCode: 'FQ-7KQ2M-XH4PA' });
    expect(m).toBe(
      '[Fengqiao Hub] The court crt_zj_yiwu serves on you a summons: "(2026)浙0782民初3187号". Verification code: FQ-7KQ2M-XH4PA. ' +
        "Check this code at the hub (verifyServiceCode) or with the court's published number before you act on this message. " +
        'The hub never asks for payment or passwords.',
    );
  });

  test.each([
    [mediator, 'mediator med_demo_zhou_lei of the mediation organisation mor_yiwu_market', "mediation organisation's published number"],
    [arbitrator, 'an arbitrator of the arbitration institution arb_shiac', "arbitration institution's published number"],
    [{ role: 'MEDIATION_ORGANIZATION', senderId: 'usr_x', senderOrg: 'mor_yiwu_market' } as Sender, 'the mediation organisation mor_yiwu_market', "mediation organisation's published number"],
  ])('names %o', (sender, phrase, number) => {
    expect(senderPhrase(sender)).toBe(phrase);
    const m = serviceMessage({ sender, kind: 'NOTICE', title: 't', verificationCode: 'FQ-7KQ2M-XH4PA' });
    expect(m).toContain(number);
    expect(m).toContain('never asks for payment or passwords');
  });

  test('howToVerify says the same in plain words', () => {
    const h = howToVerify({ sender: court, kind: 'JUDGMENT', verificationCode: 'FQ-7KQ2M-XH4PA' });
    expect(h).toContain('This judgment comes from the court crt_zj_yiwu');
    expect(h).toContain('FQ-7KQ2M-XH4PA');
    expect(h).toContain('verifyServiceCode');
    expect(h).toContain("court's published telephone number");
    expect(h).toContain('never asks for payment or passwords');
  });

  test('names are masked after the first character', () => {
    expect(maskPartyName('李娜')).toBe('李*');
    expect(maskPartyName('欧阳娜娜')).toBe('欧***');
    expect(maskPartyName('义乌市童趣玩具有限公司')).toBe('义**********');
    expect(maskPartyName('王')).toBe('*');
    expect(maskPartyName('Chan Tai Man')).toBe('C***********');
  });

  test('who serves which kind', () => {
    expect(KINDS_BY_SENDER.COURT).toEqual(['NOTICE', 'SUMMONS', 'SETTLEMENT', 'JUDGMENT', 'AWARD']);
    expect(KINDS_BY_SENDER.MEDIATOR).toEqual(['NOTICE', 'SETTLEMENT']);
    expect(KINDS_BY_SENDER.MEDIATION_ORGANIZATION).toEqual(['NOTICE', 'SETTLEMENT']);
    expect(KINDS_BY_SENDER.ARBITRATOR).toEqual(['NOTICE', 'AWARD']);
  });
});

describe('rules of a service', () => {
  test('channels: electronic first, the post last, only those confirmed', () => {
    const plan = channelPlan([{ channel: 'POSTAL' }, { channel: 'EMAIL' }, { channel: 'MOBILE' }, { channel: 'IN_APP' }]);
    expect(plan).toEqual(['IN_APP', 'MOBILE', 'EMAIL', 'POSTAL']);
    expect(channelPlan([{ channel: 'POSTAL' }, { channel: 'EMAIL' }])).toEqual(['EMAIL', 'POSTAL']);
    expect(channelPlan([])).toEqual([]);
  });

  test('public notice is deemed served 30 days after it is published', () => {
    expect(deemedServedAt(new Date('2026-07-29T08:00:00Z')).toISOString()).toBe('2026-08-28T08:00:00.000Z');
    // Day 30 is 1 October 2026, in the National Day holiday: served on the first working day after it (art. 85).
    expect(deemedServedAt(new Date('2026-09-01T02:00:00Z')).toISOString()).toBe('2026-10-08T02:00:00.000Z');
    // Day 30 is 15 February 2026, the first day of the Spring Festival holiday: 24 February.
    expect(deemedServedAt(new Date('2026-01-16T02:00:00Z')).toISOString()).toBe('2026-02-24T02:00:00.000Z');
    // Day 30 is Saturday 14 February, a working day: not moved.
    expect(deemedServedAt(new Date('2026-01-15T02:00:00Z')).toISOString()).toBe('2026-02-14T02:00:00.000Z');
  });

  test('only a court serves by public notice; anyone else\'s service ends unserved, pointing to repair', () => {
    expect(whenNothingIsLeft('COURT')).toBe('PUBLIC_NOTICE');
    for (const role of ['MEDIATOR', 'MEDIATION_ORGANIZATION', 'ARBITRATOR'] as const) expect(whenNothingIsLeft(role)).toBe('UNSERVED');
    expect(unservedReason([])).toMatch(/^Not served: the party has no confirmed service address\. Only a court may serve by public notice .*repairContact/);
    expect(unservedReason([{ channel: 'MOBILE', failureReason: 'not in service' }, { channel: 'EMAIL', failureReason: null }]))
      .toContain('every confirmed address failed (MOBILE: not in service; EMAIL: failed)');
    expect(serviceLifecycle.next('IN_PROGRESS', 'giveUp')).toBe('UNSERVED');
    for (const action of ['deliver', 'serveByPublicNotice', 'open'] as const) expect(() => serviceLifecycle.next('UNSERVED', action)).toThrow(HubError);
  });

  test('lifecycles: receipts only for SENT attempts, opening only a delivered service', () => {
    expect(attemptLifecycle.next('SENT', 'deliver')).toBe('DELIVERED');
    expect(attemptLifecycle.next('SENT', 'fail')).toBe('FAILED');
    for (const s of ['DELIVERED', 'READ', 'FAILED'] as const) {
      expect(errorOf(() => attemptLifecycle.next(s, 'fail')).extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentState: s });
    }
    expect(serviceLifecycle.next('DELIVERED', 'open')).toBe('READ');
    for (const s of ['IN_PROGRESS', 'PUBLIC_NOTICE', 'READ'] as const) expect(() => serviceLifecycle.next(s, 'open')).toThrow(HubError);
    expect(() => serviceLifecycle.next('PUBLIC_NOTICE', 'deliver')).toThrow(HubError);
  });

  const good = { partyId: 'pty_x', disputeId: 'dsp_x', kind: 'NOTICE' as const, title: '  Notice  ', documentDigest: 'AB'.repeat(32) };
  test('serve input: trimmed title, lower-case digest', () => {
    expect(validateServeInput(good)).toEqual({ partyId: 'pty_x', disputeId: 'dsp_x', kind: 'NOTICE', title: 'Notice', documentDigest: 'ab'.repeat(32) });
    // Characters, not UTF-16 units: 200 CJK extension characters are 400 units.
    expect(validateServeInput({ ...good, title: '𠀀'.repeat(200) }).title).toHaveLength(400);
  });

  test.each([
    [{ title: '' }, 'title', 'TITLE_LENGTH'],
    [{ title: 'x'.repeat(201) }, 'title', 'TITLE_LENGTH'],
    [{ title: 'a\tb' }, 'title', 'TITLE_CHARACTERS'],
    [{ documentDigest: 'ab'.repeat(31) }, 'documentDigest', 'DIGEST_FORMAT'],
    [{ documentDigest: 'g'.repeat(64) }, 'documentDigest', 'DIGEST_FORMAT'],
    [{ kind: 'LETTER' }, 'kind', 'INPUT_SHAPE'],
    [{ partyId: '' }, 'partyId', 'INPUT_SHAPE'],
  ])('serve input %o is refused', (change, field, rule) => {
    expect(errorOf(() => validateServeInput({ ...good, ...change } as never)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
  });

  test('receipts: DELIVERED or FAILED, a failure says why', () => {
    expect(validateReceipt({ attemptId: 'sat_x', status: 'FAILED', failureReason: ' gone ', receipt: ' ' })).toEqual({ attemptId: 'sat_x', status: 'FAILED', failureReason: 'gone', receipt: null });
    expect(validateReceipt({ attemptId: 'sat_x', status: 'DELIVERED', receipt: 'R1' })).toEqual({ attemptId: 'sat_x', status: 'DELIVERED', failureReason: null, receipt: 'R1' });
    expect(errorOf(() => validateReceipt({ attemptId: 'sat_x', status: 'SENT' })).extensions).toMatchObject({ field: 'status', rule: 'RECEIPT_STATUS' });
    expect(errorOf(() => validateReceipt({ attemptId: 'sat_x', status: 'FAILED' })).extensions).toMatchObject({ field: 'failureReason', rule: 'FAILURE_REASON_REQUIRED' });
    expect(errorOf(() => validateReceipt({ attemptId: 'sat_x', status: 'FAILED', failureReason: 'x'.repeat(501) })).extensions).toMatchObject({ rule: 'FAILURE_REASON_LENGTH' });
  });
});
