import { append, h, uid } from '../dom.js';
import { HubError } from '../errors.js';
import { formatBytes, hashPrefix, mediaTypeOf, newIdempotencyKey, sha256OfBlob } from '../hash.js';
import type { Evidence } from '../types.js';
import { field } from '../ui/field.js';
import { section } from '../ui/section.js';
import type { EvidenceItem, ViewContext } from '../view-context.js';

/** Step 3: files are fingerprinted in the browser and their fingerprints recorded as evidence. */
export function renderEvidence(ctx: ViewContext): HTMLElement {
  const { t, state } = ctx;
  const { section: el, body } = section(t, 'evidenceHeading', 'evidenceExplain');
  const input = h('input', { type: 'file', multiple: true, name: 'files' });
  const listId = uid('files');
  const list = h('ul', { class: 'files', id: listId, 'aria-label': t('evidenceList') });
  const none = h('p', { class: 'muted' }, t('evidenceNone'));
  const renderList = () => {
    none.hidden = state.evidenceItems.length > 0;
    list.replaceChildren(...state.evidenceItems.map((item) => renderEvidenceItem(ctx, item, renderList)));
  };
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = '';
    for (const file of files) {
      const item: EvidenceItem = { key: uid('ev'), file, status: 'hashing', idempotencyKey: newIdempotencyKey() };
      state.evidenceItems.push(item);
      void processEvidence(ctx, item, renderList);
    }
    renderList();
  });
  const next = h('button', {
    type: 'button',
    onclick: () => {
      if (state.evidenceItems.some((i) => i.status === 'hashing' || i.status === 'submitting')) {
        ctx.alert(t('evidenceBusy'));
        return;
      }
      ctx.clearAlert();
      ctx.go({ name: 'track' });
    },
  }, t('continue'));
  append(body,
    field(t, 'fieldFiles', input, { hint: t('fieldFilesHint') }),
    none,
    list,
    h('div', { class: 'actions' }, next),
  );
  renderList();
  return el;
}

function renderEvidenceItem(ctx: ViewContext, item: EvidenceItem, rerender: () => void): HTMLElement {
  const { t } = ctx;
  const statusText = {
    hashing: t('evidenceHashing'),
    submitting: t('evidenceSubmitting'),
    submitted: t('evidenceSubmitted'),
    failed: t('evidenceFailed'),
  }[item.status];
  return h('li', {},
    h('p', {}, h('strong', {}, item.file.name)),
    h('p', { class: 'muted' }, `${t('evidenceSize')}: ${formatBytes(item.file.size, ctx.language)}`),
    // The whole fingerprint, so the user can compare it with another copy; the first characters stand out.
    item.sha256 ? h('p', { class: 'muted' }, `${t('evidenceFingerprint')}: `, h('code', { class: 'hash' }, h('strong', {}, hashPrefix(item.sha256)), item.sha256.slice(hashPrefix(item.sha256).length))) : null,
    h('p', { class: item.status === 'submitted' ? 'ok' : item.status === 'failed' ? 'bad' : 'muted' }, statusText),
    item.status === 'failed'
      ? h('button', { type: 'button', class: 'secondary', onclick: () => void processEvidence(ctx, item, rerender) }, t('evidenceRetry', { name: item.file.name }))
      : null,
  );
}

async function processEvidence(ctx: ViewContext, item: EvidenceItem, rerender: () => void): Promise<void> {
  const dispute = ctx.state.dispute;
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
    const { submitEvidence } = await ctx.hub.request<{ submitEvidence: Evidence }>('EStationSubmitEvidence', { input, idempotencyKey: item.idempotencyKey });
    item.evidence = submitEvidence;
    item.status = 'submitted';
    ctx.announce(ctx.t('evidenceRecorded', { name: item.file.name }));
  } catch (err) {
    item.status = 'failed';
    const code = (err as { code?: unknown }).code;
    ctx.showError(code === 'BROWSER' ? new HubError('BROWSER', String((err as Error).message)) : err);
  }
  if (ctx.view.name === 'evidence') rerender();
}
