// The shop's HTML: server-rendered, no script of its own — the only script on the page is the
// Fengqiao E Station. Simplified Chinese by default; Traditional Chinese and English by ?lang=.
import { LANGS, PLATFORM, STORE, type DemoUser, type Lang, type Localized, type ShopOrder } from './catalog.js';

const T = {
  skip: { 'zh-Hans': '跳到主要内容', 'zh-Hant': '跳到主要內容', en: 'Skip to main content' },
  nav: { 'zh-Hans': '商城导航', 'zh-Hant': '商城導覽', en: 'Shop navigation' },
  myOrders: { 'zh-Hans': '我的订单', 'zh-Hant': '我的訂單', en: 'My orders' },
  storeOrders: { 'zh-Hans': '店铺订单', 'zh-Hant': '店鋪訂單', en: 'Store orders' },
  signedInAs: { 'zh-Hans': '当前身份', 'zh-Hant': '目前身分', en: 'Signed in as' },
  switchUser: { 'zh-Hans': '切换身份', 'zh-Hant': '切換身分', en: 'Switch user' },
  language: { 'zh-Hans': '语言', 'zh-Hant': '語言', en: 'Language' },
  demoNote: {
    'zh-Hans': '演示商城：所有商家、订单与人物均为虚构。',
    'zh-Hant': '示範商城：所有商家、訂單與人物均為虛構。',
    en: 'Demo shop: every store, order and person here is fictional.',
  },
  orderDetails: { 'zh-Hans': '订单详情', 'zh-Hant': '訂單詳情', en: 'Order details' },
  orderNumber: { 'zh-Hans': '订单号', 'zh-Hant': '訂單編號', en: 'Order number' },
  placedAt: { 'zh-Hans': '下单时间', 'zh-Hant': '下單時間', en: 'Placed' },
  store: { 'zh-Hans': '店铺', 'zh-Hant': '店鋪', en: 'Store' },
  quantity: { 'zh-Hans': '数量', 'zh-Hant': '數量', en: 'Quantity' },
  paid: { 'zh-Hans': '实付金额', 'zh-Hant': '實付金額', en: 'Amount paid' },
  status: { 'zh-Hans': '订单状态', 'zh-Hant': '訂單狀態', en: 'Status' },
  delivered: { 'zh-Hans': '已签收', 'zh-Hant': '已簽收', en: 'Delivered' },
  view: { 'zh-Hans': '查看订单', 'zh-Hant': '查看訂單', en: 'View order' },
  back: { 'zh-Hans': '返回订单列表', 'zh-Hant': '返回訂單列表', en: 'Back to orders' },
  help: { 'zh-Hans': '售后与纠纷解决', 'zh-Hant': '售後與糾紛解決', en: 'After-sales and dispute resolution' },
  helpIntro: {
    'zh-Hans': '订单有问题？在枫桥 E 站在线反映，协商、调解、仲裁或诉讼，全程无需重复提交。',
    'zh-Hant': '訂單有問題？在楓橋 E 站線上反映，協商、調解、仲裁或訴訟，全程無需重複提交。',
    en: 'A problem with this order? Report it at the Fengqiao E Station: negotiation, mediation, arbitration or court, without filing it again.',
  },
  noOrders: { 'zh-Hans': '暂无订单。', 'zh-Hant': '暫無訂單。', en: 'No orders yet.' },
  notFound: { 'zh-Hans': '找不到该订单', 'zh-Hant': '找不到該訂單', en: 'Order not found' },
  messages: { 'zh-Hans': '短信与站内信（演示）', 'zh-Hant': '簡訊與站內信（示範）', en: 'Messages (demo)' },
  messagesNewTab: { 'zh-Hans': '（在新标签页打开）', 'zh-Hant': '（在新分頁開啟）', en: '(opens in a new tab)' },
  messagesTo: { 'zh-Hans': '发给{name}的消息', 'zh-Hant': '發給{name}的訊息', en: 'Messages to {name}' },
  messagesIntro: {
    'zh-Hans': '演示环境不会真的发送短信或邮件：这里列出本应发给您的消息，最新的在前。签署调解协议或确认送达地址时，验证码就在这里。',
    'zh-Hant': '示範環境不會真的發送簡訊或郵件：這裡列出本應發給您的訊息，最新的在前。簽署調解協議或確認送達地址時，驗證碼就在這裡。',
    en: 'The demo hub sends no real SMS or e-mail: here is what it would have sent you, newest first. When you sign a settlement or confirm your addresses, the code is here.',
  },
  messagesNone: { 'zh-Hans': '暂无消息。', 'zh-Hant': '暫無訊息。', en: 'No messages yet.' },
  messagesRefresh: { 'zh-Hans': '刷新', 'zh-Hant': '重新整理', en: 'Refresh' },
  messagesUnavailable: { 'zh-Hans': '暂时无法读取消息。', 'zh-Hant': '暫時無法讀取訊息。', en: 'The messages cannot be read at the moment.' },
  sentTo: { 'zh-Hans': '发至', 'zh-Hant': '發至', en: 'To' },
  channel_MOBILE: { 'zh-Hans': '短信', 'zh-Hant': '簡訊', en: 'SMS' },
  channel_EMAIL: { 'zh-Hans': '电子邮件', 'zh-Hant': '電子郵件', en: 'E-mail' },
  channel_IN_APP: { 'zh-Hans': '站内信', 'zh-Hant': '站內信', en: 'Hub inbox' },
  channel_POSTAL: { 'zh-Hans': '挂号信', 'zh-Hant': '掛號信', en: 'Registered post' },
} satisfies Record<string, Localized>;

const LANG_NAMES: Localized = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const money = (amount: string, lang: Lang) => new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' }).format(Number(amount));
const when = (iso: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --brand: #a4262c; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: var(--ink); background: var(--bg); }
a { color: #0b57d0; }
.skip { position: absolute; left: -9999px; }
.skip-note { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem 1rem; z-index: 10; }
header { background: var(--brand); color: #fff; }
header .bar { max-width: 60rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; justify-content: space-between; }
header a { color: #fff; }
.brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; }
header nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: 0; padding: 0; }
header form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0; }
header select, header button { font: inherit; padding: .2rem .4rem; }
.langs { display: flex; gap: .75rem; flex-wrap: wrap; list-style: none; margin: 0; padding: 0; }
.langs a[aria-current] { font-weight: 700; text-decoration: none; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
.product { display: flex; gap: 1rem; align-items: flex-start; }
.thumb { font-size: 3rem; line-height: 1; flex: none; }
.product h2 { overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.price { font-size: 1.25rem; font-weight: 700; color: var(--brand); }
ul.orders { list-style: none; margin: 0; padding: 0; }
ul.orders li { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.muted { color: var(--muted); }
ul.messages { list-style: none; margin: 0; padding: 0; }
ul.messages .muted { margin: 0; }
.message-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: .5rem 0 0; }
footer { max-width: 60rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: .875rem; }
fengqiao-e-station { display: block; max-width: 100%; }
`;

export interface PageContext {
  lang: Lang;
  user: DemoUser;
  /** The users the switcher offers. */
  users: readonly DemoUser[];
  /** The path of this page, for the user switcher to come back to. */
  path: string;
  /** Whether the demo's message log can be shown (a hub not in production, with a token to read it). */
  messages?: boolean;
}

function layout(ctx: PageContext, title: string, body: string): string {
  const { lang, user } = ctx;
  const langLinks = LANGS.map(
    (l) => `<li><a href="${escapeHtml(ctx.path)}?lang=${l}" lang="${l}" hreflang="${l}"${l === lang ? ' aria-current="true"' : ''}>${LANG_NAMES[l]}</a></li>`,
  ).join('');
  const userOptions = ctx.users
    .map((u) => `<option value="${u.key}"${u.key === user.key ? ' selected' : ''}>${escapeHtml(u.name[lang])}</option>`)
    .join('');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(PLATFORM.name[lang])}</title>
<style>${STYLE}</style>
<script src="/e-station.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${T.skip[lang]}</a>
<header>
  <div class="bar">
    <a class="brand" href="/">${escapeHtml(PLATFORM.name[lang])}</a>
    <nav aria-label="${T.nav[lang]}">
      <ul><li><a href="/">${user.key === 'seller' ? T.storeOrders[lang] : T.myOrders[lang]}</a></li>${
        ctx.messages ? `<li><a href="/messages" target="_blank" rel="noopener">${T.messages[lang]}<span class="skip-note"> ${T.messagesNewTab[lang]}</span></a></li>` : ''
      }</ul>
    </nav>
    <form method="post" action="/session">
      <label for="demo-user">${T.signedInAs[lang]}</label>
      <select id="demo-user" name="user">${userOptions}</select>
      <input type="hidden" name="return" value="${escapeHtml(ctx.path)}">
      <button type="submit">${T.switchUser[lang]}</button>
    </form>
    <nav aria-label="${T.language[lang]}"><ul class="langs">${langLinks}</ul></nav>
  </div>
</header>
<main id="main">
${body}
</main>
<footer><p>${T.demoNote[lang]}</p></footer>
</body>
</html>`;
}

export function ordersPage(ctx: PageContext, orders: ShopOrder[]): string {
  const { lang } = ctx;
  const title = ctx.user.key === 'seller' ? T.storeOrders[lang] : T.myOrders[lang];
  const items = orders
    .map(
      (o) => `<li class="card">
  <span class="thumb" aria-hidden="true">${o.emoji}</span>
  <div>
    <h2><a href="/orders/${encodeURIComponent(o.id)}">${escapeHtml(o.product[lang])} × ${o.quantity}</a></h2>
    <p class="muted">${T.orderNumber[lang]} ${escapeHtml(o.orderNumber)} · ${when(o.placedAt, lang)} · ${escapeHtml(STORE.name[lang])}</p>
  </div>
  <span class="price">${money(o.amount, lang)}</span>
</li>`,
    )
    .join('\n');
  return layout(ctx, title, `<h1>${title}</h1>\n${orders.length ? `<ul class="orders">${items}</ul>` : `<p>${T.noOrders[lang]}</p>`}`);
}

export interface WidgetAttributes {
  gateway: string;
  platform: string;
  tokenEndpoint: string;
}

export function orderPage(ctx: PageContext, order: ShopOrder, widget: WidgetAttributes): string {
  const { lang } = ctx;
  const side = ctx.user.key === 'seller' ? 'seller' : 'buyer';
  const body = `<p><a href="/">${T.back[lang]}</a></p>
<h1>${T.orderDetails[lang]}</h1>
<section class="card" aria-labelledby="product-name">
  <div class="product">
    <span class="thumb" aria-hidden="true">${order.emoji}</span>
    <div>
      <h2 id="product-name">${escapeHtml(order.product[lang])}</h2>
      <p class="price">${money(order.amount, lang)}</p>
    </div>
  </div>
  <dl class="facts">
    <dt>${T.store[lang]}</dt><dd>${escapeHtml(STORE.name[lang])}</dd>
    <dt>${T.quantity[lang]}</dt><dd>${order.quantity}</dd>
    <dt>${T.paid[lang]}</dt><dd>${money(order.amount, lang)}</dd>
    <dt>${T.orderNumber[lang]}</dt><dd>${escapeHtml(order.orderNumber)}</dd>
    <dt>${T.placedAt[lang]}</dt><dd>${when(order.placedAt, lang)}</dd>
    <dt>${T.status[lang]}</dt><dd>${T.delivered[lang]}</dd>
  </dl>
</section>
<section class="card" aria-labelledby="help-heading">
  <h2 id="help-heading">${T.help[lang]}</h2>
  <p>${T.helpIntro[lang]}</p>
  <fengqiao-e-station
    gateway="${escapeHtml(widget.gateway)}"
    platform="${escapeHtml(widget.platform)}"
    order="${escapeHtml(order.id)}"
    side="${side}"
    token-endpoint="${escapeHtml(widget.tokenEndpoint)}"
    lang="${lang}"
  ></fengqiao-e-station>
</section>`;
  return layout(ctx, `${T.orderDetails[lang]} ${order.orderNumber}`, body);
}

/** One message the demo's simulated providers sent (the hub's devMessageLog). */
export interface DemoMessage {
  channel: 'MOBILE' | 'EMAIL' | 'IN_APP' | 'POSTAL';
  sentTo: string;
  text: string;
  sentAt: string;
}

/** 13857901234 → 138****1234: enough to recognise one's own number on a shared screen. */
export function maskAddress(channel: DemoMessage['channel'], address: string): string {
  if (channel === 'MOBILE' && address.length >= 8) return `${address.slice(0, address.length - 8)}****${address.slice(-4)}`;
  return address;
}

/**
 * The signed-in person's messages from the demo's message log: the SMS and inbox messages the
 * simulated providers "sent", where someone trying the demo reads a confirmation code.
 */
export function messagesPage(ctx: PageContext, messages: DemoMessage[] | null): string {
  const { lang } = ctx;
  const title = T.messagesTo[lang].replace('{name}', ctx.user.name[lang]);
  const items = (messages ?? [])
    .map((m) => `<li class="card">
  <p class="muted">${T.sentTo[lang]} ${escapeHtml(maskAddress(m.channel, m.sentTo))} · ${T[`channel_${m.channel}` as const][lang]} · ${when(m.sentAt, lang)}</p>
  <p class="message-text">${escapeHtml(m.text)}</p>
</li>`)
    .join('\n');
  const list = messages === null ? `<p>${T.messagesUnavailable[lang]}</p>` : messages.length ? `<ul class="messages">${items}</ul>` : `<p>${T.messagesNone[lang]}</p>`;
  return layout(ctx, title, `<h1>${escapeHtml(title)}</h1>
<p>${T.messagesIntro[lang]}</p>
<p><a href="/messages">${T.messagesRefresh[lang]}</a></p>
${list}`);
}

export function notFoundPage(ctx: PageContext): string {
  return layout(ctx, T.notFound[ctx.lang], `<h1>${T.notFound[ctx.lang]}</h1>\n<p><a href="/">${T.back[ctx.lang]}</a></p>`);
}
