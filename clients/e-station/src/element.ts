import { HubClient, LiveFeed } from './client.js';
import { append, h, uid, type Child } from './dom.js';
import { describeError, HubError } from './errors.js';
import { formatBytes, hashPrefix, mediaTypeOf, newIdempotencyKey, parseAmount, sha256OfBlob } from './hash.js';
import { resolveLanguage, tDynamic, translator, type Language, type StringKey, type Translate } from './strings/index.js';
import { STYLES } from './styles.js';
import {
  CATEGORIES, TRACKS,
  type Dispute, type DisputeStatus, type DisputeSummary, type DisputeUpdate, type Evidence, type MediationCase, type Me,
  type Negotiation, type Order, type Recommendation, type ServiceAddress, type Side, type Track,
} from './types.js';

type View =
  | { name: 'loading' }
  | { name: 'fatal' }
  | { name: 'order' }
  | { name: 'describe' }
  | { name: 'evidence' }
  | { name: 'track' }
  | { name: 'addresses' }
  | { name: 'status'; disputeId: string }
  | { name: 'sellerList' };

const BUYER_STEPS: Partial<Record<View['name'], number>> = { order: 1, describe: 2, evidence: 3, track: 4, addresses: 5, status: 6 };
const TOTAL_STEPS = 6;
/** While a case is in mediation or negotiation, re-read it this often: drafts and offers do not all reach the timeline feed. */
const POLL_MS = 5_000;

interface EvidenceItem {
  key: string;
  file: File;
  status: 'hashing' | 'submitting' | 'submitted' | 'failed';
  sha256?: string;
  idempotencyKey: string;
  evidence?: Evidence;
}

/** Field names the hub reports (`extensions.field`) → the control that holds them, per form. */
type FieldMap = Map<string, { control: HTMLElement; error: HTMLElement }>;

const ROUTABLE: DisputeStatus[] = ['FILED', 'UNRESOLVED'];

export class FengqiaoEStation extends HTMLElement {
  static readonly observedAttributes = ['lang', 'gateway', 'platform', 'order', 'side', 'token-endpoint'];

  private readonly root: ShadowRoot;
  private readonly frame: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly statusRegion: HTMLElement;
  private readonly alertRegion: HTMLElement;
  private readonly main: HTMLElement;

  private hub: HubClient | null = null;
  private feed: LiveFeed<DisputeUpdate> | null = null;
  private feedDisputeId: string | null = null;
  private live = false;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;

  private view: View = { name: 'loading' };
  private language: Language = 'zh-Hans';
  private t: Translate = translator('zh-Hans');

  private order: Order | null = null;
  private disputes: DisputeSummary[] = [];
  private dispute: Dispute | null = null;
  private recommendation: Recommendation | null | undefined;
  private me: Me | null = null;
  private statement: string | null = null;
  private evidenceItems: EvidenceItem[] = [];
  private lastStatus = new Map<string, DisputeStatus>();
  private keys = new Map<string, { payload: string; key: string }>();
  private blocks = new Map<string, string>();

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
  }

  // --- lifecycle -------------------------------------------------------------------------

  private started = false;
  private startQueued = false;

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
    this.feed?.stop();
    this.feed = null;
    this.feedDisputeId = null;
    this.hub?.dispose();
    this.hub = null;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
  }

  private get side(): Side {
    const fromToken = this.hub?.side;
    if (fromToken) return fromToken;
    return this.getAttribute('side') === 'seller' ? 'seller' : 'buyer';
  }

  private get mySide(): 'CLAIMANT' | 'RESPONDENT' {
    return this.side === 'seller' ? 'RESPONDENT' : 'CLAIMANT';
  }

  private async start(): Promise<void> {
    this.stopEverything();
    const generation = this.generation;
    const gateway = this.getAttribute('gateway');
    const tokenEndpoint = this.getAttribute('token-endpoint');
    const orderId = this.getAttribute('order');
    this.order = null;
    this.dispute = null;
    this.disputes = [];
    this.evidenceItems = [];
    this.clearAlert();
    this.go({ name: 'loading' }, false);
    if (!gateway || !tokenEndpoint || !orderId) {
      this.showError(new HubError('TOKEN', 'the gateway, token-endpoint and order attributes are required'));
      this.go({ name: 'fatal' }, false);
      return;
    }
    this.hub = new HubClient({
      gateway,
      tokenEndpoint,
      orderId,
      platformId: this.getAttribute('platform') ?? '',
      side: this.getAttribute('side') === 'seller' ? 'seller' : 'buyer',
      onToken: () => this.feed?.restart(),
      onTokenError: (err) => this.reportError(err),
    });
    try {
      const [{ order }, disputes] = await Promise.all([
        this.hub.request<{ order: Order | null }>('EStationOrder', { orderId }),
        this.loadDisputes(),
      ]);
      if (generation !== this.generation) return;
      if (!order) throw new HubError('NOT_FOUND', `order ${orderId} not found`);
      this.order = order;
      this.disputes = disputes.filter((d) => d.origin?.id === order.id);
      this.routeToStart();
    } catch (err) {
      if (generation !== this.generation) return;
      this.showError(err, { retry: () => void this.start() });
      this.go({ name: 'fatal' }, false);
    }
  }

  private async loadDisputes(): Promise<DisputeSummary[]> {
    const all: DisputeSummary[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const data: { disputes: { edges: Array<{ node: DisputeSummary }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
        await this.hub!.request('EStationDisputes', { after });
      all.push(...data.disputes.edges.map((e) => e.node));
      if (!data.disputes.pageInfo.hasNextPage || !data.disputes.pageInfo.endCursor) break;
      after = data.disputes.pageInfo.endCursor;
    }
    return all;
  }

  /** Where the widget opens: the buyer's existing dispute from this order, or the order; the seller's disputes. */
  private routeToStart(): void {
    const order = this.order!;
    const newestFirst = (a: DisputeSummary, b: DisputeSummary) => Date.parse(b.filedAt) - Date.parse(a.filedAt);
    if (this.side === 'seller') {
      const merchantId = order.store.merchant?.id;
      this.disputes = this.disputes.filter((d) => !merchantId || d.respondent?.id === merchantId).sort(newestFirst);
      if (this.disputes.length === 1) this.go({ name: 'status', disputeId: this.disputes[0]!.id }, false);
      else this.go({ name: 'sellerList' }, false);
      return;
    }
    const buyerId = order.buyer?.id;
    this.disputes = this.disputes.filter((d) => !buyerId || d.claimant?.id === buyerId).sort(newestFirst);
    const open = this.disputes.find((d) => d.status !== 'WITHDRAWN') ?? this.disputes[0];
    if (open) this.go({ name: 'status', disputeId: open.id }, false);
    else this.go({ name: 'order' }, false);
  }

  // --- events, status and errors ---------------------------------------------------------

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

  private clearAlert(): void {
    this.alertRegion.replaceChildren();
  }

  private reportError(err: unknown): void {
    const { code, message } = describeError(err, this.t);
    this.emit('fq-error', { code, message, hubMessage: err instanceof Error ? err.message : String(err) });
  }

  /** Shows an error in plain words (role=alert), next to its field when the hub names one. */
  private showError(err: unknown, options: { fields?: FieldMap; retry?: () => void } = {}): void {
    const described = describeError(err, this.t);
    this.reportError(err);
    const children: Child[] = [h('p', {}, described.message)];
    if (described.code === 'BAD_USER_INPUT' && described.detail) {
      const target = described.field ? this.matchField(options.fields, described.field) : undefined;
      if (target) {
        target.control.setAttribute('aria-invalid', 'true');
        target.error.textContent = described.detail;
        target.error.hidden = false;
        const label = this.root.querySelector(`label[for="${target.control.id}"]`)?.textContent ?? described.field!;
        children.push(h('p', {}, this.t('errorField', { field: label.trim(), message: described.detail })));
      } else {
        children.push(h('p', {}, described.detail));
      }
    }
    if (options.retry) {
      const retry = options.retry;
      children.push(h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => { this.clearAlert(); retry(); } }, this.t('tryAgain'))));
    }
    this.alertRegion.replaceChildren(...(children.filter(Boolean) as Node[]));
  }

  private matchField(fields: FieldMap | undefined, field: string) {
    if (!fields) return undefined;
    if (fields.has(field)) return fields.get(field);
    const last = field.split('.').pop()!.replace(/\[\d+\]$/, '');
    if (fields.has(last)) return fields.get(last);
    for (const [name, target] of fields) if (field.startsWith(name)) return target;
    return undefined;
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

  // --- rendering ---------------------------------------------------------------------------

  private go(view: View, focus = true): void {
    const leavingStatus = this.view.name === 'status' && (view.name !== 'status' || view.disputeId !== (this.view as { disputeId: string }).disputeId);
    if (leavingStatus) this.stopFeed();
    this.view = view;
    this.blocks.clear();
    this.render(focus);
  }

  private render(focus: boolean): void {
    const step = this.side === 'buyer' ? BUYER_STEPS[this.view.name] : undefined;
    this.progress.textContent = step ? this.t('stepOf', { n: step, total: TOTAL_STEPS }) : '';
    this.blocks.clear();
    let section: HTMLElement;
    switch (this.view.name) {
      case 'loading':
        section = h('section', {}, h('p', { class: 'muted' }, this.t('loading')));
        break;
      case 'fatal':
        section = h('section', {});
        break;
      case 'order':
        section = this.renderOrder();
        break;
      case 'describe':
        section = this.renderDescribe();
        break;
      case 'evidence':
        section = this.renderEvidence();
        break;
      case 'track':
        section = this.renderTrack();
        break;
      case 'addresses':
        section = this.renderAddresses();
        break;
      case 'status':
        section = this.renderStatus(this.view.disputeId);
        break;
      case 'sellerList':
        section = this.renderSellerList();
        break;
    }
    this.main.replaceChildren(section);
    if (focus) this.focusHeading(section);
  }

  private focusHeading(scope: ParentNode): void {
    const heading = scope.querySelector<HTMLElement>('h2');
    heading?.focus();
  }

  /** A section with its heading (focusable for step changes) and plain-language explanation. */
  private section(titleKey: StringKey, explainKey: StringKey | null, explainValues?: Record<string, string>): { section: HTMLElement; body: HTMLElement } {
    const headingId = uid('h');
    const body = h('div', {});
    const section = h('section', { 'aria-labelledby': headingId },
      h('h2', { id: headingId, tabindex: '-1' }, this.t(titleKey)),
      explainKey ? h('p', { class: 'explain' }, this.t(explainKey, explainValues)) : null,
      body,
    );
    return { section, body };
  }

  private money(amount: string | null | undefined, currency = 'CNY'): string {
    if (amount === null || amount === undefined) return '—';
    const value = Number(amount);
    if (Number.isNaN(value)) return amount;
    return new Intl.NumberFormat(this.language, { style: 'currency', currency }).format(value);
  }

  private date(iso: string | null | undefined, withTime = true): string {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(this.language, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(d);
  }

  private facts(rows: Array<[string, Child]>): HTMLElement {
    const dl = h('dl', { class: 'facts' });
    for (const [term, value] of rows) append(dl, h('dt', {}, term), h('dd', {}, value));
    return dl;
  }

  /** A labelled control with an optional hint and a slot for its error. */
  private field(labelKey: StringKey, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, options: { hint?: string; required?: boolean; name?: string; fields?: FieldMap } = {}): HTMLElement {
    const id = control.id || uid('f');
    control.id = id;
    const hintId = options.hint ? uid('hint') : null;
    const errorId = uid('err');
    const error = h('p', { id: errorId, class: 'error-text', hidden: true });
    control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
    if (options.required) control.setAttribute('aria-required', 'true');
    control.addEventListener('input', () => {
      control.removeAttribute('aria-invalid');
      error.hidden = true;
      error.textContent = '';
    });
    if (options.name && options.fields) options.fields.set(options.name, { control, error });
    return h('div', { class: 'field' },
      h('label', { for: id }, this.t(labelKey), options.required ? null : h('span', { class: 'muted' }, ` ${this.t('optional')}`)),
      hintId ? h('p', { id: hintId, class: 'hint' }, options.hint!) : null,
      control,
      error,
    );
  }

  private invalid(fields: FieldMap, name: string, message: string): void {
    const target = fields.get(name);
    if (!target) return;
    target.control.setAttribute('aria-invalid', 'true');
    target.error.textContent = message;
    target.error.hidden = false;
  }

  private async busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T | undefined> {
    const label = button.textContent;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    this.clearAlert();
    try {
      return await work();
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = label;
    }
  }

  // --- step 1: the order ---------------------------------------------------------------------

  private renderOrder(): HTMLElement {
    const order = this.order!;
    const { section, body } = this.section('orderHeading', 'orderExplain');
    append(body,
      this.facts([
        [this.t('orderItems'), order.itemSummary],
        [this.t('orderAmount'), this.money(order.amount, order.currency)],
        [this.t('orderStore'), order.store.name],
        [this.t('orderPlatform'), order.store.platform.name],
        [this.t('orderDate'), this.date(order.placedAt)],
        [this.t('orderNumber'), order.orderNumber],
      ]),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => this.go({ name: 'describe' }) }, this.t('reportProblem')),
      ),
    );
    return section;
  }

  // --- step 2: describe the problem ----------------------------------------------------------

  private renderDescribe(): HTMLElement {
    const order = this.order!;
    const { section, body } = this.section('describeHeading', 'describeExplain');
    const fields: FieldMap = new Map();
    const title = h('input', { type: 'text', name: 'title', maxlength: '200', autocomplete: 'off' });
    const description = h('textarea', { name: 'description', maxlength: '5000', rows: '5' });
    const category = h('select', { name: 'category' });
    for (const c of CATEGORIES) append(category, h('option', { value: c }, this.t(`category_${c}` as StringKey)));
    category.value = 'CONSUMER_PURCHASE';
    const amount = h('input', { type: 'text', name: 'claimAmount', inputmode: 'decimal', autocomplete: 'off' });
    amount.value = order.amount;
    const submit = h('button', { type: 'submit' }, this.t('fileDispute'));
    const form = h('form', { novalidate: true },
      this.field('fieldTitle', title, { hint: this.t('fieldTitleHint'), required: true, name: 'title', fields }),
      this.field('fieldDescription', description, { hint: this.t('fieldDescriptionHint'), required: true, name: 'description', fields }),
      this.field('fieldCategory', category, { required: true, name: 'category', fields }),
      this.field('fieldAmount', amount, { hint: this.t('fieldAmountHint', { amount: this.money(order.amount, order.currency) }), name: 'claimAmount', fields }),
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problems: HTMLElement[] = [];
      if (!title.value.trim()) {
        this.invalid(fields, 'title', this.t('invalidRequired'));
        problems.push(title);
      }
      if (!description.value.trim()) {
        this.invalid(fields, 'description', this.t('invalidRequired'));
        problems.push(description);
      }
      const claim = amount.value.trim() ? parseAmount(amount.value) : null;
      if (amount.value.trim() && !claim) {
        this.invalid(fields, 'claimAmount', this.t('invalidAmount'));
        problems.push(amount);
      }
      if (problems.length > 0) {
        problems[0]!.focus();
        return;
      }
      const merchantId = order.store.merchant?.id;
      if (!merchantId) {
        this.showError(new HubError('SUBGRAPH_UNAVAILABLE', 'the store has no merchant party'));
        return;
      }
      const input = {
        title: title.value.trim(),
        description: description.value.trim(),
        category: category.value,
        ...(claim ? { claimAmount: claim } : {}),
        respondentId: merchantId,
        originOrderId: order.id,
      };
      const idempotencyKey = this.keyFor('fileDispute', input);
      void this.busy(submit, async () => {
        submit.textContent = this.t('filing');
        try {
          const { fileDispute } = await this.hub!.request<{ fileDispute: Dispute }>('EStationFileDispute', { input, idempotencyKey });
          this.dispute = fileDispute;
          this.recommendation = undefined;
          this.evidenceItems = [];
          this.noteStatus(fileDispute.id, fileDispute.status);
          this.emit('fq-dispute-filed', { disputeId: fileDispute.id });
          this.announce(this.t('filed'));
          this.go({ name: 'evidence' });
        } catch (err) {
          this.showError(err, { fields });
        }
      });
    });
    append(body, form);
    return section;
  }

  // --- step 3: evidence ------------------------------------------------------------------------

  private renderEvidence(): HTMLElement {
    const { section, body } = this.section('evidenceHeading', 'evidenceExplain');
    const input = h('input', { type: 'file', multiple: true, name: 'files' });
    const listId = uid('files');
    const list = h('ul', { class: 'files', id: listId, 'aria-label': this.t('evidenceList') });
    const none = h('p', { class: 'muted' }, this.t('evidenceNone'));
    const renderList = () => {
      none.hidden = this.evidenceItems.length > 0;
      list.replaceChildren(...this.evidenceItems.map((item) => this.renderEvidenceItem(item, renderList)));
    };
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.value = '';
      for (const file of files) {
        const item: EvidenceItem = { key: uid('ev'), file, status: 'hashing', idempotencyKey: newIdempotencyKey() };
        this.evidenceItems.push(item);
        void this.processEvidence(item, renderList);
      }
      renderList();
    });
    const next = h('button', {
      type: 'button',
      onclick: () => {
        if (this.evidenceItems.some((i) => i.status === 'hashing' || i.status === 'submitting')) {
          this.alertRegion.replaceChildren(h('p', {}, this.t('evidenceBusy')));
          return;
        }
        this.clearAlert();
        this.go({ name: 'track' });
      },
    }, this.t('continue'));
    append(body,
      this.field('fieldFiles', input, { hint: this.t('fieldFilesHint') }),
      none,
      list,
      h('div', { class: 'actions' }, next),
    );
    renderList();
    return section;
  }

  private renderEvidenceItem(item: EvidenceItem, rerender: () => void): HTMLElement {
    const statusText = {
      hashing: this.t('evidenceHashing'),
      submitting: this.t('evidenceSubmitting'),
      submitted: this.t('evidenceSubmitted'),
      failed: this.t('evidenceFailed'),
    }[item.status];
    return h('li', {},
      h('p', {}, h('strong', {}, item.file.name)),
      h('p', { class: 'muted' }, `${this.t('evidenceSize')}: ${formatBytes(item.file.size, this.language)}`),
      // The whole fingerprint, so the user can compare it with another copy; the first characters stand out.
      item.sha256 ? h('p', { class: 'muted' }, `${this.t('evidenceFingerprint')}: `, h('code', { class: 'hash' }, h('strong', {}, hashPrefix(item.sha256)), item.sha256.slice(hashPrefix(item.sha256).length))) : null,
      h('p', { class: item.status === 'submitted' ? 'ok' : item.status === 'failed' ? 'bad' : 'muted' }, statusText),
      item.status === 'failed'
        ? h('button', { type: 'button', class: 'secondary', onclick: () => void this.processEvidence(item, rerender) }, this.t('evidenceRetry', { name: item.file.name }))
        : null,
    );
  }

  private async processEvidence(item: EvidenceItem, rerender: () => void): Promise<void> {
    const dispute = this.dispute;
    if (!dispute) return;
    try {
      if (!item.sha256) {
        item.status = 'hashing';
        rerender();
        item.sha256 = await sha256OfBlob(item.file);
      }
      item.status = 'submitting';
      rerender();
      const input = { disputeId: dispute.id, title: item.file.name.slice(0, 200) || 'evidence', sha256: item.sha256, mediaType: mediaTypeOf(item.file), sizeBytes: item.file.size };
      const { submitEvidence } = await this.hub!.request<{ submitEvidence: Evidence }>('EStationSubmitEvidence', { input, idempotencyKey: item.idempotencyKey });
      item.evidence = submitEvidence;
      item.status = 'submitted';
      this.announce(this.t('evidenceRecorded', { name: item.file.name }));
    } catch (err) {
      item.status = 'failed';
      const code = (err as { code?: unknown }).code;
      this.showError(code === 'BROWSER' ? new HubError('BROWSER', String((err as Error).message)) : err);
    }
    if (this.view.name === 'evidence') rerender();
  }

  // --- step 4: the track -----------------------------------------------------------------------

  private renderTrack(): HTMLElement {
    const { section, body } = this.section('trackHeading', 'trackExplain');
    const dispute = this.dispute;
    if (!dispute) return section;
    if (this.recommendation === undefined) {
      append(body, h('p', { class: 'muted' }, this.t('loading')));
      const generation = this.generation;
      this.hub!.request<{ dispute: { id: string; status: DisputeStatus; recommendation: Recommendation | null } | null }>('EStationRecommendation', { id: dispute.id }).then(
        ({ dispute: d }) => {
          if (generation !== this.generation || this.view.name !== 'track') return;
          this.recommendation = d?.recommendation ?? null;
          if (d) this.dispute = { ...dispute, status: d.status };
          const focused = this.root.activeElement;
          this.render(false);
          if (focused && (focused as HTMLElement).tagName === 'H2') this.focusHeading(this.main);
        },
        (err: unknown) => {
          if (generation !== this.generation) return;
          this.showError(err, { retry: () => this.render(false) });
        },
      );
      return section;
    }
    const rec = this.recommendation;
    const court = rec?.court ?? null;
    let options: Track[];
    if (rec) {
      options = [rec.track, ...rec.alternatives].filter((t, i, all) => all.indexOf(t) === i);
    } else {
      options = dispute.status === 'FILED' ? ['NEGOTIATION', 'MEDIATION'] : ['MEDIATION'];
    }
    const litigationWithheld = options.includes('LITIGATION') && !court;
    if (litigationWithheld) options = options.filter((t) => t !== 'LITIGATION');
    options.sort((a, b) => (a === rec?.track ? -1 : b === rec?.track ? 1 : TRACKS.indexOf(a) - TRACKS.indexOf(b)));

    if (!rec) append(body, h('p', {}, this.t('noRecommendation')));
    else {
      append(body,
        h('h3', {}, this.t('whyHeading')),
        h('ul', {}, rec.reasons.map((r) => h('li', {}, r.explanation))),
        rec.advice.length > 0 ? h('ul', {}, rec.advice.map((a) => h('li', {}, tDynamic(this.t, `advice_${a}`, a)))) : null,
      );
    }
    const fieldset = h('fieldset', {}, h('legend', {}, this.t('trackLegend')));
    const radios: HTMLInputElement[] = [];
    const name = uid('track');
    for (const track of options) {
      const id = uid('opt');
      const descId = uid('desc');
      const recommended = Boolean(rec && track === rec.track);
      const badgeId = uid('badge');
      // The radio's name is the track's name alone; "Recommended" is its description.
      const radio = h('input', { type: 'radio', name, id, value: track, 'aria-describedby': recommended ? `${badgeId} ${descId}` : descId });
      if (recommended) radio.checked = true;
      radios.push(radio);
      const courtName = court ? (this.language === 'en' ? court.englishName || court.name : court.name) : '';
      append(fieldset, h('div', { class: 'choice' },
        radio,
        h('div', {},
          h('label', { for: id }, this.t(`track_${track}` as StringKey)),
          recommended ? h('span', { class: 'badge', id: badgeId }, this.t('recommendedBadge')) : null,
          h('div', { class: 'desc', id: descId },
            h('p', {}, this.t(`track_${track}_what` as StringKey)),
            h('p', { class: 'muted' }, `${this.t('trackCost')}: ${this.t(`track_${track}_cost` as StringKey)}`),
            h('p', { class: 'muted' }, `${this.t('trackOther')}: ${this.t(`track_${track}_other` as StringKey)}`),
            track === 'LITIGATION' && court ? h('p', {}, this.t('litigationCourt', { court: courtName })) : null,
          ),
        ),
      ));
    }
    if (litigationWithheld || (rec && !options.includes('LITIGATION') && rec.alternatives.includes('LITIGATION'))) {
      append(fieldset, h('p', { class: 'muted' }, this.t('litigationUnavailable')));
    }
    const submit = h('button', { type: 'submit' }, this.t('chooseTrack'));
    const form = h('form', { novalidate: true }, fieldset, h('div', { class: 'actions' }, submit));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = radios.find((r) => r.checked)?.value as Track | undefined;
      if (!chosen) {
        this.alertRegion.replaceChildren(h('p', {}, this.t('chooseTrackRequired')));
        radios[0]?.focus();
        return;
      }
      const destination = chosen === 'LITIGATION' && court ? { bodyId: court.id } : null;
      const payload = { disputeId: dispute.id, track: chosen, destination };
      const idempotencyKey = this.keyFor(`route:${dispute.id}`, payload);
      void this.busy(submit, async () => {
        submit.textContent = this.t('routing');
        try {
          const { routeDispute } = await this.hub!.request<{ routeDispute: Dispute }>('EStationRouteDispute', {
            ...payload,
            reason: 'Chosen by the claimant in the Fengqiao E Station',
            idempotencyKey,
          });
          this.dispute = routeDispute;
          this.noteStatus(routeDispute.id, routeDispute.status);
          this.emit('fq-track-chosen', { disputeId: dispute.id, track: chosen });
          this.announce(this.t('trackChosen', { track: this.t(`track_${chosen}` as StringKey) }));
          await this.afterRouting(routeDispute.id);
        } catch (err) {
          this.showError(err);
        }
      });
    });
    append(body, form);
    return section;
  }

  /** Step 5 when the buyer has no confirmed service address yet, else straight to the status. */
  private async afterRouting(disputeId: string): Promise<void> {
    try {
      const data = await this.hub!.request<{ serviceAddressStatement: string; me: Me | null }>('EStationServiceAddresses');
      this.statement = data.serviceAddressStatement;
      this.me = data.me;
      if (data.me && data.me.serviceAddresses.length === 0) {
        this.go({ name: 'addresses' });
        return;
      }
    } catch {
      // The addresses can be confirmed later; the status matters more now.
    }
    this.go({ name: 'status', disputeId });
  }

  // --- step 5: service addresses -----------------------------------------------------------------

  private renderAddresses(): HTMLElement {
    const { section, body } = this.section('addressesHeading', 'addressesExplain');
    const me = this.me;
    const statement = this.statement;
    const disputeId = this.dispute?.id;
    const toStatus = () => (disputeId ? this.go({ name: 'status', disputeId }) : this.go({ name: 'order' }));
    if (!me || !statement) {
      append(body, h('div', { class: 'actions' }, h('button', { type: 'button', onclick: toStatus }, this.t('continue'))));
      return section;
    }
    const fields: FieldMap = new Map();
    const current = (channel: ServiceAddress['channel']) =>
      me.serviceAddresses.find((a) => a.channel === channel)?.address ?? me.contactChannels.find((c) => c.kind === channel && c.source === 'REGISTRATION')?.value ?? '';
    const inAppId = uid('inapp');
    const inApp = h('input', { type: 'checkbox', id: inAppId, checked: true });
    const mobile = h('input', { type: 'tel', name: 'mobile', autocomplete: 'tel' });
    mobile.value = current('MOBILE');
    const email = h('input', { type: 'email', name: 'email', autocomplete: 'email' });
    email.value = current('EMAIL');
    const postal = h('input', { type: 'text', name: 'postal', autocomplete: 'street-address' });
    postal.value = current('POSTAL');
    const agreeId = uid('agree');
    const agree = h('input', { type: 'checkbox', id: agreeId, required: true });
    const agreeError = h('p', { class: 'error-text', hidden: true, id: uid('err') });
    agree.setAttribute('aria-describedby', agreeError.id);
    const statementId = uid('stmt');
    const submit = h('button', { type: 'submit' }, this.t('confirmAddresses'));
    const form = h('form', { novalidate: true },
      h('div', { class: 'field check' }, inApp, h('label', { for: inAppId }, this.t('fieldInApp'))),
      this.field('fieldMobile', mobile, { name: 'MOBILE', fields }),
      this.field('fieldEmail', email, { name: 'EMAIL', fields }),
      this.field('fieldPostal', postal, { hint: this.t('fieldPostalHint'), name: 'POSTAL', fields }),
      h('h3', { id: statementId }, this.t('statementHeading')),
      h('p', { class: 'statement', tabindex: '0', 'aria-labelledby': statementId }, statement),
      h('div', { class: 'field check' }, agree, h('label', { for: agreeId }, this.t('statementAgree'))),
      agreeError,
      h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'secondary', onclick: toStatus }, this.t('skip'))),
    );
    agree.addEventListener('change', () => {
      agreeError.hidden = true;
      agree.removeAttribute('aria-invalid');
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const addresses: Array<{ channel: ServiceAddress['channel']; address: string }> = [];
      if (inApp.checked) addresses.push({ channel: 'IN_APP', address: `hub:${me.id}` });
      if (mobile.value.trim()) addresses.push({ channel: 'MOBILE', address: mobile.value.trim() });
      if (email.value.trim()) addresses.push({ channel: 'EMAIL', address: email.value.trim() });
      if (postal.value.trim()) addresses.push({ channel: 'POSTAL', address: postal.value.trim() });
      if (addresses.length === 0) {
        this.alertRegion.replaceChildren(h('p', {}, this.t('addressesNeedOne')));
        mobile.focus();
        return;
      }
      if (!agree.checked) {
        agree.setAttribute('aria-invalid', 'true');
        agreeError.textContent = this.t('addressesMustAgree');
        agreeError.hidden = false;
        agree.focus();
        return;
      }
      // Hub errors name addresses[i].address: map each index to its control.
      const indexed: FieldMap = new Map();
      addresses.forEach((a, i) => {
        const target = fields.get(a.channel);
        if (target) indexed.set(`addresses[${i}]`, target);
      });
      const input = { addresses, acceptedStatement: statement };
      const idempotencyKey = this.keyFor('confirmServiceAddresses', input);
      void this.busy(submit, async () => {
        try {
          const { confirmServiceAddresses } = await this.hub!.request<{ confirmServiceAddresses: { addresses: ServiceAddress[] } }>(
            'EStationConfirmServiceAddresses', { input, idempotencyKey },
          );
          this.me = { ...me, serviceAddresses: confirmServiceAddresses.addresses };
          this.announce(this.t('addressesConfirmed'));
          toStatus();
        } catch (err) {
          this.showError(err, { fields: indexed });
        }
      });
    });
    append(body, form);
    return section;
  }

  // --- step 6 and 7: status, settlement, rating; the seller's answers ------------------------------

  private renderSellerList(): HTMLElement {
    const { section, body } = this.section('sellerHeading', 'sellerExplain');
    if (this.disputes.length === 0) {
      append(body, h('p', {}, this.t('sellerNone')));
      return section;
    }
    append(body, h('ul', { class: 'plain' }, this.disputes.map((d) => h('li', {},
      h('p', {}, h('strong', {}, d.title)),
      h('p', { class: 'muted' }, `${this.t('statusLabel')}: ${tDynamic(this.t, `status_${d.status}`, d.status)} · ${this.t('filedLabel')}: ${this.date(d.filedAt, false)}`),
      h('button', { type: 'button', class: 'secondary', onclick: () => this.go({ name: 'status', disputeId: d.id }) }, this.t('showDispute', { title: d.title })),
    ))));
    return section;
  }

  private renderStatus(disputeId: string): HTMLElement {
    const seller = this.side === 'seller';
    const { section, body } = this.section(seller ? 'sellerStatusHeading' : 'statusHeading', 'statusExplain');
    const liveLine = h('p', { class: 'muted', 'data-live': '' }, this.live ? this.t('liveOn') : '');
    append(body, liveLine, h('div', { 'data-blocks': '' }, h('p', { class: 'muted' }, this.t('loading'))));
    this.startFeed(disputeId);
    if (this.dispute?.id === disputeId) {
      // Render what we know at once, then refresh.
      queueMicrotask(() => this.renderStatusBlocks());
    }
    void this.reloadDispute(disputeId);
    return section;
  }

  private noteStatus(disputeId: string, status: DisputeStatus): void {
    const before = this.lastStatus.get(disputeId);
    if (before === status) return;
    this.lastStatus.set(disputeId, status);
    this.emit('fq-status', { disputeId, status });
    if (before !== undefined) this.announce(this.t('statusChanged', { status: tDynamic(this.t, `status_${status}`, status) }));
  }

  private async reloadDispute(disputeId: string): Promise<void> {
    const generation = this.generation;
    try {
      const { dispute } = await this.hub!.request<{ dispute: Dispute | null }>('EStationDispute', { id: disputeId });
      if (generation !== this.generation) return;
      if (!dispute) throw new HubError('NOT_FOUND', `dispute ${disputeId} not found`);
      // Keep timeline entries the feed delivered that the read did not have yet.
      const known = this.dispute?.id === disputeId ? this.dispute.timeline : [];
      const ids = new Set(dispute.timeline.map((e) => e.id));
      const merged = [...dispute.timeline, ...known.filter((e) => !ids.has(e.id))].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
      this.dispute = { ...dispute, timeline: merged };
      this.noteStatus(dispute.id, dispute.status);
      this.renderStatusBlocks();
      this.schedulePoll();
    } catch (err) {
      if (generation !== this.generation) return;
      this.showError(err, { retry: () => void this.reloadDispute(disputeId) });
    }
  }

  private scheduleReload(disputeId: string): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reloadDispute(disputeId), 300);
  }

  private schedulePoll(): void {
    const d = this.dispute;
    const wanted = this.view.name === 'status' && d && (d.status === 'IN_MEDIATION' || d.status === 'NEGOTIATING');
    if (!wanted && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    } else if (wanted && !this.pollTimer) {
      this.pollTimer = setInterval(() => {
        if (this.view.name !== 'status' || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return;
        void this.reloadDispute(this.view.disputeId);
      }, POLL_MS);
    }
  }

  private startFeed(disputeId: string): void {
    if (this.feedDisputeId === disputeId && this.feed) return;
    this.stopFeed();
    this.feedDisputeId = disputeId;
    this.feed = new LiveFeed<DisputeUpdate>(this.hub!, 'EStationDisputeUpdated', { id: disputeId }, {
      next: (update) => this.onUpdate(disputeId, update),
      error: (err) => {
        this.live = false;
        this.updateLiveLine();
        this.reportError(err);
      },
      connection: (live) => {
        this.live = live;
        this.updateLiveLine();
      },
    });
    this.feed.start();
  }

  private stopFeed(): void {
    this.feed?.stop();
    this.feed = null;
    this.feedDisputeId = null;
    this.live = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private updateLiveLine(): void {
    const line = this.main.querySelector<HTMLElement>('[data-live]');
    if (line) line.textContent = this.live ? this.t('liveOn') : this.feed ? this.t('liveReconnecting') : '';
  }

  private onUpdate(disputeId: string, update: DisputeUpdate): void {
    if (update.resync) {
      this.scheduleReload(disputeId);
      return;
    }
    const d = this.dispute?.id === disputeId ? this.dispute : null;
    if (d) {
      if (update.event && !d.timeline.some((e) => e.id === update.event!.id)) d.timeline = [...d.timeline, update.event];
      if (update.dispute) {
        d.status = update.dispute.status;
        d.track = update.dispute.track;
      }
    }
    if (update.dispute) this.noteStatus(disputeId, update.dispute.status);
    if (this.view.name === 'status' && this.view.disputeId === disputeId) this.renderStatusBlocks();
    if (update.event && update.event.kind !== 'NOTE') this.scheduleReload(disputeId);
  }

  /** Re-renders the status blocks, each only when what it shows changed (forms keep what was typed). */
  private renderStatusBlocks(): void {
    const container = this.main.querySelector<HTMLElement>('[data-blocks]');
    const d = this.dispute;
    if (!container || !d || this.view.name !== 'status' || this.view.disputeId !== d.id) return;
    if (container.querySelector(':scope > p.muted') && !container.querySelector('[data-block]')) container.replaceChildren();
    const blocks: Array<[string, unknown, () => HTMLElement | null]> = [
      ['summary', [d.title, d.status, d.track, d.claimAmount, d.filedAt], () => this.summaryBlock(d)],
      ['route', [d.status, this.side], () => this.routeBlock(d)],
      ['negotiation', d.negotiation, () => (d.negotiation ? this.negotiationBlock(d, d.negotiation) : null)],
      ['mediation', d.mediation && [d.mediation.status, d.mediation.organization, d.mediation.mediator], () => (d.mediation ? this.mediationBlock(d.mediation) : null)],
      // The case's status decides whether the draft may still be signed: a failed or withdrawn case takes the button away.
      ['settlement', d.mediation?.settlement ? [d.mediation.status, d.mediation.settlement] : null, () => (d.mediation?.settlement ? this.settlementBlock(d.mediation) : null)],
      ['rating', d.mediation && [d.mediation.status, d.mediation.closedAt, d.mediation.ratings, d.mediation.mediator?.id], () => (d.mediation ? this.ratingBlock(d.mediation) : null)],
      ['timeline', d.timeline.map((e) => e.id), () => this.timelineBlock(d)],
      ['more', [this.side, this.disputes.length], () => this.moreBlock()],
    ];
    for (const [name, data, build] of blocks) {
      const key = `${this.language}|${JSON.stringify(data ?? null)}`;
      const existing = container.querySelector<HTMLElement>(`[data-block="${name}"]`);
      if (existing && this.blocks.get(name) === key) continue;
      this.blocks.set(name, key);
      const built = build();
      const wrapper = h('div', { 'data-block': name }, built);
      if (existing) existing.replaceWith(wrapper);
      else container.append(wrapper);
    }
  }

  private summaryBlock(d: Dispute): HTMLElement {
    return this.facts([
      [this.t('disputeLabel'), d.title],
      [this.t('statusLabel'), h('strong', {}, tDynamic(this.t, `status_${d.status}`, d.status))],
      [this.t('trackLabel'), d.track ? this.t(`track_${d.track}` as StringKey) : this.t('trackNone')],
      [this.t('filedLabel'), this.date(d.filedAt)],
      ...(d.claimAmount ? [[this.t('claimLabel'), this.money(d.claimAmount)] as [string, Child]] : []),
    ]);
  }

  private routeBlock(d: Dispute): HTMLElement | null {
    if (this.side !== 'buyer' || !ROUTABLE.includes(d.status)) return null;
    return h('div', { class: 'block' },
      h('p', {}, this.t('chooseWayExplain')),
      h('div', { class: 'actions' }, h('button', {
        type: 'button',
        onclick: () => {
          this.recommendation = undefined;
          this.go({ name: 'track' });
        },
      }, this.t('chooseWay'))),
    );
  }

  private negotiationBlock(d: Dispute, n: Negotiation): HTMLElement {
    const headingId = uid('neg');
    const block = h('section', { class: 'block', 'aria-labelledby': headingId },
      h('h3', { id: headingId, tabindex: '-1' }, this.t('negotiationHeading')),
      h('p', {}, h('strong', {}, tDynamic(this.t, `negotiation_${n.status}`, n.status))),
      h('p', { class: 'muted' }, this.t('negotiationAsked', { amount: this.money(n.requestedAmount) })),
      n.offers.length > 0
        ? h('ul', { class: 'plain' }, n.offers.map((o) => h('li', {},
          h('time', { datetime: o.at, class: 'muted' }, this.date(o.at)), ' ',
          o.accepted ? this.t('offerAccepted', { amount: this.money(o.amount), message: o.message }) : this.t('offerRefused', { message: o.message }),
        )))
        : null,
    );
    if (this.side === 'seller' && n.status === 'OPEN') append(block, this.respondForm(d, n));
    return block;
  }

  private respondForm(d: Dispute, n: Negotiation): HTMLElement {
    const fields: FieldMap = new Map();
    const name = uid('answer');
    const acceptId = uid('acc');
    const refuseId = uid('ref');
    const accept = h('input', { type: 'radio', name, id: acceptId, value: 'accept', checked: true });
    const refuse = h('input', { type: 'radio', name, id: refuseId, value: 'refuse' });
    const amount = h('input', { type: 'text', inputmode: 'decimal', name: 'offerAmount', autocomplete: 'off' });
    amount.value = n.requestedAmount;
    const message = h('textarea', { name: 'message', rows: '3', maxlength: '2000' });
    const amountField = this.field('respondAmount', amount, { required: true, name: 'offerAmount', fields });
    const toggle = () => {
      amountField.hidden = !accept.checked;
    };
    accept.addEventListener('change', toggle);
    refuse.addEventListener('change', toggle);
    const submit = h('button', { type: 'submit' }, this.t('respondSubmit'));
    const form = h('form', { novalidate: true },
      h('h4', { class: 'visually-hidden' }, this.t('respondHeading')),
      h('p', { class: 'explain' }, this.t('respondExplain', { amount: this.money(n.requestedAmount), reason: n.reason })),
      h('fieldset', {}, h('legend', {}, this.t('respondLegend')),
        h('div', { class: 'choice' }, accept, h('label', { for: acceptId }, this.t('respondAccept'))),
        h('div', { class: 'choice' }, refuse, h('label', { for: refuseId }, this.t('respondRefuse'))),
      ),
      amountField,
      this.field('respondMessage', message, { required: true, name: 'message', fields }),
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const accepted = accept.checked;
      const offer = accepted ? parseAmount(amount.value) : null;
      if (accepted && !offer) {
        this.invalid(fields, 'offerAmount', this.t('invalidAmount'));
        amount.focus();
        return;
      }
      if (!message.value.trim()) {
        this.invalid(fields, 'message', this.t('invalidRequired'));
        message.focus();
        return;
      }
      void this.busy(submit, async () => {
        try {
          const { respondToNegotiation } = await this.hub!.request<{ respondToNegotiation: Negotiation }>('EStationRespondToNegotiation', {
            id: n.id, accept: accepted, offerAmount: offer, message: message.value.trim(),
          });
          if (this.dispute?.id === d.id) this.dispute.negotiation = respondToNegotiation;
          this.announce(this.t('responded'));
          this.renderStatusBlocks();
          this.main.querySelector<HTMLElement>('[data-block="negotiation"] h3')?.focus();
          this.scheduleReload(d.id);
        } catch (err) {
          this.showError(err, { fields });
          if ((err as HubError).code === 'INVALID_TRANSITION') this.scheduleReload(d.id);
        }
      });
    });
    return form;
  }

  private mediationBlock(m: MediationCase): HTMLElement {
    const headingId = uid('med');
    return h('section', { class: 'block', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, this.t('mediationHeading')),
      this.facts([
        [this.t('statusLabel'), tDynamic(this.t, `mediation_${m.status}`, m.status)],
        [this.t('mediationOrganisation'), m.organization.name],
        [this.t('mediatorLabel'), m.mediator?.name ?? this.t('mediatorNotYet')],
      ]),
    );
  }

  private settlementBlock(m: MediationCase): HTMLElement {
    const s = m.settlement!;
    const headingId = uid('set');
    const mine = s.signatures.find((sig) => sig.side === this.mySide);
    const block = h('section', { class: 'block', 'aria-labelledby': headingId },
      h('h3', { id: headingId, tabindex: '-1' }, this.t('settlementHeading')),
      h('p', { class: 'explain' }, this.t('settlementExplain')),
      h('h4', {}, this.t('settlementTerms')),
      h('p', { class: 'terms' }, s.terms),
      s.instalments.length > 0
        ? h('div', {}, h('h4', {}, this.t('settlementInstalments')), h('ul', {}, s.instalments.map((i) => h('li', {}, this.t('instalmentLine', { n: i.number, amount: this.money(i.amount), date: i.dueDate })))))
        : null,
      h('p', { class: 'muted' }, `${this.t('settlementFingerprint')}: `, h('code', {}, s.contentHash)),
    );
    if (s.signedAt) {
      append(block, h('p', { class: 'ok' }, this.t('signedByBoth', { date: this.date(s.signedAt) })));
    } else if (mine) {
      append(block, h('p', { class: 'ok' }, this.t('signedByYou')));
    } else if (m.status === 'IN_SESSION' || m.status === 'MEDIATOR_ASSIGNED') {
      const button = h('button', { type: 'button' }, this.t('signSettlement'));
      button.addEventListener('click', () => {
        void this.busy(button, async () => {
          button.textContent = this.t('signing');
          try {
            const { signSettlement } = await this.hub!.request<{ signSettlement: MediationCase }>('EStationSignSettlement', { caseId: m.id });
            if (this.dispute?.mediation?.id === m.id) this.dispute.mediation = signSettlement;
            this.announce(this.t('settlementSigned'));
            this.renderStatusBlocks();
            this.main.querySelector<HTMLElement>('[data-block="settlement"] h3')?.focus();
            if (this.dispute) this.scheduleReload(this.dispute.id);
          } catch (err) {
            this.showError(err);
            if (this.dispute) this.scheduleReload(this.dispute.id);
          }
        });
      });
      append(block, h('div', { class: 'actions' }, button));
    }
    return block;
  }

  private ratingBlock(m: MediationCase): HTMLElement | null {
    const closed = Boolean(m.closedAt) || ['SETTLED', 'FAILED', 'WITHDRAWN'].includes(m.status);
    if (!closed || !m.mediator) return null;
    const headingId = uid('rate');
    const block = h('section', { class: 'block', 'aria-labelledby': headingId }, h('h3', { id: headingId, tabindex: '-1' }, this.t('rateHeading')));
    const mine = m.ratings.find((r) => r.side === this.mySide);
    if (mine) {
      append(block, h('p', { class: 'ok' }, this.t('ratedAlready', { score: mine.score })));
      return block;
    }
    const fields: FieldMap = new Map();
    const name = uid('score');
    const radios: HTMLInputElement[] = [];
    const fieldset = h('fieldset', {}, h('legend', {}, this.t('rateLegend')));
    for (let score = 1; score <= 5; score += 1) {
      const id = uid('s');
      const radio = h('input', { type: 'radio', name, id, value: String(score) });
      radios.push(radio);
      append(fieldset, h('div', { class: 'choice' }, radio, h('label', { for: id }, this.t('rateScore', { n: score }))));
    }
    const comment = h('textarea', { name: 'comment', rows: '3', maxlength: '2000' });
    const submit = h('button', { type: 'submit' }, this.t('rateSubmit'));
    const form = h('form', { novalidate: true },
      h('p', { class: 'explain' }, this.t('rateExplain')),
      fieldset,
      this.field('rateComment', comment, { name: 'comment', fields }),
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const score = Number(radios.find((r) => r.checked)?.value ?? 0);
      if (!score) {
        this.alertRegion.replaceChildren(h('p', {}, this.t('rateRequired')));
        radios[0]?.focus();
        return;
      }
      void this.busy(submit, async () => {
        try {
          const { rateMediator } = await this.hub!.request<{ rateMediator: MediationCase }>('EStationRateMediator', {
            caseId: m.id, score, comment: comment.value.trim() || null,
          });
          if (this.dispute?.mediation?.id === m.id) this.dispute.mediation = rateMediator;
          this.announce(this.t('rated'));
          this.renderStatusBlocks();
          this.main.querySelector<HTMLElement>('[data-block="rating"] h3')?.focus();
        } catch (err) {
          this.showError(err, { fields });
        }
      });
    });
    append(block, form);
    return block;
  }

  private timelineBlock(d: Dispute): HTMLElement {
    const headingId = uid('tl');
    const events = [...d.timeline].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    return h('section', { class: 'block', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, this.t('timelineHeading')),
      events.length === 0
        ? h('p', { class: 'muted' }, this.t('timelineEmpty'))
        : h('ol', { class: 'timeline' }, events.map((e) => h('li', {},
          h('time', { datetime: e.occurredAt }, this.date(e.occurredAt)),
          h('p', { class: 'summary' }, e.summary),
          h('p', {}, tDynamic(this.t, `kind_${e.kind}`, '')),
        ))),
    );
  }

  private moreBlock(): HTMLElement | null {
    if (this.side === 'seller') {
      if (this.disputes.length < 2) return null;
      return h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => this.go({ name: 'sellerList' }) }, this.t('backToList')));
    }
    return h('div', { class: 'actions' }, h('button', {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        this.dispute = null;
        this.go({ name: 'describe' });
      },
    }, this.t('reportAnother')));
  }
}
