// The baseline: express 5 answering 200 on the webhook path and doing nothing else. Run as its own process.
import express from 'express';

const app = express();
app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
app.post('/webhooks/razorpay/:connectionId', (_req, res) => void res.status(200).json({ status: 'accepted' }));
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
