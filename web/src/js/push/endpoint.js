// Seed 000's set-up steps over the REST API: install this user for MQTT push (installing again answers
// the existing installation), then fetch the MQTT endpoint, waiting while it is being provisioned.

import { api, seg } from '../api.js';

/** The user's installation id (POST /api/installations answers 201, or 200 for the existing one). */
export async function install() {
  const answer = await api('POST', '/api/installations', { deviceType: 'MQTT', development: false });
  return answer.installationID;
}

/**
 * The endpoint with fresh credentials: {username, password, mqttTopic, host, portWS, portWSS, ttl, …}.
 * 503 MQTT_ENDPOINT_NOT_READY is retried after its Retry-After (at least one second), as Kii's SDK does,
 * up to `tries` times; onWait(seconds) reports each wait.
 */
export async function endpoint(installationID, { tries = 10, onWait = () => {} } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api('GET', '/api/installations/' + seg(installationID) + '/mqtt-endpoint');
    } catch (e) {
      if (e.status !== 503 || attempt >= tries) throw e;
      const wait = Math.max(1, e.retryAfter || 1);
      onWait(wait);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }
}

/**
 * The WebSocket URL for an endpoint: WSS when the endpoint offers it, WS when TLS is off (portWSS 0) or,
 * for a page itself loaded over plain HTTP, after WSS failed (the browser does not trust the
 * certificate); a page loaded over HTTPS never falls back, as browsers forbid it.
 */
export function websocketUrl(ep, wssFailed) {
  const pageSecure = location.protocol === 'https:';
  const useWss = ep.portWSS > 0 && (pageSecure || !wssFailed || !(ep.portWS > 0));
  const port = useWss ? ep.portWSS : ep.portWS;
  if (!(port > 0)) throw new Error('the endpoint offers no WebSocket port');
  const host = ep.host.includes(':') && !ep.host.startsWith('[') ? '[' + ep.host + ']' : ep.host;
  return { url: (useWss ? 'wss' : 'ws') + '://' + host + ':' + port + '/mqtt', secure: useWss };
}
