using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Core.Configuration;

namespace Serverless.Core.Tests.Configuration;

/// <summary>
/// AddClosedOptions registers the options services for one type by factories (so a Native AOT image need not build
/// them at run time) and must behave exactly as AddOptions: configured, validated, cached, and validated on start.
/// </summary>
public sealed class ClosedOptionsExtensionsTests
{
    [Fact]
    public void Every_options_service_is_registered_for_the_closed_type()
    {
        var services = new ServiceCollection();

        services.AddClosedOptions<Sample>();

        Assert.Contains(services, d => d.ServiceType == typeof(IOptions<Sample>) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Contains(services, d => d.ServiceType == typeof(IOptionsMonitor<Sample>) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Contains(services, d => d.ServiceType == typeof(IOptionsMonitorCache<Sample>) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Contains(services, d => d.ServiceType == typeof(IOptionsSnapshot<Sample>) && d.Lifetime == ServiceLifetime.Scoped);
        Assert.Contains(services, d => d.ServiceType == typeof(IOptionsFactory<Sample>) && d.Lifetime == ServiceLifetime.Transient);
    }

    [Fact]
    public void Options_are_configured_post_configured_and_built_once()
    {
        var built = 0;
        var services = new ServiceCollection();
        services.AddClosedOptions<Sample>().Configure(o =>
        {
            built++;
            o.Name = "configured";
        }).PostConfigure(o => o.Name += " and post-configured");
        using var provider = services.BuildServiceProvider();

        var value = provider.GetRequiredService<IOptions<Sample>>().Value;

        Assert.Equal("configured and post-configured", value.Name);
        Assert.Same(value, provider.GetRequiredService<IOptions<Sample>>().Value);
        var monitor = provider.GetRequiredService<IOptionsMonitor<Sample>>();
        Assert.Equal("configured and post-configured", monitor.CurrentValue.Name);
        Assert.Same(monitor.CurrentValue, monitor.Get(Options.DefaultName));
        // As with AddOptions: the builder configures the default name only; IOptions<T> and the monitor
        // cache apart (each built once).
        Assert.Equal("", monitor.Get("other").Name);
        Assert.Equal(2, built);
    }

    [Fact]
    public void A_snapshot_is_built_once_per_scope()
    {
        var services = new ServiceCollection();
        services.AddClosedOptions<Sample>().Configure(o => o.Name = "x");
        using var provider = services.BuildServiceProvider();
        using var first = provider.CreateScope();
        using var second = provider.CreateScope();

        var a = first.ServiceProvider.GetRequiredService<IOptionsSnapshot<Sample>>().Value;

        Assert.Same(a, first.ServiceProvider.GetRequiredService<IOptionsSnapshot<Sample>>().Value);
        Assert.NotSame(a, second.ServiceProvider.GetRequiredService<IOptionsSnapshot<Sample>>().Value);
    }

    [Fact]
    public void An_invalid_value_fails_validation_with_its_message()
    {
        var services = new ServiceCollection();
        services.AddClosedOptions<Sample>().Validate(o => o.Name.Length > 0, "Sample:Name is required.");
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<Sample>>().Value);

        Assert.Contains("Sample:Name is required.", failure.Failures);
    }

    [Fact]
    public void ValidateOnStart_still_fails_the_start_up_validator()
    {
        var services = new ServiceCollection();
        services.AddClosedOptions<Sample>().Validate(o => o.Name.Length > 0, "Sample:Name is required.").ValidateOnStart();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Sample:Name is required.", failure.Failures);
    }

    [Fact]
    public void A_closed_registration_made_before_stays_and_one_made_after_wins()
    {
        var before = Options.Create(new Sample { Name = "before" });
        var after = Options.Create(new Sample { Name = "after" });
        var services = new ServiceCollection();
        services.AddSingleton(before);
        services.AddClosedOptions<Sample>().Configure(o => o.Name = "configured");
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(before, provider.GetRequiredService<IOptions<Sample>>());
        }

        services.AddSingleton(after);
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(after, provider.GetRequiredService<IOptions<Sample>>());
        }
    }

    [Fact]
    public void Calling_it_twice_registers_each_service_once()
    {
        var services = new ServiceCollection();

        services.AddClosedOptions<Sample>();
        services.AddClosedOptions<Sample>();

        Assert.Single(services, d => d.ServiceType == typeof(IOptionsMonitor<Sample>));
        Assert.Single(services, d => d.ServiceType == typeof(IOptions<Sample>));
    }

    public sealed class Sample
    {
        public string Name { get; set; } = "";
    }
}
