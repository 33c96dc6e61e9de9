using System.Numerics;

namespace Serverless.Llm.Caching.Semantic;

public static class CosineSimilarity
{
    /// <summary>Cosine of two vectors (MiniLM's are unit length, but stored vectors are not assumed so).</summary>
    public static float Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            return 0f;
        }
        var dot = Vector<float>.Zero;
        var na = Vector<float>.Zero;
        var nb = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var va = new Vector<float>(a[i..]);
            var vb = new Vector<float>(b[i..]);
            dot += va * vb;
            na += va * va;
            nb += vb * vb;
        }
        float d = Vector.Sum(dot), x = Vector.Sum(na), y = Vector.Sum(nb);
        for (; i < a.Length; i++)
        {
            d += a[i] * b[i];
            x += a[i] * a[i];
            y += b[i] * b[i];
        }
        return x == 0 || y == 0 ? 0f : d / MathF.Sqrt(x * y);
    }
}
