using System.IO.Compression;

namespace Serverless.Infra.Tests.Support;

/// <summary>
/// The stacks need a zip to stage. The real one comes from scripts/package-lambda.sh; when it has not
/// been built, the tests use a tiny stand-in holding a "bootstrap" script, so they pin the template
/// and never the binary.
/// </summary>
public static class PlaceholderArtifact
{
    private static readonly Lazy<string> Zip = new(Create);

    /// <summary>The configured artifact if it exists, else the placeholder.</summary>
    public static string For(string configured) => File.Exists(configured) ? configured : Zip.Value;

    public static string Path => Zip.Value;

    private static string Create()
    {
        // One fixed place, reused by later runs, rather than a new temporary folder each time.
        var dir = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "serverless-infra-placeholder")).FullName;
        var zip = System.IO.Path.Combine(dir, "placeholder.zip");
        if (File.Exists(zip))
        {
            return zip;
        }
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        var entry = archive.CreateEntry("bootstrap");
        using var writer = new StreamWriter(entry.Open());
        writer.Write("#!/bin/sh\necho 'placeholder artifact: build the real one with scripts/package-lambda.sh' >&2\nexit 1\n");
        return zip;
    }
}
