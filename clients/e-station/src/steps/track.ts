import { append, h, uid } from '../dom.js';
import { tDynamic, type StringKey } from '../strings/index.js';
import { TRACKS, type Dispute, type DisputeStatus, type Me, type Recommendation, type Track } from '../types.js';
import { hubText } from '../ui/hub-text.js';
import { section } from '../ui/section.js';
import type { ViewContext } from '../view-context.js';

/** Step 4: the hub's recommendation and the buyer's choice of a way to resolve the dispute. */
export function renderTrack(ctx: ViewContext): HTMLElement {
  const { t, state } = ctx;
  const { section: el, body } = section(t, 'trackHeading', 'trackExplain');
  const dispute = state.dispute;
  if (!dispute) return el;
  if (state.recommendation === undefined) {
    append(body, h('p', { class: 'muted' }, t('loading')));
    loadRecommendation(ctx, dispute);
    return el;
  }
  const rec = state.recommendation;
  const court = rec?.court ?? null;
  let options: Track[];
  if (rec) {
    options = [rec.track, ...rec.alternatives].filter((tr, i, all) => all.indexOf(tr) === i);
  } else {
    options = dispute.status === 'FILED' ? ['NEGOTIATION', 'MEDIATION'] : ['MEDIATION'];
  }
  const litigationWithheld = options.includes('LITIGATION') && !court;
  if (litigationWithheld) options = options.filter((tr) => tr !== 'LITIGATION');
  options.sort((a, b) => (a === rec?.track ? -1 : b === rec?.track ? 1 : TRACKS.indexOf(a) - TRACKS.indexOf(b)));

  if (!rec) append(body, h('p', {}, t('noRecommendation')));
  else {
    append(body,
      h('h3', {}, t('whyHeading')),
      // The triage rules explain themselves in English.
      h('ul', {}, rec.reasons.map((r) => hubText(ctx.language, 'li', r.explanation))),
      rec.advice.length > 0 ? h('ul', {}, rec.advice.map((a) => h('li', {}, tDynamic(t, `advice_${a}`, a)))) : null,
    );
  }
  const fieldset = h('fieldset', {}, h('legend', {}, t('trackLegend')));
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
    const courtName = court ? (ctx.language === 'en' ? court.englishName || court.name : court.name) : '';
    append(fieldset, h('div', { class: 'choice' },
      radio,
      h('div', {},
        h('label', { for: id }, t(`track_${track}` as StringKey)),
        recommended ? h('span', { class: 'badge', id: badgeId }, t('recommendedBadge')) : null,
        h('div', { class: 'desc', id: descId },
          h('p', {}, t(`track_${track}_what` as StringKey)),
          h('p', { class: 'muted' }, `${t('trackCost')}: ${t(`track_${track}_cost` as StringKey)}`),
          h('p', { class: 'muted' }, `${t('trackOther')}: ${t(`track_${track}_other` as StringKey)}`),
          track === 'LITIGATION' && court ? h('p', {}, t('litigationCourt', { court: courtName })) : null,
        ),
      ),
    ));
  }
  if (litigationWithheld || (rec && !options.includes('LITIGATION') && rec.alternatives.includes('LITIGATION'))) {
    append(fieldset, h('p', { class: 'muted' }, t('litigationUnavailable')));
  }
  const submit = h('button', { type: 'submit' }, t('chooseTrack'));
  const form = h('form', { novalidate: true }, fieldset, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = radios.find((r) => r.checked)?.value as Track | undefined;
    if (!chosen) {
      ctx.alert(t('chooseTrackRequired'));
      radios[0]?.focus();
      return;
    }
    const destination = chosen === 'LITIGATION' && court ? { bodyId: court.id } : null;
    const payload = { disputeId: dispute.id, track: chosen, destination };
    const idempotencyKey = ctx.keyFor(`route:${dispute.id}`, payload);
    void ctx.busy(submit, async () => {
      submit.textContent = t('routing');
      try {
        const { routeDispute } = await ctx.hub.request<{ routeDispute: Dispute }>('EStationRouteDispute', {
          ...payload,
          reason: 'Chosen by the claimant in the Fengqiao E Station',
          idempotencyKey,
        });
        state.dispute = routeDispute;
        ctx.noteStatus(routeDispute.id, routeDispute.status);
        ctx.emit('fq-track-chosen', { disputeId: dispute.id, track: chosen });
        ctx.announce(t('trackChosen', { track: t(`track_${chosen}` as StringKey) }));
        await afterRouting(ctx, routeDispute.id);
      } catch (err) {
        ctx.showError(err);
      }
    });
  });
  append(body, form);
  return el;
}

/** Asks for the recommendation once, then renders the step again (keeping focus on its heading). */
function loadRecommendation(ctx: ViewContext, dispute: Dispute): void {
  const generation = ctx.generation;
  ctx.hub.request<{ dispute: { id: string; status: DisputeStatus; recommendation: Recommendation | null } | null }>('EStationRecommendation', { id: dispute.id }).then(
    ({ dispute: d }) => {
      if (generation !== ctx.generation || ctx.view.name !== 'track') return;
      ctx.state.recommendation = d?.recommendation ?? null;
      if (d) ctx.state.dispute = { ...dispute, status: d.status };
      const focused = ctx.root.activeElement;
      ctx.rerender();
      if (focused && (focused as HTMLElement).tagName === 'H2') ctx.focusHeading(ctx.main);
    },
    (err: unknown) => {
      if (generation !== ctx.generation) return;
      ctx.showError(err, { retry: () => ctx.rerender() });
    },
  );
}

/** Step 5 when the buyer has no confirmed service address yet, else straight to the status. */
async function afterRouting(ctx: ViewContext, disputeId: string): Promise<void> {
  try {
    const data = await ctx.hub.request<{ serviceAddressStatement: string; me: Me | null }>('EStationServiceAddresses');
    ctx.state.statement = data.serviceAddressStatement;
    ctx.state.me = data.me;
    if (data.me && data.me.serviceAddresses.length === 0) {
      ctx.go({ name: 'addresses' });
      return;
    }
  } catch {
    // The addresses can be confirmed later; the status matters more now.
  }
  ctx.go({ name: 'status', disputeId });
}
