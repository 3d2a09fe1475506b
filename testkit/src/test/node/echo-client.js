// The same MQTT.js steps in Node and in the browser: connect, subscribe to `subscribe`, print READY;
// on the first message print RECEIVED <payload>, publish "echo:<payload>" to `publish` and print
// PUBLISHED; then disconnect and print DONE. Any error prints ERROR <message>.
(function (root) {
  function run(mqtt, options, report) {
    const client = mqtt.connect(options.url, Object.assign({
      clientId: 'mqttjs-' + Math.random().toString(16).slice(2, 10),
      protocolVersion: options.protocolVersion || 4,
      reconnectPeriod: 0,
      connectTimeout: 10000,
    }, options.tls || {}));
    client.on('error', (e) => report('ERROR ' + e.message));
    let connected = false;
    client.on('close', () => report(connected ? 'CLOSED' : 'ERROR closed before CONNACK'));
    client.on('connect', () => {
      connected = true;
      client.subscribe(options.subscribe, { qos: 1 }, (err) => {
        report(err ? 'ERROR ' + err.message : 'READY');
      });
    });
    let echoed = false;
    client.on('message', (topic, payload) => {
      if (echoed) {
        return;
      }
      echoed = true;
      const text = payload.toString();
      report('RECEIVED ' + text);
      client.publish(options.publish, 'echo:' + text, { qos: 1 }, (err) => {
        report(err ? 'ERROR ' + err.message : 'PUBLISHED');
        client.end(false, {}, () => report('DONE'));
      });
    });
  }
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = run;
  } else {
    root.heraldEcho = run;
  }
})(this);
