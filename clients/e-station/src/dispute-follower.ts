import { LiveFeed } from './client.js';
import { HubError } from './errors.js';
import type { Dispute, DisputeUpdate } from './types.js';
import type { ViewContext } from './view-context.js';

/** While a case is in mediation or negotiation, re-read it this often: drafts and offers do not all reach the timeline feed. */
const POLL_MS = 5_000;

/**
 * Keeps the dispute on the status page current: follows its `disputeUpdated` feed, re-reads
 * it after each event (and every few seconds while a mediator or the store may be drafting),
 * and has the status page re-render what changed.
 */
export class DisputeFollower {
  private feed: LiveFeed<DisputeUpdate> | null = null;
  private feedDisputeId: string | null = null;
  private live = false;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly ctx: ViewContext) {}

  /** The live line's text: connected, reconnecting, or nothing when not following. */
  liveText(): string {
    const { t } = this.ctx;
    return this.live ? t('liveOn') : this.feed ? t('liveReconnecting') : '';
  }

  get isLive(): boolean {
    return this.live;
  }

  follow(disputeId: string): void {
    if (this.feedDisputeId === disputeId && this.feed) return;
    this.stopFeed();
    this.feedDisputeId = disputeId;
    this.feed = new LiveFeed<DisputeUpdate>(this.ctx.hub, 'EStationDisputeUpdated', { id: disputeId }, {
      next: (update) => this.onUpdate(disputeId, update),
      error: (err) => {
        this.live = false;
        this.updateLiveLine();
        this.ctx.reportError(err);
      },
      connection: (live) => {
        this.live = live;
        this.updateLiveLine();
      },
    });
    this.feed.start();
  }

  /** A new token: the feed resumes after its last cursor. */
  restart(): void {
    this.feed?.restart();
  }

  /** Leaving the status page. */
  stopFeed(): void {
    this.feed?.stop();
    this.feed = null;
    this.feedDisputeId = null;
    this.live = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  /** The widget stops or starts again: nothing may fire afterwards. */
  stopAll(): void {
    this.feed?.stop();
    this.feed = null;
    this.feedDisputeId = null;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
  }

  async reload(disputeId: string): Promise<void> {
    const { ctx } = this;
    const generation = ctx.generation;
    try {
      const { dispute } = await ctx.hub.request<{ dispute: Dispute | null }>('EStationDispute', { id: disputeId });
      if (generation !== ctx.generation) return;
      if (!dispute) throw new HubError('NOT_FOUND', `dispute ${disputeId} not found`);
      // Keep timeline entries the feed delivered that the read did not have yet.
      const known = ctx.state.dispute?.id === disputeId ? ctx.state.dispute.timeline : [];
      const ids = new Set(dispute.timeline.map((e) => e.id));
      const merged = [...dispute.timeline, ...known.filter((e) => !ids.has(e.id))].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
      ctx.state.dispute = { ...dispute, timeline: merged };
      ctx.noteStatus(dispute.id, dispute.status);
      ctx.refreshStatus();
      this.schedulePoll();
    } catch (err) {
      if (generation !== ctx.generation) return;
      ctx.showError(err, { retry: () => void this.reload(disputeId) });
    }
  }

  /** Several events close together cause one read. */
  scheduleReload(disputeId: string): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reload(disputeId), 300);
  }

  private schedulePoll(): void {
    const { ctx } = this;
    const d = ctx.state.dispute;
    const wanted = ctx.view.name === 'status' && d && (d.status === 'IN_MEDIATION' || d.status === 'NEGOTIATING');
    if (!wanted && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    } else if (wanted && !this.pollTimer) {
      this.pollTimer = setInterval(() => {
        const view = ctx.view;
        if (view.name !== 'status' || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return;
        void this.reload(view.disputeId);
      }, POLL_MS);
    }
  }

  private updateLiveLine(): void {
    const line = this.ctx.main.querySelector<HTMLElement>('[data-live]');
    if (line) line.textContent = this.liveText();
  }

  private onUpdate(disputeId: string, update: DisputeUpdate): void {
    const { ctx } = this;
    if (update.resync) {
      this.scheduleReload(disputeId);
      return;
    }
    const d = ctx.state.dispute?.id === disputeId ? ctx.state.dispute : null;
    if (d) {
      if (update.event && !d.timeline.some((e) => e.id === update.event!.id)) d.timeline = [...d.timeline, update.event];
      if (update.dispute) {
        d.status = update.dispute.status;
        d.track = update.dispute.track;
      }
    }
    if (update.dispute) ctx.noteStatus(disputeId, update.dispute.status);
    if (ctx.view.name === 'status' && ctx.view.disputeId === disputeId) ctx.refreshStatus();
    if (update.event && update.event.kind !== 'NOTE') this.scheduleReload(disputeId);
  }
}
