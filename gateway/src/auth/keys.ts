import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { generateInternalKeyPair } from '@fengqiao/subgraph-kit';

/**
 * Local keys for running the hub on one machine: the dev key that signs client tokens
 * from `npm run token`, the gateway's internal key that signs subgraph calls, and the
 * gateway's widget key that signs E Station tokens. All are created on first start under
 * DATA_DIR/keys and never leave the machine.
 */
export const DEV_TOKEN_ALG = 'ES256';
export const DEV_ISSUER = 'fengqiao-dev';
export const HUB_AUDIENCE = 'fengqiao-hub';
/** Issuer of the short-lived party tokens the gateway itself signs for the E Station widget. */
export const WIDGET_ISSUER = 'fengqiao-hub-widget';
export const WIDGET_TOKEN_ALG = 'ES256';
export const WIDGET_KEY_ID = 'fengqiao-hub-widget';

export interface KeyFiles {
  devPrivate: string;
  devPublic: string;
  internalPrivate: string;
  internalPublic: string;
  widgetPrivate: string;
  widgetPublic: string;
}

export function keyFiles(dataDir: string): KeyFiles {
  const dir = path.join(dataDir, 'keys');
  return {
    devPrivate: path.join(dir, 'dev-signing.jwk.json'),
    devPublic: path.join(dir, 'dev-signing.public.jwk.json'),
    internalPrivate: path.join(dir, 'internal.jwk.json'),
    internalPublic: path.join(dir, 'internal.public.jwk.json'),
    widgetPrivate: path.join(dir, 'widget.jwk.json'),
    widgetPublic: path.join(dir, 'widget.public.jwk.json'),
  };
}

function readJwk(file: string): JWK | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch {
    return undefined;
  }
}

function writeSecret(file: string, jwk: JWK): void {
  writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** A new widget key pair: the gateway signs E Station tokens with it and verifies them again. */
export async function generateWidgetKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const pair = await generateKeyPair(WIDGET_TOKEN_ALG, { extractable: true });
  return {
    privateJwk: { ...(await exportJWK(pair.privateKey)), alg: WIDGET_TOKEN_ALG, kid: WIDGET_KEY_ID },
    publicJwk: { ...(await exportJWK(pair.publicKey)), alg: WIDGET_TOKEN_ALG, kid: WIDGET_KEY_ID },
  };
}

/** The public half of a private EC/OKP/RSA JWK. */
export function publicJwkOf(privateJwk: JWK): JWK {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { d, p, q, dp, dq, qi, oth, ...publicJwk } = privateJwk;
  return publicJwk;
}

/** Creates whichever local keys are missing and returns all six. */
export async function ensureLocalKeys(
  dataDir: string,
): Promise<{ devPrivate: JWK; devPublic: JWK; internalPrivate: JWK; internalPublic: JWK; widgetPrivate: JWK; widgetPublic: JWK }> {
  const files = keyFiles(dataDir);
  mkdirSync(path.dirname(files.devPrivate), { recursive: true });
  let devPrivate = readJwk(files.devPrivate);
  let devPublic = readJwk(files.devPublic);
  if (!devPrivate || !devPublic) {
    const pair = await generateKeyPair(DEV_TOKEN_ALG, { extractable: true });
    devPrivate = { ...(await exportJWK(pair.privateKey)), alg: DEV_TOKEN_ALG, kid: 'fengqiao-dev' };
    devPublic = { ...(await exportJWK(pair.publicKey)), alg: DEV_TOKEN_ALG, kid: 'fengqiao-dev' };
    writeSecret(files.devPrivate, devPrivate);
    writeFileSync(files.devPublic, JSON.stringify(devPublic));
  }
  let internalPrivate = readJwk(files.internalPrivate);
  let internalPublic = readJwk(files.internalPublic);
  if (!internalPrivate || !internalPublic) {
    const pair = await generateInternalKeyPair();
    internalPrivate = pair.privateJwk;
    internalPublic = pair.publicJwk;
    writeSecret(files.internalPrivate, internalPrivate);
    writeFileSync(files.internalPublic, JSON.stringify(internalPublic));
  }
  let widgetPrivate = readJwk(files.widgetPrivate);
  let widgetPublic = readJwk(files.widgetPublic);
  if (!widgetPrivate || !widgetPublic) {
    const pair = await generateWidgetKeyPair();
    widgetPrivate = pair.privateJwk;
    widgetPublic = pair.publicJwk;
    writeSecret(files.widgetPrivate, widgetPrivate);
    writeFileSync(files.widgetPublic, JSON.stringify(widgetPublic));
  }
  return { devPrivate, devPublic, internalPrivate, internalPublic, widgetPrivate, widgetPublic };
}

export { readJwk };
