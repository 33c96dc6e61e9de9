using System.Diagnostics;
using System.IO.Compression;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>scripts/infra-check-artifact.sh, which the pipeline and every deploy run before shipping a zip.</summary>
public sealed class ArtifactCheckSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("serverless-infra-artifact-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Zip(string name, string executable, bool executableBit)
    {
        var zip = Path.Combine(_dir, name);
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        var entry = archive.CreateEntryFromFile(executable, "bootstrap");
        // Unix mode in the high 16 bits: a regular file, rwxr-xr-x or rw-r--r--.
        entry.ExternalAttributes = (executableBit ? 0b1_000_000_111_101_101 : 0b1_000_000_110_100_100) << 16;
        return zip;
    }

    private static (int ExitCode, string Output) Check(params string[] zips)
    {
        var start = new ProcessStartInfo(RepoPaths.Of("scripts", "infra-check-artifact.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var zip in zips)
        {
            start.ArgumentList.Add(zip);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void A_native_x64_executable_named_bootstrap_passes()
    {
        // The dotnet host itself: a native x86-64 ELF built against an old glibc.
        var (exitCode, output) = Check(Zip("good.zip", Environment.ProcessPath!, executableBit: true));

        Assert.True(exitCode == 0, output);
        Assert.Contains("elf64-x86-64", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_placeholder_the_tests_synthesize_with_can_never_be_deployed()
    {
        var (exitCode, output) = Check(PlaceholderArtifact.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bootstrap_without_its_execute_bit_is_refused()
    {
        var (exitCode, output) = Check(Zip("noexec.zip", Environment.ProcessPath!, executableBit: false));

        Assert.Equal(1, exitCode);
        Assert.Contains("not executable", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_for_another_architecture_is_refused()
    {
        var zip = Zip("x64.zip", Environment.ProcessPath!, executableBit: true);
        var start = new ProcessStartInfo(RepoPaths.Of("scripts", "infra-check-artifact.sh"), [zip]) { RedirectStandardOutput = true };
        start.Environment["ARCH"] = "arm64";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("expected aarch64", output, StringComparison.Ordinal);
    }
}
