using System.Text.RegularExpressions;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Observability;

/// <summary>
/// Every series the API and the worker export carries only labels from a reviewed allow-list, each with a
/// bounded set of values; never a tenant id or any other id (a new label must be added here, deliberately).
/// </summary>
[Collection(MonitoredPipelineCollection.Name)]
public sealed partial class MetricLabelTests(MonitoredPipelineFixture fx)
{
    /// <summary>Bounded by code or configuration: routes are templates, statuses and outcomes fixed sets, providers configured.</summary>
    private static readonly HashSet<string> Allowed =
    [
        "le", "otel_scope_name", "otel_scope_version",
        // ASP.NET Core and Kestrel
        "http_route", "http_request_method", "http_response_status_code", "network_protocol_name", "network_protocol_version",
        "url_scheme", "error_type", "network_transport", "network_type", "server_address", "server_port", "aspnetcore_rate_limiting_result",
        // ours
        "db_source", "db_operation", "outcome", "cache", "result", "job_type", "job_priority", "provider", "direction",
        "status", "repaired", "percent", "measure", "kind", "task", "priority", "band", "function_version", "what", "operation", "reason", "tenant_tier",
    ];

    /// <summary>The resource, on <c>target_info</c> only: one series per process.</summary>
    private static readonly HashSet<string> Resource =
    [
        "service_name", "service_version", "service_instance_id", "deployment_environment", "deployment_environment_name",
        "cloud_provider", "cloud_region", "telemetry_sdk_name", "telemetry_sdk_language", "telemetry_sdk_version",
    ];

    [Fact]
    public async Task EveryExportedSeries_HasOnlyAllowListedLabels_AndNoIds()
    {
        using var http = new HttpClient();
        var problems = new List<string>();
        foreach (var (host, port) in new[] { ("api", fx.ApiMetricsPort), ("worker", fx.WorkerMetricsPort) })
        {
            var exposition = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            var series = PrometheusText.Series(exposition).ToList();
            Assert.NotEmpty(series);
            foreach (var (metric, labels) in series)
            {
                var allowed = metric == "target_info" ? Resource : Allowed;
                var stray = labels.Keys.Where(k => !allowed.Contains(k)).ToList();
                if (stray.Count > 0)
                {
                    problems.Add($"{host}: {metric} has labels outside the allow-list: {string.Join(", ", stray)}");
                }
                var ids = labels.Where(l => l.Key != "service_instance_id" && Id().IsMatch(l.Value)).ToList();
                if (ids.Count > 0)
                {
                    problems.Add($"{host}: {metric} has an id as a label value: {string.Join(", ", ids.Select(l => l.Key + "=" + l.Value))}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    [Fact]
    public async Task Worker_ServesTheQueueLlmAndJobMetrics()
    {
        using var http = new HttpClient();
        var worker = await Eventually.Until(
            () => http.GetStringAsync($"http://127.0.0.1:{fx.WorkerMetricsPort}/metrics"),
            text => text.Contains("serverless_jobs_queue_messages", StringComparison.Ordinal), "the worker's queue gauges", 30);

        foreach (var name in new[]
        {
            "serverless_jobs_handled_total", "serverless_jobs_queue_in_flight", "serverless_jobs_dlq_messages", "serverless_jobs_oldest_age_seconds",
            "serverless_review_queue_size", "serverless_llm_calls_total", "serverless_llm_call_tokens_total", "serverless_llm_cost_usd_total",
            "serverless_llm_breaker_state", "target_info",
        })
        {
            Assert.Contains(name, worker, StringComparison.Ordinal);
        }
        Assert.Contains("service_name=\"serverless-worker\"", worker, StringComparison.Ordinal);
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|^[0-9a-f]{32}$")]
    private static partial Regex Id();
}
