// A Huawei IoTDA device in the browser, as seed 004's MqttOverWebsocketDemo.html does it: MQTT.js over
// WSS, given only the host, the device id and its secret. Huawei's login: client id
// {deviceId}_0_0_{YYYYMMDDHH} (UTC hour), user name the device id, password the HMAC-SHA256 of the secret
// keyed by that hour (Web Crypto). It subscribes to its commands, reports the demo's smokeDetector
// properties, and answers the first command on $oc/devices/{id}/sys/commands/response/request_id={id}.
// Prints its steps, one a line: READY (connected, subscribed, report acknowledged), COMMAND <service>
// <name> <paras>, ANSWERED, DONE; ERROR <message> on any failure.
(function (root) {
  async function hmacHex(key, data) {
    const enc = new TextEncoder();
    const k = await crypto.subtle.importKey('raw', enc.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const sig = new Uint8Array(await crypto.subtle.sign('HMAC', k, enc.encode(data)));
    return Array.from(sig, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function run(mqtt, options, log) {
    const timestamp = new Date().toISOString().slice(0, 13).replace(/[-T]/g, '');
    const password = await hmacHex(timestamp, options.secret);
    const base = '$oc/devices/' + options.deviceId + '/sys/';
    const client = mqtt.connect(options.url, {
      clientId: options.deviceId + '_0_0_' + timestamp,
      username: options.deviceId,
      password,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10000,
    });
    client.on('error', (e) => log('ERROR ' + e.message));
    client.on('connect', () => {
      client.subscribe(base + 'commands/#', { qos: 1 }, (err, granted) => {
        if (err || !granted || granted[0].qos > 2) {
          log('ERROR subscribe ' + (err ? err.message : JSON.stringify(granted)));
          return;
        }
        const properties = { services: [{ properties: { alarm: 1, temperature: 12.670784, humidity: 18.37673,
          smokeConcentration: 19.97906 }, service_id: 'smokeDetector', event_time: null }] };
        client.publish(base + 'properties/report', JSON.stringify(properties), { qos: 1 },
          (e) => log(e ? 'ERROR report ' + e.message : 'READY'));
      });
    });
    let answered = false;
    client.on('message', (topic, payload) => {
      const marker = '/sys/commands/request_id=';
      const at = topic.indexOf(marker);
      if (at < 0 || answered) {
        return; // our own answer comes back through the same subscription
      }
      answered = true;
      const requestId = topic.slice(at + marker.length);
      const command = JSON.parse(payload.toString());
      log('COMMAND ' + command.service_id + ' ' + command.command_name + ' ' + JSON.stringify(command.paras));
      const answer = { result_code: 0, response_name: 'COMMAND_RESPONSE',
        paras: { result: 'silenced ' + command.paras.value } };
      client.publish(base + 'commands/response/request_id=' + requestId, JSON.stringify(answer), { qos: 1 }, (e) => {
        log(e ? 'ERROR answer ' + e.message : 'ANSWERED');
        client.end(false, {}, () => log('DONE'));
      });
    });
  }

  root.heraldHuaweiThing = run;
})(this);
