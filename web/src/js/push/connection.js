// One MQTT push connection (seed 000): the endpoint's values exactly (client id = mqttTopic, username,
// password, subscribe to mqttTopic), over WSS or WS, MQTT 5 with a persistent session so nothing queued
// is lost across reconnects; reconnects with seed 004's exponential backoff and jitter; fetches a new
// credential when the broker refuses the old one or a {"status":401} message says it is being
// regenerated (seed 003). Reports its state and each message through listeners.

import mqtt from 'mqtt';
import { install, endpoint, websocketUrl } from './endpoint.js';

const MIN_BACKOFF = 1000;
const MAX_BACKOFF = 60000;
const DEFAULT_BACKOFF = 1000;
const TAKEN_OVER_WAIT = 30000;
// CONNACK reason codes of a refused credential: MQTT 5 0x86 bad user name or password, 0x87 not
// authorized [MQTT-3.2.2-8]; MQTT 3.1.1 return codes 4 and 5
const BAD_CREDENTIALS = new Set([0x86, 0x87, 4, 5]);
const SESSION_TAKEN_OVER = 0x8e;

/** Seed 004's reconnect delay: 1 s plus 2^attempt times 1 s ±20 % jitter, at most 60 s. */
export function backoff(attempt) {
  const low = DEFAULT_BACKOFF * 0.8;
  const high = DEFAULT_BACKOFF * 1.2;
  const random = Math.floor(Math.random() * (high - low + 1));
  return Math.min(MAX_BACKOFF, MIN_BACKOFF + Math.pow(2, attempt) * (random + low));
}

export class PushConnection {
  constructor() {
    this.listeners = { state: [], message: [], log: [] };
    this.state = { name: 'idle', attempt: 0, detail: '' };
    this.client = null;
    this.endpoint = null;
    this.installationID = null;
    this.attempt = 0;
    this.timer = null;
    this.stopped = false;
    this.wssFailed = false;
    this.renewals = 0;
    this.generation = 0;
  }

  on(event, fn) {
    this.listeners[event].push(fn);
  }

  emit(event, value) {
    this.listeners[event].forEach((fn) => fn(value));
  }

  setState(name, detail = '') {
    this.state = { name, attempt: this.attempt, detail, renewals: this.renewals, transport: this.transport };
    this.emit('state', this.state);
    this.emit('log', name + (detail ? ': ' + detail : ''));
  }

  /** Installs if needed, fetches the endpoint and connects; keeps reconnecting until stop(). */
  start() {
    this.stopped = false;
    this.run(false);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.generation++;
    if (this.client) this.client.end(true);
    this.client = null;
    this.setState('stopped');
  }

  /** A new credential, then a new connection: after {"status":401} or a refused CONNECT. */
  renew(reason) {
    this.emit('log', 'renewing the credential: ' + reason);
    this.endpoint = null;
    clearTimeout(this.timer);
    this.run(true);
  }

  /** Connects now (the "Connect here" button after another device took over). */
  reconnectNow() {
    clearTimeout(this.timer);
    this.attempt = 0;
    this.run(false);
  }

  async run(renewing) {
    const generation = ++this.generation;
    try {
      if (!this.installationID) {
        this.setState('installing');
        this.installationID = await install();
      }
      if (!this.endpoint) {
        this.setState('fetching', renewing ? 'a new credential' : 'the MQTT endpoint');
        const fresh = await endpoint(this.installationID, {
          onWait: (s) => this.setState('fetching', 'the endpoint is being provisioned; retrying in ' + s + ' s'),
        });
        if (generation !== this.generation || this.stopped) return;
        if (renewing) this.renewals++;
        this.endpoint = fresh;
      }
    } catch (e) {
      if (generation !== this.generation || this.stopped) return;
      if (e.status === 401 || e.status === 403) {
        this.setState('failed', e.message);
        return;
      }
      this.retry(e.message);
      return;
    }
    if (generation !== this.generation || this.stopped) return;
    this.connect(generation);
  }

  connect(generation) {
    if (this.client) {
      // the old connection ends cleanly (DISCONNECT) so the session keeps queueing for the new one
      this.client.end(false);
    }
    const ep = this.endpoint;
    let target;
    try {
      target = websocketUrl(ep, this.wssFailed);
    } catch (e) {
      this.setState('failed', e.message);
      return;
    }
    this.transport = target.secure ? 'WSS' : 'WS';
    this.setState('connecting', target.url + (this.attempt ? ' (attempt ' + (this.attempt + 1) + ')' : ''));
    let connected = false;
    let refused = null;
    let takenOver = false;
    const client = mqtt.connect(target.url, {
      clientId: ep.mqttTopic,
      username: ep.username,
      password: ep.password,
      protocolVersion: 5,
      clean: false,
      keepalive: 60,
      reconnectPeriod: 0,
      connectTimeout: 10000,
      properties: { sessionExpiryInterval: 600 },
    });
    this.client = client;
    client.on('connect', () => {
      if (generation !== this.generation) return;
      connected = true;
      this.attempt = 0;
      client.subscribe(ep.mqttTopic, { qos: 1 }, (err) => {
        if (err) this.emit('log', 'subscribe failed: ' + err.message);
      });
      this.setState('connected', this.transport + ' ' + ep.host);
    });
    client.on('message', (topic, payload) => {
      this.emit('message', new TextDecoder().decode(payload));
    });
    client.on('error', (err) => {
      if (BAD_CREDENTIALS.has(err.code)) refused = err;
      this.emit('log', 'error: ' + err.message);
    });
    client.on('disconnect', (packet) => {
      if (packet && packet.reasonCode === SESSION_TAKEN_OVER) takenOver = true;
      this.emit('log', 'server disconnected, reason ' + (packet ? packet.reasonCode : '?'));
    });
    client.on('close', () => {
      if (generation !== this.generation || this.stopped || this.client !== client) return;
      client.end(true);
      this.client = null;
      if (!connected && target.secure && !this.wssFailed && location.protocol !== 'https:' && ep.portWS > 0) {
        this.wssFailed = true;
        this.emit('log', 'WSS failed before connecting; this page is plain HTTP, so trying WS');
      }
      if (refused) {
        this.renew('the broker refused the credential (' + refused.code + ')');
      } else if (takenOver) {
        this.attempt = 0;
        this.setState('taken-over', 'another device or browser connected with this account');
        this.timer = setTimeout(() => this.run(false), TAKEN_OVER_WAIT);
      } else {
        this.retry(connected ? 'connection lost' : 'could not connect');
      }
    });
  }

  retry(reason) {
    const wait = backoff(this.attempt);
    this.attempt++;
    this.setState('waiting', reason + '; reconnecting in ' + Math.round(wait / 1000) + ' s');
    const generation = this.generation;
    this.timer = setTimeout(() => {
      if (generation === this.generation && !this.stopped) this.run(false);
    }, wait);
  }
}
