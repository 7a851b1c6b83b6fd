import type { HubClient } from './client.js';
import type { DisputeFollower } from './dispute-follower.js';
import type { Language, Translate } from './strings/index.js';
import type { Dispute, DisputeStatus, DisputeSummary, Evidence, Me, Order, Recommendation, Side } from './types.js';
import type { FieldMap } from './ui/field.js';

export type View =
  | { name: 'loading' }
  | { name: 'fatal' }
  | { name: 'order' }
  | { name: 'describe' }
  | { name: 'evidence' }
  | { name: 'track' }
  | { name: 'addresses' }
  | { name: 'status'; disputeId: string }
  // `refresh`: the seller came back to the list, whose statuses may have moved on since it was read.
  | { name: 'sellerList'; refresh?: boolean };

export interface EvidenceItem {
  key: string;
  file: File;
  status: 'hashing' | 'submitting' | 'submitted' | 'failed';
  sha256?: string;
  idempotencyKey: string;
  evidence?: Evidence;
}

/** What the widget knows about the order and the dispute in hand; the steps read and update it. */
export interface WidgetState {
  order: Order | null;
  disputes: DisputeSummary[];
  dispute: Dispute | null;
  /** undefined: not asked yet; null: the hub has none. */
  recommendation: Recommendation | null | undefined;
  me: Me | null;
  statement: string | null;
  evidenceItems: EvidenceItem[];
}

export interface ErrorOptions {
  fields?: FieldMap;
  retry?: () => void;
}

/** What a step needs from the element, so that steps never reach into it. */
export interface ViewContext {
  readonly t: Translate;
  readonly language: Language;
  readonly side: Side;
  readonly mySide: 'CLAIMANT' | 'RESPONDENT';
  readonly hub: HubClient;
  readonly state: WidgetState;
  readonly view: View;
  /** Changes when the widget starts again: answers to requests made before are dropped. */
  readonly generation: number;
  readonly root: ShadowRoot;
  readonly main: HTMLElement;
  readonly follower: DisputeFollower;
  /** The status page's blocks as last rendered (name → what they showed), so unchanged ones keep their forms. */
  readonly renderedBlocks: Map<string, string>;

  go(view: View, focus?: boolean): void;
  /** Renders the current view again, keeping focus where it is. */
  rerender(): void;
  focusHeading(scope: ParentNode): void;
  /** Re-renders the status page's blocks that changed. */
  refreshStatus(): void;

  showError(err: unknown, options?: ErrorOptions): void;
  reportError(err: unknown): void;
  alert(text: string): void;
  clearAlert(): void;
  announce(text: string): void;
  emit(type: string, detail: unknown): void;
  noteStatus(disputeId: string, status: DisputeStatus): void;

  keyFor(action: string, payload: unknown): string;
  busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T | undefined>;

  money(amount: string | null | undefined, currency?: string): string;
  date(iso: string | null | undefined, withTime?: boolean): string;
}
