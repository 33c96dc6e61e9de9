using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Lambda.Metrics;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Metrics;

public sealed class EmfMetricsListenerTests : IDisposable
{
    // A meter of its own per test: MeterListener is process-wide and other tests publish metrics in parallel.
    private readonly Meter _meter = new("Test.Emf." + Guid.NewGuid().ToString("N"));
    private readonly RecordingEmfSink _sink = new();

    public void Dispose() => _meter.Dispose();

    private EmfMetricsListener Listener(params string[] dimensions)
    {
        var options = new EmfOptions { Namespace = "Serverless/Test", Service = "api" };
        options.Meters.Clear();
        options.Meters.Add(_meter.Name);
        foreach (var dimension in dimensions)
        {
            options.Dimensions.Add(dimension);
        }

        return new EmfMetricsListener(options, _sink);
    }

    private List<JsonElement> Documents() => [.. _sink.Lines.Select(EmfDocumentValidator.Validate)];

    [Fact]
    public void Counter_is_summed_into_one_value_per_invocation_with_the_service_dimension()
    {
        using var listener = Listener();
        var counter = _meter.CreateCounter<long>("drafts.requested", "{draft}");
        counter.Add(1);
        counter.Add(2);

        listener.Flush();

        var document = Documents().Single(d => d.TryGetProperty("drafts.requested", out _));
        Assert.Equal(3, document.GetProperty("drafts.requested").GetDouble());
        Assert.Equal("api", document.GetProperty("Service").GetString());
        var directive = document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("Serverless/Test", directive.GetProperty("Namespace").GetString());
        Assert.Equal("Count", directive.GetProperty("Metrics")[0].GetProperty("Unit").GetString());
    }

    [Fact]
    public void ColdStart_is_written_on_the_first_invocation_only()
    {
        using var listener = Listener();

        listener.Flush();
        listener.Flush();

        var coldStarts = Documents().Where(d => d.TryGetProperty("ColdStart", out _)).ToList();
        Assert.Single(coldStarts);
        Assert.Equal(1, coldStarts[0].GetProperty("ColdStart").GetDouble());
    }

    [Fact]
    public void Histogram_with_more_than_100_values_spans_documents_of_at_most_100_values()
    {
        using var listener = Listener();
        var histogram = _meter.CreateHistogram<double>("llm.latency", "ms");
        for (var i = 0; i < 250; i++)
        {
            histogram.Record(i);
        }

        listener.Flush();

        var chunks = Documents().Where(d => d.TryGetProperty("llm.latency", out _)).Select(d => d.GetProperty("llm.latency")).ToList();
        Assert.Equal([100, 100, 50], chunks.Select(c => c.GetArrayLength()));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (double)i), chunks.SelectMany(c => c.EnumerateArray()).Select(v => v.GetDouble()));
    }

    [Fact]
    public void More_than_100_metrics_are_split_across_documents()
    {
        using var listener = Listener();
        for (var i = 0; i < 150; i++)
        {
            _meter.CreateCounter<int>($"m{i:000}").Add(1);
        }

        listener.Flush();

        var documents = Documents();
        var names = documents.SelectMany(d => d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray())
            .Select(m => m.GetProperty("Name").GetString())
            .ToList();
        Assert.Equal(151, names.Count);
        Assert.Equal(151, names.Distinct().Count());
        Assert.True(documents.Count >= 2);
    }

    [Fact]
    public void A_tenant_tag_is_never_a_dimension_and_other_tags_only_when_configured()
    {
        using var listener = Listener("route");
        var counter = _meter.CreateCounter<long>("requests");
        counter.Add(1, new("tenant_id", "t-1"), new("route", "/drafts"), new("user", "u-1"));
        counter.Add(1, new("tenant_id", "t-2"), new("route", "/drafts"), new("user", "u-2"));

        listener.Flush();

        var document = Documents().Single(d => d.TryGetProperty("requests", out _));
        var dimensions = document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0];
        Assert.Equal(["Service", "route"], dimensions.EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(2, document.GetProperty("requests").GetDouble());
        Assert.False(document.TryGetProperty("tenant_id", out _));
    }

    [Fact]
    public void Configuring_a_tenant_dimension_is_refused()
    {
        var options = new EmfOptions();
        options.Dimensions.Add("TenantId");

        Assert.Throws<InvalidOperationException>(() => new EmfMetricsListener(options, _sink));
    }

    [Fact]
    public void Namespace_service_and_dimensions_come_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lambda:Metrics:Namespace"] = "Serverless/Prod",
            ["Lambda:Metrics:Service"] = "worker",
            ["Lambda:Metrics:Meters:0"] = _meter.Name,
            ["Lambda:Metrics:Dimensions:0"] = "queue",
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IEmfSink>(_sink).AddEmfMetrics(configuration).BuildServiceProvider();
        var listener = services.GetRequiredService<EmfMetricsListener>();
        _meter.CreateCounter<int>("jobs").Add(1, new KeyValuePair<string, object?>("queue", "high"));

        listener.Flush();

        var document = Documents().Single(d => d.TryGetProperty("jobs", out _));
        Assert.Equal("Serverless/Prod", document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal("worker", document.GetProperty("Service").GetString());
        Assert.Equal("high", document.GetProperty("queue").GetString());
    }

    [Fact]
    public void Meters_not_configured_are_not_exported()
    {
        using var listener = Listener();
        using var other = new Meter("Other." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<int>("ignored").Add(1);

        listener.Flush();

        Assert.DoesNotContain(Documents(), d => d.TryGetProperty("ignored", out _));
    }

    [Fact]
    public void Up_down_counter_reports_its_running_total_at_every_invocation()
    {
        using var listener = Listener();
        var active = _meter.CreateUpDownCounter<int>("jobs.active");
        active.Add(3);
        active.Add(-1);
        listener.Flush();
        active.Add(-1);
        listener.Flush();

        var totals = Documents().Where(d => d.TryGetProperty("jobs.active", out _)).Select(d => d.GetProperty("jobs.active").GetDouble());
        Assert.Equal([2.0, 1.0], totals);
    }

    [Fact]
    public void Histogram_values_are_reported_once_and_not_again_at_the_next_invocation()
    {
        using var listener = Listener();
        var histogram = _meter.CreateHistogram<double>("db.duration", "s");
        histogram.Record(0.5);
        listener.Flush();
        listener.Flush();

        var documents = Documents().Where(d => d.TryGetProperty("db.duration", out _)).ToList();
        Assert.Single(documents);
        Assert.Equal("Seconds", documents[0].GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics")[0].GetProperty("Unit").GetString());
    }
}
