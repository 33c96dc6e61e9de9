using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Observability;

/// <summary>
/// The alert rules and dashboards in <c>observability/</c>, checked by the real tools: promtool validates
/// the rules and runs their unit tests; a real Prometheus scrapes the running API and worker and answers
/// every dashboard panel's query with at least one series.
/// </summary>
[Collection(MonitoredPipelineCollection.Name)]
public sealed class PrometheusTests(MonitoredPipelineFixture fx)
{
    private static readonly string Observability = Path.Combine(RepositoryRoot(), "observability");

    [Fact]
    public async Task AlertRules_AreValid_AndEveryAlertsUnitTestsPass()
    {
        var rules = Directory.GetFiles(Path.Combine(Observability, "rules"), "*.yml");
        var check = await RunAsync("promtool", ["check", "rules", .. rules]);
        Assert.True(check.ExitCode == 0, check.Output);

        var tests = Directory.GetFiles(Path.Combine(Observability, "tests"), "*.test.yml");
        var run = await RunAsync("promtool", ["test", "rules", .. tests]);
        Assert.True(run.ExitCode == 0, run.Output);

        // Every alert has at least one unit test (a firing case and a quiet case are written per alert).
        var alerts = rules.SelectMany(File.ReadAllLines).Select(l => l.Trim()).Where(l => l.StartsWith("- alert: ", StringComparison.Ordinal))
            .Select(l => l["- alert: ".Length..]).ToList();
        var tested = string.Concat(tests.Select(File.ReadAllText));
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Contains($"alertname: {a}", tested, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryDashboardPanelQuery_ReturnsSeries_FromAPrometheusScrapingTheApiAndWorker()
    {
        var dir = Directory.CreateTempSubdirectory("prometheus-");
        var port = FreePort.Next();
        var config = Path.Combine(dir.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(Observability, "rules", "*.yml")}
            scrape_configs:
              - job_name: serverless-api
                static_configs: [{"{"}targets: ["127.0.0.1:{fx.ApiMetricsPort}"]{"}"}]
              - job_name: serverless-worker
                static_configs: [{"{"}targets: ["127.0.0.1:{fx.WorkerMetricsPort}"]{"}"}]
            """);
        using var prometheus = Process.Start(new ProcessStartInfo("prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir.FullName, "data")}", $"--web.listen-address=127.0.0.1:{port}"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.Until(() => Ready(http), ready => ready, "Prometheus to be ready", 60);
            // Both targets up, and more traffic once Prometheus watches (rates need two samples).
            await Eventually.Until(() => QueryAsync(http, "sum(up{job=~\"serverless-.*\"})"), r => r.Count == 1 && r[0].GetProperty("value")[1].GetString() == "2", "both targets up", 60);
            await fx.DriveTrafficAsync();
            await fx.DriveTrafficAsync();

            var rules = await http.GetFromJsonAsync<JsonElement>("/api/v1/rules");
            var unhealthy = rules.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray())
                .Where(r => r.GetProperty("health").GetString() == "err").Select(r => r.GetProperty("name").GetString()).ToList();
            Assert.True(unhealthy.Count == 0, "rules failing to evaluate: " + string.Join(", ", unhealthy));

            var panels = Directory.GetFiles(Path.Combine(Observability, "dashboards"), "*.json").SelectMany(Panels).ToList();
            Assert.NotEmpty(panels);
            var empty = new List<string>();
            foreach (var (board, title, expr) in panels)
            {
                try
                {
                    await Eventually.Until(() => QueryAsync(http, expr), r => r.Count > 0, $"{board} / {title}", 30);
                }
                catch (TimeoutException)
                {
                    empty.Add($"{board} / {title}: {expr}");
                }
            }
            Assert.True(empty.Count == 0, "panels with no series:\n" + string.Join("\n", empty));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            dir.Delete(recursive: true);
        }
    }

    private static IEnumerable<(string Board, string Title, string Expr)> Panels(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var board = document.RootElement.GetProperty("title").GetString()!;
        foreach (var panel in document.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                yield return (board, panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!);
            }
        }
    }

    /// <summary>An instant query's result; a query Prometheus rejects fails the test at once.</summary>
    private static async Task<List<JsonElement>> QueryAsync(HttpClient http, string expr)
    {
        var response = await http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(expr)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("status").GetString() == "success", $"query failed: {expr}: {body}");
        return [.. body.GetProperty("data").GetProperty("result").EnumerateArray()];
    }

    private static async Task<bool> Ready(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/-/ready")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above the test's folder.");
    }
}
