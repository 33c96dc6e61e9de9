// Measures the semantic cache's matcher on labelled pairs: per threshold, the share of true pairs it
// would serve and the share of served hits that were wrong, with a bare cosine threshold and with the
// guards. Usage:
//   dotnet run -c Release --project bench/semantic-cache/Bench -- FILE.jsonl [FILE2.jsonl ...] [--show 0.80]
// Each line: {"a": "...", "b": "...", "same": true|false} (an optional "kind" is reported when present).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Serverless.Llm.Caching.Semantic;

var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
float? show = Option("--show");
var wordMinimum = Option("--word") ?? SemanticCacheOptions.DefaultWordSimilarity;
if (files.Count == 0)
{
    Console.Error.WriteLine("usage: semantic-cache-bench FILE.jsonl [FILE2.jsonl ...] [--show THRESHOLD]");
    return 2;
}

using var generator = new MiniLmEmbeddingGenerator();
var load = Stopwatch.StartNew();
await generator.GenerateAsync(["warm up"]);
Console.WriteLine($"model load + first embedding: {load.ElapsedMilliseconds} ms");

var thresholds = Enumerable.Range(0, 15).Select(i => 0.60f + (i * 0.025f)).ToArray();
foreach (var file in files)
{
    var pairs = Pair.Read(file);
    var texts = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct(StringComparer.Ordinal).ToArray();
    var clock = Stopwatch.StartNew();
    var embeddings = await generator.GenerateAsync(texts);
    var perText = clock.Elapsed.TotalMilliseconds / texts.Length;
    var vectors = texts.Zip(embeddings).ToDictionary(x => x.First, x => x.Second.Vector.ToArray(), StringComparer.Ordinal);
    var features = texts.ToDictionary(t => t, TextFeatures.Extract, StringComparer.Ordinal);
    var words = features.Values.SelectMany(f => f.Tokens).Distinct(StringComparer.Ordinal).ToArray();
    var wordVectors = (await generator.GenerateAsync(words)).Zip(words)
        .ToDictionary(x => x.Second, x => x.First.Vector.ToArray(), StringComparer.Ordinal);

    var trueCount = pairs.Count(p => p.Same);
    Console.WriteLine();
    Console.WriteLine($"{file}: {pairs.Count} pairs ({trueCount} same, {pairs.Count - trueCount} different), {texts.Length} texts embedded at {perText:F1} ms each (batched)");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threshold | bare cosine: served  wrong        | guards: served  wrong        | guards + word check ({wordMinimum:F2}): served  wrong"));
    foreach (var threshold in thresholds)
    {
        var bare = Score(pairs, p => CosineSimilarity.Of(vectors[p.A], vectors[p.B]) >= threshold);
        var guarded = Score(pairs, p => Guarded(p, threshold).Serve);
        var full = Score(pairs, p => Judge(p, threshold).Serve);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {threshold:F3}  |      {bare.Served,7:P1} {bare.Wrong,6:P1} ({bare.WrongCount,2}/{bare.ServedCount,3}) | {guarded.Served,7:P1} {guarded.Wrong,6:P1} ({guarded.WrongCount,2}/{guarded.ServedCount,3}) |        {full.Served,7:P1} {full.Wrong,6:P1} ({full.WrongCount,2}/{full.ServedCount,3})"));
    }

    if (show is { } at)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nat {at:F3}: wrong hits, then true pairs not served (similarity, rejected by):"));
        foreach (var p in pairs.Where(p => !p.Same && Judge(p, at).Serve))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  WRONG  {Judge(p, at).Similarity:F3} [{p.Kind}] {p.A} | {p.B}"));
        }
        foreach (var p in pairs.Where(p => p.Same && !Judge(p, at).Serve))
        {
            var v = Judge(p, at);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MISSED {v.Similarity:F3} {v.RejectedBy,-10} {p.A} | {p.B}"));
        }
        var rejected = pairs.Where(p => !p.Same).Select(p => Judge(p, at)).Where(v => !v.Serve).GroupBy(v => v.RejectedBy);
        Console.WriteLine("  near-misses stopped by: " + string.Join(", ", rejected.Select(g => $"{g.Key} {g.Count()}")));
    }

    SemanticVerdict Guarded(Pair p, float threshold) =>
        SemanticMatcher.Judge(features[p.A], vectors[p.A], features[p.B], vectors[p.B], threshold);

    SemanticVerdict Judge(Pair p, float threshold) =>
        SemanticMatcher.Judge(features[p.A], vectors[p.A], features[p.B], vectors[p.B], threshold, w => wordVectors[w], wordMinimum);
}
return 0;

float? Option(string name)
{
    var index = Array.IndexOf(args, name);
    if (index < 0)
    {
        return null;
    }
    files.Remove(args[index + 1]);
    return float.Parse(args[index + 1], CultureInfo.InvariantCulture);
}

static Result Score(IReadOnlyList<Pair> pairs, Func<Pair, bool> serves)
{
    int truePairs = 0, servedTrue = 0, served = 0, wrong = 0;
    foreach (var pair in pairs)
    {
        var hit = serves(pair);
        truePairs += pair.Same ? 1 : 0;
        servedTrue += hit && pair.Same ? 1 : 0;
        served += hit ? 1 : 0;
        wrong += hit && !pair.Same ? 1 : 0;
    }
    return new Result(
        truePairs == 0 ? 0 : (double)servedTrue / truePairs,
        served == 0 ? 0 : (double)wrong / served,
        served, wrong);
}

internal readonly record struct Result(double Served, double Wrong, int ServedCount, int WrongCount);

internal sealed record Pair(string A, string B, bool Same, string Kind)
{
    public static List<Pair> Read(string path)
    {
        var pairs = new List<Pair>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (!root.TryGetProperty("a", out var a) || !root.TryGetProperty("b", out var b) || !root.TryGetProperty("same", out var same))
            {
                throw new FormatException($"{path}:{line}: needs \"a\", \"b\" and \"same\"");
            }
            var kind = root.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "";
            pairs.Add(new Pair(a.GetString()!, b.GetString()!, same.GetBoolean(), kind));
        }
        return pairs;
    }
}
