// One push connection per browser, shared by every tab of the user. An installation has one MQTT
// connection (client id = mqttTopic; a second one takes the session over, seed 000), so the tabs elect a
// leader with the Web Locks API: the leader holds the connection and relays every message and its state
// over a BroadcastChannel; when it closes, another tab takes the lock and connects.

export class TabHub {
  constructor(userID) {
    this.name = 'herald.push.' + userID;
    this.channel = 'BroadcastChannel' in window ? new BroadcastChannel(this.name) : null;
    this.listeners = [];
    this.release = null;
    this.leader = false;
    if (this.channel) this.channel.onmessage = (e) => this.listeners.forEach((fn) => fn(e.data));
  }

  /** Whether tabs can share one connection here (Web Locks need a secure context: HTTPS or localhost). */
  get shared() {
    return !!(this.channel && navigator.locks);
  }

  /** onLead() runs once this tab holds the lock (at once when tabs cannot share). */
  lead(onLead) {
    if (!this.shared) {
      this.leader = true;
      onLead();
      return;
    }
    this.abort = new AbortController();
    navigator.locks.request(this.name, { signal: this.abort.signal }, () => {
      if (this.closed) return undefined;
      this.leader = true;
      onLead();
      return new Promise((resolve) => { this.release = resolve; });
    }).catch((e) => {
      if (e.name !== 'AbortError') console.warn('tab leadership failed', e);
    });
  }

  post(message) {
    if (this.channel && !this.closed) this.channel.postMessage(message);
  }

  onMessage(fn) {
    this.listeners.push(fn);
  }

  close() {
    this.closed = true;
    if (this.abort) this.abort.abort();
    if (this.release) this.release();
    if (this.channel) this.channel.close();
  }
}
