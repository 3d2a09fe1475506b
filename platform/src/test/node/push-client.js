// MQTT.js as a seed-000 web app would use it, with exactly the endpoint's values:
// node push-client.js <url> <clientId = mqttTopic> <username> <password> <topic> [ca.pem]
// Prints CONNECTED, SUBSCRIBED <granted qos>, MESSAGE <topic> <payload>, DISCONNECT <reason code>, CLOSED, one a
// line; exits 0 once the server closed the connection, 2 after 60 s. MQTT 5, no reconnect.
const fs = require('fs');
const mqtt = require('mqtt');

const [url, clientId, username, password, topic, caFile] = process.argv.slice(2);
setTimeout(() => { console.log('ERROR timeout'); process.exit(2); }, 60000).unref();
const client = mqtt.connect(url, {
  clientId, username, password, protocolVersion: 5, reconnectPeriod: 0,
  ...(caFile ? { ca: fs.readFileSync(caFile), rejectUnauthorized: true } : {}),
});
client.on('connect', () => {
  console.log('CONNECTED');
  client.subscribe(topic, { qos: 1 }, (err, granted) => {
    if (err) { console.log('ERROR ' + err.message); return; }
    console.log('SUBSCRIBED ' + granted[0].qos);
  });
});
client.on('message', (t, payload) => console.log('MESSAGE ' + t + ' ' + payload.toString()));
client.on('disconnect', (packet) => console.log('DISCONNECT ' + packet.reasonCode));
client.on('error', (err) => console.log('ERROR ' + err.message));
client.on('close', () => { console.log('CLOSED'); process.exit(0); });
