// What the exact and semantic caches add to one LLM call, with the embedding taken out (its vectors are
// computed once in setup with the real model and then looked up), against the ./dev Redis:
//   bench/llm-cache/run.sh            (Redis from Redis__Configuration, default 127.0.0.1:16379)
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CacheOverhead).Assembly).Run(args);
