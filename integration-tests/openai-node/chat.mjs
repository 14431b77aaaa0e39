// Runs one streaming and one plain chat completion with the official OpenAI Node client against a base URL
// (e.g. `backoff serve`'s http://127.0.0.1:PORT/v1) and prints what it got as one JSON line.
// Usage: node chat.mjs BASE_URL [PROMPT]; the API key is read from OPENAI_API_KEY (never printed).
import OpenAI from 'openai';

const [baseURL, prompt = 'How do I pace requests to a rate-limited API?'] = process.argv.slice(2);
if (!baseURL) {
  console.error('usage: node chat.mjs BASE_URL [PROMPT]');
  process.exit(2);
}
const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY ?? 'sk-sim', maxRetries: 0 });
const request = { model: 'kimi-k2-0711-preview', messages: [{ role: 'user', content: prompt }] };

const stream = await client.chat.completions.create({
  ...request,
  stream: true,
  stream_options: { include_usage: true },
});
const streamed = { text: '', chunks: 0, role: null, finishReason: null, usage: null };
for await (const chunk of stream) {
  streamed.chunks++;
  for (const choice of chunk.choices) {
    streamed.role ??= choice.delta.role ?? null;
    streamed.text += choice.delta.content ?? '';
    streamed.finishReason = choice.finish_reason ?? streamed.finishReason;
  }
  streamed.usage = chunk.usage ?? streamed.usage;
}

const completion = await client.chat.completions.create(request);
const plain = {
  text: completion.choices[0].message.content,
  finishReason: completion.choices[0].finish_reason,
  usage: completion.usage,
};
console.log(JSON.stringify({ streamed, plain }));
