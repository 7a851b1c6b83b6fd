/**
 * The Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking): `fetch`
 * refuses them before connecting — Node's as well as every browser's. The gateway calls
 * subgraphs with `fetch`, and browsers call the gateway, so a hub process listening on one
 * of them would look down although it runs. Configuration refuses them at start instead.
 */
export const FETCH_BLOCKED_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113,
  115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556,
  563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
  6668, 6669, 6679, 6697, 10080,
]);

/** Why `port` cannot be used, for a configuration error; undefined when it can. */
export function blockedPortProblem(port: number): string | undefined {
  if (!FETCH_BLOCKED_PORTS.has(port)) return undefined;
  return `port ${port} is on the Fetch standard's blocked list (https://fetch.spec.whatwg.org/#port-blocking): fetch() and browsers refuse to connect to it; choose another`;
}

/** The port an http(s) URL connects to, its scheme's default when it names none. */
export function portOfUrl(url: string): number | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.port) return Number(parsed.port);
    return parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 443 : 80;
  } catch {
    return undefined;
  }
}

/** A connection URL fit for a log or a terminal: the password, if any, replaced by `***`. */
export function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password && !parsed.searchParams.has('password')) return url;
    if (parsed.password) parsed.password = '***';
    // libpq also takes the password as a parameter.
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    // Not a URL we can parse: show nothing of it rather than risk a secret.
    return '(an unparsable URL)';
  }
}
