/**
 * The widget's styles, inside its shadow root. Themable with custom properties set on the
 * element; the defaults meet WCAG AA (text ≥ 4.5:1 on the surface; white on the accent 6.9:1).
 */
export const STYLES = `
:host {
  --_accent: var(--fq-accent, #0b57a4);
  --_accent-contrast: var(--fq-accent-contrast, #ffffff);
  --_surface: var(--fq-surface, #ffffff);
  --_text: var(--fq-text, #1b1f24);
  --_muted: var(--fq-muted, #4f5862);
  --_radius: var(--fq-radius, 8px);
  --_font: var(--fq-font, system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif);
  --_error: #b3261e;
  --_ok: #1e6b34;
  --_line: color-mix(in srgb, var(--_text) 22%, var(--_surface));
  display: block;
  color: var(--_text);
  background: var(--_surface);
  font-family: var(--_font);
  font-size: 1rem;
  line-height: 1.5;
  border-radius: var(--_radius);
  min-width: 0;
  max-width: 100%;
  overflow-wrap: anywhere;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.fq { padding: 16px; border: 1px solid var(--_line); border-radius: var(--_radius); }
@media (max-width: 420px) { .fq { padding: 12px; } }
.brand { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 12px; align-items: baseline; margin: 0 0 8px; }
.brand strong { font-size: 1rem; }
.muted, .hint { color: var(--_muted); }
.hint { font-size: 0.9rem; margin: 2px 0 6px; }
h2 { font-size: 1.25rem; margin: 8px 0; line-height: 1.3; }
h3 { font-size: 1.05rem; margin: 16px 0 6px; }
h2:focus, h3:focus { outline: none; }
h2:focus-visible, h3:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
p { margin: 6px 0; }
.explain { background: color-mix(in srgb, var(--_accent) 7%, var(--_surface)); border-left: 4px solid var(--_accent); padding: 8px 12px; border-radius: 0 var(--_radius) var(--_radius) 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 10px 0; }
dl.facts dt { color: var(--_muted); }
dl.facts dd { margin: 0; }
@media (max-width: 420px) { dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 6px; } }
.field { margin: 12px 0; }
label, legend { font-weight: 600; display: block; }
fieldset { border: 1px solid var(--_line); border-radius: var(--_radius); padding: 8px 12px; margin: 12px 0; min-width: 0; }
legend { padding: 0 4px; }
input[type="text"], input[type="email"], input[type="tel"], input:not([type]), textarea, select {
  width: 100%; max-width: 100%; font: inherit; color: var(--_text); background: var(--_surface);
  border: 1px solid color-mix(in srgb, var(--_text) 55%, var(--_surface)); border-radius: calc(var(--_radius) / 2); padding: 8px 10px; min-height: 44px;
}
textarea { min-height: 110px; resize: vertical; }
input[type="file"] { font: inherit; max-width: 100%; }
input[aria-invalid="true"], textarea[aria-invalid="true"], select[aria-invalid="true"] { border: 2px solid var(--_error); }
.choice { display: flex; gap: 10px; align-items: flex-start; padding: 8px 0; border-top: 1px solid var(--_line); }
.choice:first-of-type { border-top: 0; }
.choice input { width: 22px; height: 22px; margin: 2px 0 0; flex: none; accent-color: var(--_accent); }
.choice label { font-weight: 600; display: inline; }
.choice .desc { font-weight: 400; }
.choice .desc p { margin: 2px 0; }
.badge { display: inline-block; margin-left: 6px; padding: 0 8px; border-radius: 999px; background: var(--_accent); color: var(--_accent-contrast); font-size: 0.85rem; font-weight: 600; }
.check { display: flex; gap: 10px; align-items: flex-start; }
.check input { width: 22px; height: 22px; margin: 2px 0 0; flex: none; accent-color: var(--_accent); }
.check label { font-weight: 600; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0 4px; }
button {
  font: inherit; font-weight: 600; min-height: 44px; padding: 8px 16px; cursor: pointer;
  border-radius: var(--_radius); border: 2px solid var(--_accent);
  background: var(--_accent); color: var(--_accent-contrast);
}
button.secondary { background: var(--_surface); color: var(--_accent); }
button[disabled] { opacity: 0.6; cursor: not-allowed; }
button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible, a:focus-visible {
  outline: 3px solid var(--_accent); outline-offset: 2px; box-shadow: 0 0 0 5px var(--_surface);
}
input[type="radio"]:focus-visible, input[type="checkbox"]:focus-visible { outline-offset: 3px; }
.error-text { color: var(--_error); font-weight: 600; margin: 4px 0 0; }
.alert:empty { display: none; }
.alert { color: var(--_error); border: 2px solid var(--_error); border-radius: var(--_radius); padding: 8px 12px; margin: 8px 0; background: var(--_surface); }
.alert p { margin: 2px 0; }
.status-line { min-height: 1.5em; color: var(--_ok); font-weight: 600; margin: 4px 0; }
.status-line:empty { min-height: 0; margin: 0; }
ul.files, ol.timeline, ul.plain { list-style: none; padding: 0; margin: 8px 0; }
ul.files li, ol.timeline li, ul.plain li { border: 1px solid var(--_line); border-radius: var(--_radius); padding: 8px 12px; margin: 6px 0; }
ol.timeline time { color: var(--_muted); font-size: 0.9rem; }
ol.timeline .summary { font-weight: 600; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.terms { white-space: pre-line; border: 1px solid var(--_line); border-radius: var(--_radius); padding: 8px 12px; }
.statement { white-space: pre-line; border: 1px solid var(--_line); border-radius: var(--_radius); padding: 8px 12px; max-height: 16em; overflow: auto; }
.ok { color: var(--_ok); font-weight: 600; }
.bad { color: var(--_error); font-weight: 600; }
.block { border-top: 1px solid var(--_line); margin-top: 12px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-reduced-motion: no-preference) { button { transition: background-color 0.15s; } }
@media (forced-colors: active) { .badge, button { border: 1px solid ButtonText; } }
`;
