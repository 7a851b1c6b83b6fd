import { HubClient } from './client.js';
import { DisputeFollower } from './dispute-follower.js';
import { disputesAboutOrder, loadDisputes } from './disputes.js';
import { h } from './dom.js';
import { describeError, HubError } from './errors.js';
import { newIdempotencyKey } from './hash.js';
import { renderAddresses } from './steps/addresses.js';
import { renderDescribe } from './steps/describe.js';
import { renderEvidence } from './steps/evidence.js';
import { renderOrder } from './steps/order.js';
import { renderSellerList } from './steps/seller-list.js';
import { refreshStatusBlocks, renderStatus } from './steps/status.js';
import { renderTrack } from './steps/track.js';
import { resolveLanguage, tDynamic, translator, type Language, type Translate } from './strings/index.js';
import { STYLES } from './styles.js';
import type { DisputeStatus, Order, Side } from './types.js';
import { whileBusy } from './ui/busy.js';
import { errorAlertContent } from './ui/error-alert.js';
import { formatDate, formatMoney } from './ui/format.js';
import type { ErrorOptions, View, ViewContext, WidgetState } from './view-context.js';

const BUYER_STEPS: Partial<Record<View['name'], number>> = { order: 1, describe: 2, evidence: 3, track: 4, addresses: 5, status: 6 };
const TOTAL_STEPS = 6;

/**
 * `<fengqiao-e-station>`: its attributes and lifecycle, which step is shown, focus and
 * announcements. The steps themselves live in ./steps and see the element only through a
 * ViewContext.
 */
export class FengqiaoEStation extends HTMLElement {
  static readonly observedAttributes = ['lang', 'gateway', 'platform', 'order', 'side', 'token-endpoint'];

  private readonly root: ShadowRoot;
  private readonly frame: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly statusRegion: HTMLElement;
  private readonly alertRegion: HTMLElement;
  private readonly main: HTMLElement;
  private readonly ctx: ViewContext;
  private readonly follower: DisputeFollower;

  private hub: HubClient | null = null;
  private generation = 0;
  private view: View = { name: 'loading' };
  private language: Language = 'zh-Hans';
  private t: Translate = translator('zh-Hans');
  private readonly state: WidgetState = {
    order: null, disputes: [], dispute: null, recommendation: undefined, me: null, statement: null, evidenceItems: [],
  };
  private readonly lastStatus = new Map<string, DisputeStatus>();
  private readonly keys = new Map<string, { payload: string; key: string }>();
  private readonly renderedBlocks = new Map<string, string>();

  private started = false;
  private startQueued = false;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLES;
    this.progress = h('span', { class: 'muted' });
    this.statusRegion = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
    this.alertRegion = h('div', { class: 'alert', role: 'alert' });
    this.main = h('div', { class: 'main' });
    this.frame = h('div', { class: 'fq' },
      h('p', { class: 'brand' }, h('strong', {}, ''), this.progress),
      this.statusRegion,
      this.alertRegion,
      this.main,
    );
    this.root.append(style, this.frame);
    this.ctx = this.createContext();
    this.follower = new DisputeFollower(this.ctx);
  }

  // --- lifecycle -------------------------------------------------------------------------

  connectedCallback(): void {
    this.applyLanguage();
    this.started = true;
    this.queueStart();
  }

  /** Attribute changes that arrive together (upgrade, a framework setting several) start once. */
  private queueStart(): void {
    if (this.startQueued) return;
    this.startQueued = true;
    queueMicrotask(() => {
      this.startQueued = false;
      if (this.isConnected) void this.start();
    });
  }

  disconnectedCallback(): void {
    this.started = false;
    this.stopEverything();
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue || !this.isConnected || !this.started) return;
    if (name === 'lang') {
      this.applyLanguage();
      this.render(false);
      return;
    }
    // Another order, gateway or side: start again.
    this.queueStart();
  }

  private applyLanguage(): void {
    this.language = resolveLanguage(this.getAttribute('lang'));
    this.t = translator(this.language);
    this.frame.setAttribute('lang', this.language);
    const brand = this.frame.querySelector('.brand strong');
    if (brand) brand.textContent = this.t('widgetName');
  }

  private stopEverything(): void {
    this.generation += 1;
    this.follower.stopAll();
    this.hub?.dispose();
    this.hub = null;
  }

  private get side(): Side {
    const fromToken = this.hub?.side;
    if (fromToken) return fromToken;
    return this.getAttribute('side') === 'seller' ? 'seller' : 'buyer';
  }

  private async start(): Promise<void> {
    this.stopEverything();
    const generation = this.generation;
    const gateway = this.getAttribute('gateway');
    const tokenEndpoint = this.getAttribute('token-endpoint');
    const orderId = this.getAttribute('order');
    this.state.order = null;
    this.state.dispute = null;
    this.state.disputes = [];
    this.state.evidenceItems = [];
    this.clearAlert();
    this.go({ name: 'loading' }, false);
    if (!gateway || !tokenEndpoint || !orderId) {
      this.showError(new HubError('TOKEN', 'the gateway, token-endpoint and order attributes are required'));
      this.go({ name: 'fatal' }, false);
      return;
    }
    const hub = new HubClient({
      gateway,
      tokenEndpoint,
      orderId,
      platformId: this.getAttribute('platform') ?? '',
      side: this.getAttribute('side') === 'seller' ? 'seller' : 'buyer',
      onToken: () => this.follower.restart(),
      onTokenError: (err) => this.reportError(err),
    });
    this.hub = hub;
    try {
      const [{ order }, disputes] = await Promise.all([
        hub.request<{ order: Order | null }>('EStationOrder', { orderId }),
        loadDisputes(hub),
      ]);
      if (generation !== this.generation) return;
      if (!order) throw new HubError('NOT_FOUND', `order ${orderId} not found`);
      this.state.order = order;
      this.state.disputes = disputesAboutOrder(disputes, order, this.side);
      this.routeToStart();
    } catch (err) {
      if (generation !== this.generation) return;
      this.showError(err, { retry: () => void this.start() });
      this.go({ name: 'fatal' }, false);
    }
  }

  /** Where the widget opens: the buyer's existing dispute from this order, or the order; the seller's disputes. */
  private routeToStart(): void {
    const disputes = this.state.disputes;
    if (this.side === 'seller') {
      if (disputes.length === 1) this.go({ name: 'status', disputeId: disputes[0]!.id }, false);
      else this.go({ name: 'sellerList' }, false);
      return;
    }
    const open = disputes.find((d) => d.status !== 'WITHDRAWN') ?? disputes[0];
    if (open) this.go({ name: 'status', disputeId: open.id }, false);
    else this.go({ name: 'order' }, false);
  }

  // --- events, announcements and errors ---------------------------------------------------

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private announce(text: string): void {
    // Clear first so that the same text is announced again.
    this.statusRegion.textContent = '';
    window.setTimeout(() => {
      this.statusRegion.textContent = text;
    }, 50);
  }

  private noteStatus(disputeId: string, status: DisputeStatus): void {
    const before = this.lastStatus.get(disputeId);
    if (before === status) return;
    this.lastStatus.set(disputeId, status);
    this.emit('fq-status', { disputeId, status });
    if (before !== undefined) this.announce(this.t('statusChanged', { status: tDynamic(this.t, `status_${status}`, status) }));
  }

  private clearAlert(): void {
    this.alertRegion.replaceChildren();
  }

  private reportError(err: unknown): void {
    const { code, message } = describeError(err, this.t);
    this.emit('fq-error', { code, message, hubMessage: err instanceof Error ? err.message : String(err) });
  }

  /** Shows an error in plain words (role=alert), next to its field when the hub names one. */
  private showError(err: unknown, options: ErrorOptions = {}): void {
    this.reportError(err);
    const retry = options.retry;
    this.alertRegion.replaceChildren(...errorAlertContent(err, {
      t: this.t,
      language: this.language,
      root: this.root,
      ...(options.fields ? { fields: options.fields } : {}),
      ...(retry ? { retry: () => { this.clearAlert(); retry(); } } : {}),
    }));
  }

  /** One idempotency key per attempt: the same payload retried keeps its key, a changed one gets a new key. */
  private keyFor(action: string, payload: unknown): string {
    const text = JSON.stringify(payload);
    const known = this.keys.get(action);
    if (known && known.payload === text) return known.key;
    const key = newIdempotencyKey();
    this.keys.set(action, { payload: text, key });
    return key;
  }

  // --- views and focus ---------------------------------------------------------------------

  private go(view: View, focus = true): void {
    const current = this.view;
    const leavingStatus = current.name === 'status' && (view.name !== 'status' || view.disputeId !== current.disputeId);
    if (leavingStatus) this.follower.stopFeed();
    this.view = view;
    this.renderedBlocks.clear();
    this.render(focus);
  }

  private render(focus: boolean): void {
    const step = this.side === 'buyer' ? BUYER_STEPS[this.view.name] : undefined;
    this.progress.textContent = step ? this.t('stepOf', { n: step, total: TOTAL_STEPS }) : '';
    this.renderedBlocks.clear();
    const section = this.renderView(this.view);
    this.main.replaceChildren(section);
    if (focus) this.focusHeading(section);
  }

  private renderView(view: View): HTMLElement {
    const ctx = this.ctx;
    switch (view.name) {
      case 'loading': return h('section', {}, h('p', { class: 'muted' }, this.t('loading')));
      case 'fatal': return h('section', {});
      case 'order': return renderOrder(ctx);
      case 'describe': return renderDescribe(ctx);
      case 'evidence': return renderEvidence(ctx);
      case 'track': return renderTrack(ctx);
      case 'addresses': return renderAddresses(ctx);
      case 'status': return renderStatus(ctx, view.disputeId);
      case 'sellerList': return renderSellerList(ctx, { refresh: view.refresh ?? false });
    }
  }

  private focusHeading(scope: ParentNode): void {
    scope.querySelector<HTMLElement>('h2')?.focus();
  }

  /** The steps' view of this element: live getters, so a step always sees the current language, view and client. */
  private createContext(): ViewContext {
    const el = this;
    const ctx: ViewContext = {
      get t() { return el.t; },
      get language() { return el.language; },
      get side() { return el.side; },
      get mySide() { return el.side === 'seller' ? 'RESPONDENT' as const : 'CLAIMANT' as const; },
      get hub() { return el.hub!; },
      get view() { return el.view; },
      get generation() { return el.generation; },
      get follower() { return el.follower; },
      state: el.state,
      root: el.root,
      main: el.main,
      renderedBlocks: el.renderedBlocks,
      go: (view, focus) => el.go(view, focus),
      rerender: () => el.render(false),
      focusHeading: (scope) => el.focusHeading(scope),
      refreshStatus: () => refreshStatusBlocks(ctx),
      showError: (err, options) => el.showError(err, options),
      reportError: (err) => el.reportError(err),
      alert: (text) => el.alertRegion.replaceChildren(h('p', {}, text)),
      clearAlert: () => el.clearAlert(),
      announce: (text) => el.announce(text),
      emit: (type, detail) => el.emit(type, detail),
      noteStatus: (disputeId, status) => el.noteStatus(disputeId, status),
      keyFor: (action, payload) => el.keyFor(action, payload),
      busy: (button, work) => whileBusy(button, work, () => el.clearAlert()),
      money: (amount, currency) => formatMoney(el.language, amount, currency),
      date: (iso, withTime) => formatDate(el.language, iso, withTime),
    };
    return ctx;
  }
}
