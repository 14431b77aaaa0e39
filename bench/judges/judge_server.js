'use strict';
// One node judge on 127.0.0.1 (started by judge.sh; see README.md).
//   node judge_server.js --kind fixed-ietf|fixed-xrl|fixed-tokens --q Q --window SECONDS --log FILE --port-file FILE
//        [--id ID]
// Listens on a free loopback port, writes that port to --port-file once listening, and appends one line
// per POST /v1/chat/completions to --log: "<epoch s.ms> <status> <X-Bench-Run or ->", and for fixed-tokens
// " <tokens>" (the request's tokens as this judge counts them: below). The time is taken
// when the request reaches the limiter, the line is written when the response is sent. GET /v1/models
// answers with header X-Judge-Id: ID (judge.sh's readiness check).
const fs = require('node:fs');
const express = require('express');

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const kind = args.kind;
const q = Number(args.q);
const windowSeconds = Number(args.window);
if (!['fixed-ietf', 'fixed-xrl', 'fixed-tokens'].includes(kind) || !(q > 0) || !(windowSeconds > 0) || !args.log || !args['port-file']) {
  console.error('usage: node judge_server.js --kind fixed-ietf|fixed-xrl --q Q --window S --log FILE --port-file FILE');
  process.exit(2);
}

const logFd = fs.openSync(args.log, 'a');

// fixed-tokens counts a request's tokens itself, as a provider would from the request: the prompt at one
// token per four characters of each message's text plus 4 per message, and the answer at max_tokens (16
// when absent); its answer reports exactly that usage.
function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part && typeof part.text === 'string' ? part.text : '')).join('');
  return '';
}

function tokensOf(body) {
  const messages = body && Array.isArray(body.messages) ? body.messages : [];
  const prompt = messages.reduce((sum, m) => sum + Math.ceil(textOf(m && m.content).length / 4) + 4, 0);
  const answer = body && Number.isInteger(body.max_tokens) && body.max_tokens > 0 ? body.max_tokens : 16;
  return { prompt, answer };
}

function completion(usage = { prompt: 1, answer: 1 }) {
  return {
    id: 'chatcmpl-judge',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'judge',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.answer, total_tokens: usage.prompt + usage.answer },
  };
}

const app = express();
app.disable('x-powered-by');
app.disable('etag');

// GET /v1/models: never limited, never logged (so a health check spends no quota).
app.get('/v1/models', (req, res) => {
  if (args.id) res.set('X-Judge-Id', args.id);
  res.json({ object: 'list', data: [{ id: 'judge', object: 'model' }] });
});

// Arrival time as the limiter sees it, and the access-log line once the response is sent.
app.use('/v1/chat/completions', (req, res, next) => {
  const arrival = Date.now();
  const run = req.get('x-bench-run') || '-';
  // "close" follows "finish"; alone, the client went away before the answer (499, as nginx logs it)
  res.on('close', () => {
    const status = res.writableFinished ? res.statusCode : 499;
    const tokens = res.locals.tokens === undefined ? '' : ` ${res.locals.tokens.prompt + res.locals.tokens.answer}`;
    fs.writeSync(logFd, `${(arrival / 1000).toFixed(3)} ${status} ${run}${tokens}\n`);
  });
  next();
});

const keyOf = (req) => req.get('authorization');

if (kind === 'fixed-ietf') {
  const { rateLimit } = require('express-rate-limit');
  app.use('/v1/chat/completions', rateLimit({
    windowMs: windowSeconds * 1000,
    limit: q,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: keyOf,
    skip: (req) => !keyOf(req),
  }));
} else if (kind === 'fixed-tokens') {
  // rate-limiter-flexible, points = the request's tokens, q points per key per fixed window
  const { RateLimiterMemory } = require('rate-limiter-flexible');
  const limiter = new RateLimiterMemory({ points: q, duration: windowSeconds });
  const setHeaders = (res, r) => {
    res.set('x-ratelimit-limit-tokens', String(q));
    res.set('x-ratelimit-remaining-tokens', String(r.remainingPoints));
    res.set('x-ratelimit-reset-tokens', `${Math.max(0, r.msBeforeNext)}ms`);
  };
  app.use('/v1/chat/completions', express.json({ limit: '10mb' }), (req, res, next) => {
    res.locals.tokens = tokensOf(req.body);
    const key = keyOf(req);
    if (!key) {
      next();
      return;
    }
    limiter.consume(key, res.locals.tokens.prompt + res.locals.tokens.answer).then(
      (r) => {
        setHeaders(res, r);
        next();
      },
      (r) => {
        if (r instanceof Error) {
          next(r);
          return;
        }
        setHeaders(res, r);
        res.set('Retry-After', String(Math.max(1, Math.ceil(r.msBeforeNext / 1000))));
        res.status(429).json({
          error: {
            message: `Rate limit reached for tokens: limit ${q} per ${windowSeconds}s`,
            type: 'tokens',
            param: null,
            code: 'rate_limit_exceeded',
          },
        });
      },
    );
  });
} else {
  const { RateLimiterMemory } = require('rate-limiter-flexible');
  const limiter = new RateLimiterMemory({ points: q, duration: windowSeconds });
  const setHeaders = (res, r) => {
    res.set('x-ratelimit-limit-requests', String(q));
    res.set('x-ratelimit-remaining-requests', String(r.remainingPoints));
    res.set('x-ratelimit-reset-requests', `${Math.max(0, r.msBeforeNext)}ms`);
  };
  app.use('/v1/chat/completions', (req, res, next) => {
    const key = keyOf(req);
    if (!key) {
      next();
      return;
    }
    limiter.consume(key).then(
      (r) => {
        setHeaders(res, r);
        next();
      },
      (r) => {
        if (r instanceof Error) {
          next(r);
          return;
        }
        setHeaders(res, r);
        res.set('Retry-After', String(Math.max(1, Math.ceil(r.msBeforeNext / 1000))));
        res.status(429).json({
          error: {
            message: `Rate limit reached for requests: limit ${q} per ${windowSeconds}s`,
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        });
      },
    );
  });
}

app.post('/v1/chat/completions', (req, res) => {
  res.json(res.locals.tokens === undefined ? completion() : completion(res.locals.tokens));
});

app.use((req, res) => {
  res.status(404).json({ error: { message: 'not found', type: 'invalid_request_error' } });
});

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  fs.writeFileSync(`${args['port-file']}.tmp`, `${port}\n`);
  fs.renameSync(`${args['port-file']}.tmp`, args['port-file']);
});
server.keepAliveTimeout = 60000;

const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
