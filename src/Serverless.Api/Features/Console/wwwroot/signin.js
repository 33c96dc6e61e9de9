// Single sign-on: the OAuth 2.0 authorization-code flow with PKCE (RFC 7636) against the issuer the API
// names in config.json (Cognito in AWS, the API's local issuer in Development). The verifier and state
// live in this tab's session storage for the round trip only; the code is exchanged for a token here, so
// the reviewer never sees or pastes a JWT.
const FLOW_KEY = 'serverless.console.oidc';

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));
const redirectUri = () => `${location.origin}${location.pathname}`;

export async function signInConfig() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    const config = response.ok ? await response.json() : null;
    return config?.authority && config?.clientId ? config : null;
  } catch {
    return null;
  }
}

async function discover(authority) {
  const response = await fetch(`${authority}/.well-known/openid-configuration`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`The sign-in service did not describe itself (${response.status}).`);
  return response.json();
}

/** Leaves for the issuer's login page; the fragment (the view that was open) comes back afterwards. */
export async function beginSignIn(config) {
  const metadata = await discover(config.authority);
  const verifier = random(48);
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(24);
  sessionStorage.setItem(FLOW_KEY, JSON.stringify({ state, verifier, tokenEndpoint: metadata.token_endpoint, clientId: config.clientId, hash: location.hash }));
  const url = new URL(metadata.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope || 'openid',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** On the way back from the issuer: the token for the code, or null when this load is not a return. */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const flow = JSON.parse(sessionStorage.getItem(FLOW_KEY) ?? 'null');
  sessionStorage.removeItem(FLOW_KEY);
  history.replaceState(null, '', `${location.pathname}${flow?.hash ?? ''}`);
  if (params.has('error')) throw new Error(`Sign-in was refused: ${params.get('error_description') || params.get('error')}.`);
  if (!flow || params.get('state') !== flow.state) throw new Error('That sign-in answer is not for this tab (its state does not match). Sign in again.');
  const response = await fetch(flow.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(), client_id: flow.clientId, code_verifier: flow.verifier,
    }),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`The sign-in service refused the code: ${answer?.detail || answer?.error_description || answer?.error || response.status}.`);
  // The id token names the person and, for Cognito, carries the audience the API checks (the app client).
  return answer.id_token || answer.access_token;
}
