import type { Role } from '@fengqiao/subgraph-kit';

export const DOCUMENT_KINDS = ['NOTICE', 'SUMMONS', 'SETTLEMENT', 'JUDGMENT', 'AWARD'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export type SenderRole = 'COURT' | 'MEDIATION_ORGANIZATION' | 'MEDIATOR' | 'ARBITRATOR';

/** The roles that serve documents, and as what. Admins record receipts but serve nothing: a served document must name a body answerable for it. */
export const SENDER_ROLE_OF: Partial<Record<Role, SenderRole>> = {
  court: 'COURT',
  mediation_org: 'MEDIATION_ORGANIZATION',
  mediator: 'MEDIATOR',
  arbitrator: 'ARBITRATOR',
};

/**
 * What each sender may serve: a court anything; mediation only notices and the settlement
 * it produced; arbitration notices and its award. Summonses and judgments are court
 * documents (Civil Procedure Law), so nobody else may send one in the hub's name.
 */
export const KINDS_BY_SENDER: Record<SenderRole, readonly DocumentKind[]> = {
  COURT: DOCUMENT_KINDS,
  MEDIATION_ORGANIZATION: ['NOTICE', 'SETTLEMENT'],
  MEDIATOR: ['NOTICE', 'SETTLEMENT'],
  ARBITRATOR: ['NOTICE', 'AWARD'],
};

export interface Sender {
  role: SenderRole;
  /** The user who served (a mediator's id for mediators). */
  senderId: string | null;
  /** The body: court, mediation organisation or arbitration institution. */
  senderOrg: string | null;
}

const KIND_WORDS: Record<DocumentKind, string> = {
  NOTICE: 'notice',
  SUMMONS: 'summons',
  SETTLEMENT: 'settlement agreement',
  JUDGMENT: 'judgment',
  AWARD: 'arbitral award',
};

const BODY_WORDS: Record<SenderRole, string> = {
  COURT: 'court',
  MEDIATION_ORGANIZATION: 'mediation organisation',
  MEDIATOR: 'mediation organisation',
  ARBITRATOR: 'arbitration institution',
};

/**
 * Who is contacting the party, by role and body. The hub names bodies by their hub id: their
 * names live in the courts, mediation and arbitration subgraphs, and `verifyServiceCode`
 * resolves them through the gateway.
 */
export function senderPhrase(s: Sender): string {
  const body = `${BODY_WORDS[s.role]} ${s.senderOrg ?? '(unknown)'}`;
  switch (s.role) {
    case 'MEDIATOR':
      return `mediator ${s.senderId ?? '(unknown)'} of the ${body}`;
    case 'ARBITRATOR':
      return `an arbitrator of the ${body}`;
    default:
      return `the ${body}`;
  }
}

/**
 * The one text every channel carries (SMS, e-mail, inbox entry, the cover letter of
 * registered mail): who serves what, the code, and how to check it without trusting the
 * message itself — the anti-scam practice of the Beijing Internet Court (DOMAIN.md).
 */
export function serviceMessage(m: { sender: Sender; kind: DocumentKind; title: string; verificationCode: string }): string {
  const who = senderPhrase(m.sender);
  return [
    `[Fengqiao Hub] ${who[0]!.toUpperCase()}${who.slice(1)} serves on you a ${KIND_WORDS[m.kind]}: "${m.title}".`,
    `Verification code: ${m.verificationCode}.`,
    `Check this code at the hub (verifyServiceCode) or with the ${BODY_WORDS[m.sender.role]}'s published number before you act on this message.`,
    'The hub never asks for payment or passwords.',
  ].join(' ');
}

/** `ServiceSender.howToVerify`: the same advice in plain words, shown wherever the service is. */
export function howToVerify(m: { sender: Sender; kind: DocumentKind; verificationCode: string }): string {
  const body = BODY_WORDS[m.sender.role];
  return (
    `This ${KIND_WORDS[m.kind]} comes from ${senderPhrase(m.sender)}. To check that a message about it is genuine, ` +
    `enter the code ${m.verificationCode} at the Fengqiao Hub (verifyServiceCode), or call the ${body}'s published ` +
    `telephone number — never a number given in the message itself. The hub never asks for payment or passwords.`
  );
}

/** A party's name as a stranger holding a code may see it: the first character, the rest starred (李娜 → 李*). */
export function maskPartyName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}
