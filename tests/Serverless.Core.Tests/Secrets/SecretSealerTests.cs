using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Core.Secrets;

namespace Serverless.Core.Tests.Secrets;

public sealed class SecretSealerTests
{
    private const string Purpose = "budget_webhook";
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private static readonly Guid Tenant = Guid.NewGuid();

    private static SecretSealer Sealer(string key, string? previous = null) => new(new SecretsAtRestOptions { Key = key, PreviousKey = previous });

    [Fact]
    public void A_sealed_secret_opens_to_itself_and_never_shows_it()
    {
        var sealer = Sealer(KeyA);

        var stored = sealer.Seal("whsec_0123456789abcdef", Purpose, Tenant);

        Assert.StartsWith(SecretSealer.Prefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", stored, StringComparison.Ordinal);
        Assert.Equal("whsec_0123456789abcdef", sealer.Open(stored, Purpose, Tenant));
        Assert.Equal(SealState.Current, sealer.StateOf(stored));
    }

    [Fact]
    public void The_same_secret_sealed_twice_looks_different()
    {
        var sealer = Sealer(KeyA);

        Assert.NotEqual(sealer.Seal("s3cret-value", Purpose, Tenant), sealer.Seal("s3cret-value", Purpose, Tenant));
    }

    [Fact]
    public void A_sealed_secret_does_not_open_for_another_tenant_or_purpose()
    {
        var sealer = Sealer(KeyA);
        var stored = sealer.Seal("s3cret-value", Purpose, Tenant);

        Assert.Throws<SecretNotOpenedException>(() => sealer.Open(stored, Purpose, Guid.NewGuid()));
        Assert.Throws<SecretNotOpenedException>(() => sealer.Open(stored, "other_purpose", Tenant));
    }

    [Fact]
    public void An_altered_sealed_secret_does_not_open()
    {
        var sealer = Sealer(KeyA);
        var stored = sealer.Seal("s3cret-value", Purpose, Tenant);
        // A character inside the ciphertext (the last one may carry only padding bits).
        var at = stored.Length - 10;
        var altered = stored[..at] + (stored[at] == 'A' ? 'B' : 'A') + stored[(at + 1)..];

        Assert.Throws<SecretNotOpenedException>(() => sealer.Open(altered, Purpose, Tenant));
        Assert.Throws<SecretNotOpenedException>(() => sealer.Open(SecretSealer.Prefix + "0011aabb:AAAA", Purpose, Tenant));
    }

    [Fact]
    public void After_a_rotation_the_previous_key_still_opens_and_is_reported_as_previous()
    {
        var before = Sealer(KeyA).Seal("s3cret-value", Purpose, Tenant);
        var rotated = Sealer(KeyB, previous: KeyA);

        Assert.Equal("s3cret-value", rotated.Open(before, Purpose, Tenant));
        Assert.Equal(SealState.Previous, rotated.StateOf(before));
        Assert.Equal(SealState.Current, rotated.StateOf(rotated.Seal("s3cret-value", Purpose, Tenant)));
    }

    [Fact]
    public void A_key_this_instance_does_not_hold_is_named_as_the_reason()
    {
        var stored = Sealer(KeyA).Seal("s3cret-value", Purpose, Tenant);
        var other = Sealer(KeyB);

        var error = Assert.Throws<SecretNotOpenedException>(() => other.Open(stored, Purpose, Tenant));

        Assert.Contains("does not hold", error.Message, StringComparison.Ordinal);
        Assert.Equal(SealState.UnknownKey, other.StateOf(stored));
    }

    [Fact]
    public void A_value_written_before_sealing_reads_as_it_is_and_is_reported_plain()
    {
        var sealer = Sealer(KeyA);

        Assert.Equal("whsec_legacy", sealer.Open("whsec_legacy", Purpose, Tenant));
        Assert.Equal(SealState.Plain, sealer.StateOf("whsec_legacy"));
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Sealer(Convert.ToBase64String(new byte[16])));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_the_published_development_key_fails_start_up(string environment)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(environment, SecretsAtRestOptions.DevelopmentKey));

        Assert.Contains("SecretsAtRest__KeyParameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_start_up_fails_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate("Development", null));

        Assert.Contains("SecretsAtRest:Key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_Development_the_development_key_is_accepted_and_elsewhere_a_real_key()
    {
        Validate("Development", SecretsAtRestOptions.DevelopmentKey);
        Validate("Production", KeyA);
    }

    private static void Validate(string environment, string? key)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ContentRootPath = Path.GetTempPath(),
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SecretsAtRest:Key"] = key });
        builder.Services.AddSecretsAtRest();
        using var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(host.Services.GetRequiredService<SecretSealer>());
    }
}
