// MQTT.js in Node: node mqttjs-echo.js <url> <subscribe topic> <publish topic> [ca.pem]
// Prints the steps of echo-client.js, one a line; exits 0 after DONE, 1 on ERROR, 2 after 30 s.
const fs = require('fs');
const mqtt = require('mqtt');
const run = require('./echo-client.js');

const [url, subscribe, publish, caFile] = process.argv.slice(2);
const tls = caFile ? { ca: fs.readFileSync(caFile), rejectUnauthorized: true } : {};
setTimeout(() => { console.log('ERROR timeout'); process.exit(2); }, 30000).unref();
run(mqtt, { url, subscribe, publish, tls }, (line) => {
  console.log(line);
  if (line === 'DONE') process.exit(0);
  if (line.startsWith('ERROR')) process.exit(1);
});
